import { randomUUID } from 'crypto';
import { Consumer, Kafka, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';
import { EventEnvelope, Topics } from '@dibao/contracts';
import { residentIdCheckCharacter } from '@dibao/domain';
import { eventually, testStack } from '@dibao/platform/testing';
import { call, startSystem, System } from './support/system';

/** A valid resident ID number (GB 11643 check digit) for a test person. */
function residentId(seq: number, birth = '19650412'): string {
  const first17 = `520102${birth}${String(100 + seq).slice(-3)}`;
  return first17 + residentIdCheckCharacter(first17);
}

/**
 * The walking skeleton: the real pieces work together. A caseworker's POST on case-api starts a case workflow on
 * the real Temporal server; an activity records case.submitted in the outbox; the relay publishes it to the real
 * Kafka; the households service consumes it and writes to its real PostgreSQL database. A redelivery changes nothing.
 */
describe('walking skeleton: case-api → Temporal → outbox → Kafka → households', () => {
  let system: System;
  let kafka: Kafka;
  let reader: Consumer;
  let householdsDb: DataSource;
  const seen: { envelope: EventEnvelope; partition: number; offset: string; raw: Buffer }[] = [];

  beforeAll(async () => {
    system = await startSystem();
    householdsDb = new DataSource({ type: 'postgres', url: system.databaseUrl('households') });
    await householdsDb.initialize();
    kafka = new Kafka({ clientId: 'e2e', brokers: testStack.kafkaBrokers, logLevel: logLevel.NOTHING });
    reader = kafka.consumer({ groupId: `e2e-reader-${randomUUID()}` });
    await reader.connect();
    await reader.subscribe({ topic: Topics.cases, fromBeginning: false });
    const joined = new Promise<void>((resolve) => reader.on(reader.events.GROUP_JOIN, () => resolve()));
    await reader.run({
      eachMessage: async ({ partition, message }) => {
        try {
          seen.push({ envelope: JSON.parse(String(message.value)), partition, offset: message.offset, raw: message.value! });
        } catch {
          // not an envelope: someone else's test message
        }
      },
    });
    await joined;
  });

  afterAll(async () => {
    await reader?.disconnect();
    await householdsDb?.destroy();
    await system?.stop();
  });

  const caseworker = () => system.token('caseworker', 'T01');

  async function registerHousehold(seq: number): Promise<string> {
    const res = await call('POST', `${system.url('households')}/api/v1/households`, caseworker(), {
      hukou: 'non_agricultural',
      township: 'T01',
      village: '城关社区',
      address: '城关镇解放路8号',
      ledgerNo: `E2E-${seq}`,
      members: [
        { name: '张建国', residentId: residentId(seq), relation: 'head', workAbility: 'partial', incomes: [{ category: 'wages', amountFen: 30000, period: 'monthly' }] },
        { name: '张小燕', residentId: residentId(seq + 1, '20100301'), relation: 'child', workAbility: 'none' },
      ],
      account: { kind: 'bank', institution: '县农商银行', number: '6228480012345678901', holderName: '张建国' },
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  const caseBody = (householdId: string) => ({
    householdId,
    scheme: 'urban',
    township: 'T01',
    applicant: { kind: 'head' },
    claimedMonthlyIncomeFen: 30000,
  });

  it('refuses a request without a token (401), of the wrong role (403) and with an invalid body (400 naming the field)', async () => {
    const url = `${system.url('case-api')}/api/v1/cases`;
    const householdId = randomUUID();

    const anonymous = await call('POST', url, undefined, caseBody(householdId));
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ status: 401, code: 'unauthorized' });

    const finance = await call('POST', url, system.token('finance'), caseBody(householdId));
    expect(finance.status).toBe(403);
    expect(finance.body.detail).toContain('finance');

    const invalid = await call('POST', url, caseworker(), { ...caseBody(householdId), scheme: 'city', claimedMonthlyIncomeFen: -5 });
    expect(invalid.status).toBe(400);
    const fields = (invalid.body.errors as { field: string; rule: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['scheme', 'claimedMonthlyIncomeFen']));
  });

  it('carries a submitted case to the households database, once, however often the event is delivered', async () => {
    const householdId = await registerHousehold(1);

    const created = await call('POST', `${system.url('case-api')}/api/v1/cases`, caseworker(), caseBody(householdId));
    expect(created.status).toBe(201);
    const caseId = created.body.caseId as string;
    expect(caseId).toBeTruthy();

    // The event on the real Kafka, published by the outbox relay.
    const submitted = await eventually(async () => seen.find((m) => m.envelope.type === 'case.submitted' && (m.envelope.payload as { caseId: string }).caseId === caseId), 60000);
    expect(submitted.envelope).toMatchObject({ key: caseId, actor: { role: 'caseworker', township: 'T01' }, payload: { householdId, township: 'T01', scheme: 'urban' } });

    // The households service followed the case.
    const household = await eventually(async () => {
      const res = await call('GET', `${system.url('households')}/api/v1/households/${householdId}`, caseworker());
      return res.body.status === 'applicant' ? res.body : undefined;
    }, 60000);
    expect(household).toMatchObject({ id: householdId, status: 'applicant', openCaseId: caseId });
    const historyBefore = await householdsDb.query(`SELECT count(*)::int AS n FROM household_history WHERE household_id = $1`, [householdId]);

    // Deliver the very same message again, and wait until the households consumer is past it.
    const producer = kafka.producer();
    await producer.connect();
    const [written] = await producer.send({ topic: Topics.cases, messages: [{ key: caseId, value: submitted.raw }] });
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    try {
      await eventually(async () => {
        const [topic] = await admin.fetchOffsets({ groupId: `${system.groupPrefix}households`, topics: [Topics.cases] });
        const committed = topic!.partitions.find((p) => p.partition === written!.partition);
        return committed && BigInt(committed.offset) > BigInt(written!.baseOffset!);
      }, 30000);
    } finally {
      await admin.disconnect();
    }

    const inbox = await householdsDb.query(`SELECT count(*)::int AS n FROM inbox WHERE event_id = $1`, [submitted.envelope.eventId]);
    expect(inbox[0].n).toBe(1);
    const historyAfter = await householdsDb.query(`SELECT count(*)::int AS n FROM household_history WHERE household_id = $1`, [householdId]);
    expect(historyAfter[0].n).toBe(historyBefore[0].n);
    const again = await call('GET', `${system.url('households')}/api/v1/households/${householdId}`, caseworker());
    expect(again.body).toMatchObject({ status: 'applicant', openCaseId: caseId });
  });

  it('refuses to start the same case twice', async () => {
    const householdId = await registerHousehold(3);
    const first = await call('POST', `${system.url('case-api')}/api/v1/cases`, caseworker(), caseBody(householdId));
    expect(first.status).toBe(201);
    const second = await call('POST', `${system.url('case-api')}/api/v1/cases`, caseworker(), caseBody(householdId));
    expect(second.status).toBe(409);
  });
});
