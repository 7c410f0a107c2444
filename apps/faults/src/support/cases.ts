import { residentIdCheckCharacter } from '@dibao/domain';
import { eventually } from '@dibao/platform/testing';
import { call, FaultSystem } from './fault-system';

/** A valid resident ID number (GB 11643 check digit), unique per `seq` below 3,650,000. */
export function residentId(seq: number, bornAfter = Date.UTC(1960, 0, 1)): string {
  const birth = new Date(bornAfter + Math.floor(seq / 1000) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `520102${birth}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckCharacter(first17);
}

/** POST /households (a caseworker of the township): returns the HTTP answer. */
export function registerHousehold(system: FaultSystem, seq: number, township = 'T01') {
  return call('POST', `${system.url('households')}/api/v1/households`, system.token('caseworker', township), {
    hukou: 'non_agricultural',
    township,
    village: '城关社区',
    address: `城关镇解放路${seq}号`,
    ledgerNo: `FAULTS-${seq}`,
    members: [
      { name: '张建国', residentId: residentId(2 * seq), relation: 'head', workAbility: 'partial', incomes: [{ category: 'wages', amountFen: 10000, period: 'monthly' }] },
      { name: '张小燕', residentId: residentId(2 * seq + 1, Date.UTC(2010, 0, 1)), relation: 'child', workAbility: 'none' },
    ],
    account: { kind: 'bank', institution: '县农商银行', number: '6228480012345678901', holderName: '张建国' },
  });
}

/** POST /cases for a registered household (urban, its head applies); returns the HTTP answer. */
export function submitCase(system: FaultSystem, householdId: string, township = 'T01') {
  return call('POST', `${system.url('case-api')}/api/v1/cases`, system.token('caseworker', township), {
    householdId,
    scheme: 'urban',
    township,
    applicant: { kind: 'head' },
    claimedMonthlyIncomeFen: 10000,
  });
}

const tally = { attendees: 15, villagerRepresentatives: 10, representativesTotal: 12, approve: 10, reject: 3, abstain: 1, invalid: 1 };
const investigation = {
  investigators: ['inv-zhao', 'inv-qian'],
  members: [
    { id: 'm1', name: '张建国', ableToWork: true, hasLegalSupporter: false },
    { id: 'm2', name: '张小燕', ableToWork: false, hasLegalSupporter: false },
  ],
  incomes: [{ category: 'wages', amount: 10_000, period: 'monthly', memberId: 'm1' }],
  assets: { financialAssetsFen: 0, motorVehicles: 0, additionalDwellings: 0 },
  dataCheck: { result: 'passed' },
};
const todayInChina = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** GET /cases/{id} until it answers 200 with a stage for which `ok` holds; returns the case. */
export async function waitForStage(system: FaultSystem, caseId: string, ok: (stage: string) => boolean, timeoutMs = 60000, township = 'T01') {
  return eventually(async () => {
    const r = await call('GET', `${system.url('case-api')}/api/v1/cases/${caseId}`, system.token('township_reviewer', township));
    return r.status === 200 && ok(String(r.body.stage)) ? r.body : undefined;
  }, timeoutMs, 200);
}

/** A caseworker's steps from a submitted case to publicity: acceptance, investigation, appraisal. */
export async function stepsToPublicity(system: FaultSystem, caseId: string, township = 'T01'): Promise<void> {
  await waitForStage(system, caseId, (s) => s === 'application');
  const base = `${system.url('case-api')}/api/v1/cases/${caseId}`;
  const token = system.token('caseworker', township);
  for (const [step, body] of [
    ['acceptance', {}],
    ['investigation', investigation],
    ['appraisal', { meetingOn: todayInChina(), tally }],
  ] as const) {
    const r = await call('POST', `${base}/${step}`, token, body);
    if (r.status !== 200) throw new Error(`${step}: ${r.status} ${JSON.stringify(r.body)}`);
  }
}

/** Township review and county approval; returns the case after the last step. */
export async function stepsToApproval(system: FaultSystem, caseId: string, township = 'T01') {
  const base = `${system.url('case-api')}/api/v1/cases/${caseId}`;
  const review = await call('POST', `${base}/township-review`, system.token('township_reviewer', township), { decision: 'approve', opinion: 'eligible' });
  if (review.status !== 200) throw new Error(`township-review: ${review.status} ${JSON.stringify(review.body)}`);
  const decision = await call('POST', `${base}/county-decision`, system.token('county_approver'), { decision: 'approve', opinion: 'approved' });
  if (decision.status !== 200) throw new Error(`county-decision: ${decision.status} ${JSON.stringify(decision.body)}`);
  return decision.body;
}
