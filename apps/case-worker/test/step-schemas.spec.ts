import { CaseRefusal, CaseUpdateName, stepBodySchemas } from '@dibao/contracts';
import { AppException, FieldProblem, ZodBodyPipe } from '@dibao/platform';
import { CaseHarness, caseworker, investigation } from './case-harness';

// Issue 19: one schema per step. A bad step sent straight to Temporal (a workflow update, no case-api in front)
// is refused naming the same field and rule, in the same words, as case-api's 400 for the same body.
jest.setTimeout(60_000);

let h: CaseHarness;
beforeAll(async () => {
  h = await CaseHarness.start();
}, 600_000);
afterAll(async () => {
  await h?.stop();
});

/** What case-api answers for this body: its step's ZodBodyPipe, the 400's problems. */
function edgeProblems(step: CaseUpdateName, body: object): FieldProblem[] {
  try {
    new ZodBodyPipe(stepBodySchemas[step]).transform(body);
  } catch (e) {
    if (e instanceof AppException && e.status === 400) return e.errors ?? [];
    throw e;
  }
  return [];
}

describe('a bad step straight to the workflow is refused as at the edge', () => {
  it('names the same field and rule as case-api, and records nothing', async () => {
    const c = await h.submit();
    await c.step('acceptApplication', { actor: caseworker });
    const { actor, ...good } = investigation();
    const bad: [CaseUpdateName, object][] = [
      ['recordInvestigation', { ...good, investigators: ['only-one'] }],
      ['recordInvestigation', { ...good, investigators: ['inv-a', 'inv-a'] }],
      ['recordInvestigation', { ...good, incomes: [{ category: 'wages', amount: 100.5, period: 'monthly', memberId: 'm1' }] }],
      ['recordInvestigation', { ...good, incomes: [{ category: 'wages', amount: 100, period: 'monthly', memberId: 'm9' }] }],
      ['recordInvestigation', { ...good, assets: { ...good.assets, motorVehicles: -1 } }],
      ['recordInvestigation', { ...good, dataCheck: { result: 'maybe' } }],
      ['startInvestigation', { startedOn: '2026-02-30' }],
      ['startDataCheck', { reference: '   ' }],
      ['contestDataCheck', { evidence: 'x', extra: true }],
    ];
    const before = await c.state();
    for (const [step, body] of bad) {
      const [edge] = edgeProblems(step, body);
      expect(edge).toBeDefined();
      const refusal = await c.refused(step, { ...body, actor, correlationId: 'corr-1' });
      expect({ step, type: refusal.type, field: refusal.details.field, rule: refusal.details.rule, message: refusal.message }).toEqual({
        step,
        type: CaseRefusal.InvalidStep,
        field: edge.field,
        rule: edge.rule,
        message: edge.message,
      });
    }
    // The first, as issue 19 names it: one investigator.
    expect(edgeProblems('recordInvestigation', bad[0][1])[0]).toMatchObject({ field: 'investigators', rule: 'arrayMinSize' });
    expect(await c.state()).toEqual(before);
  });
});
