import { randomUUID } from 'crypto';
import { z } from 'zod';
import { buildEnvelope, defineEvent, EventRegistry } from './event-definition';
import { CaseApproved, CaseSubmitted, eventRegistry } from './events';
import { ALL_TOPICS, deadLetterTopic, Topics } from './topics';

const fields = () => ({
  eventId: randomUUID(),
  occurredAt: '2026-03-02T08:00:00.000+08:00',
  correlationId: 'corr-1',
  actor: { id: 'wang', role: 'caseworker' as const, township: 'T01' },
  key: 'case-1',
});

const submitted = {
  caseId: 'case-1',
  householdId: 'hh-1',
  township: 'T01',
  scheme: 'urban' as const,
  submittedOn: '2026-03-02',
  applicantKind: 'head' as const,
  claimedMonthlyIncomeFen: 12000,
  registeredSeparately: false,
};

describe('event contracts', () => {
  it('round-trips an envelope through the registry', () => {
    const env = buildEnvelope(CaseSubmitted, fields(), submitted);
    const parsed = eventRegistry.parse(JSON.stringify(env));
    expect(parsed).toMatchObject({ ok: true, envelope: env, definition: CaseSubmitted });
  });

  it('refuses to build an envelope whose payload breaks its schema', () => {
    expect(() => buildEnvelope(CaseSubmitted, fields(), { ...submitted, claimedMonthlyIncomeFen: 12.5 })).toThrow();
    expect(() =>
      buildEnvelope(CaseApproved, fields(), {
        ...submitted,
        approvedOn: '2026-03-20',
        monthlyAmountFen: 30000,
        persons: 2,
        startPeriod: '2026-13',
        payee: { kind: 'own-account' },
      } as never),
    ).toThrow(/YYYY-MM or YYYY-Qn/);
  });

  it('names what is wrong with a message it cannot accept', () => {
    expect(eventRegistry.parse('not json')).toEqual({ ok: false, reason: 'message is not valid JSON' });
    expect(eventRegistry.parse(null)).toEqual({ ok: false, reason: 'empty message' });
    const noActor = { ...buildEnvelope(CaseSubmitted, fields(), submitted), actor: undefined };
    expect(eventRegistry.parse(JSON.stringify(noActor))).toMatchObject({ ok: false, reason: expect.stringContaining('actor') });
    const unknown = { ...buildEnvelope(CaseSubmitted, fields(), submitted), type: 'case.teleported' };
    expect(eventRegistry.parse(JSON.stringify(unknown))).toMatchObject({ ok: false, reason: 'unknown event type case.teleported@1' });
    const badPayload = { ...buildEnvelope(CaseSubmitted, fields(), submitted), payload: { caseId: 'x' } };
    expect(eventRegistry.parse(JSON.stringify(badPayload))).toMatchObject({ ok: false, reason: expect.stringMatching(/^invalid case.submitted payload: householdId/) });
  });

  it("carries the person's name when the token had one (OIDC), and nothing else about the actor", () => {
    const named = buildEnvelope(CaseSubmitted, { ...fields(), actor: { id: 'u-17', role: 'caseworker', township: 'T01', name: '王芳' } }, submitted);
    expect(eventRegistry.parse(JSON.stringify(named))).toMatchObject({ ok: true });
    const extra = { ...named, actor: { ...named.actor, password: 'x' } };
    expect(eventRegistry.parse(JSON.stringify(extra)).ok).toBe(false);
  });

  it('refuses an envelope with unknown top-level fields', () => {
    const extra = { ...buildEnvelope(CaseSubmitted, fields(), submitted), secret: 1 };
    expect(eventRegistry.parse(JSON.stringify(extra)).ok).toBe(false);
  });

  it('refuses two definitions of the same type and version', () => {
    const def = defineEvent({ type: 'x.happened', version: 1, topic: Topics.cases, payload: z.object({}) });
    expect(() => new EventRegistry([def, def])).toThrow('x.happened@1 is defined twice');
  });

  it('puts every known event on a known topic, each with a dead-letter twin', () => {
    for (const def of eventRegistry.definitions()) expect(ALL_TOPICS).toContain(def.topic);
    expect(deadLetterTopic(Topics.payments)).toBe('dibao.payments.v1.dlq');
    expect(eventRegistry.typesOn(Topics.cases)).toEqual(expect.arrayContaining(['case.submitted', 'case.approved', 'case.stage-overdue']));
  });
});
