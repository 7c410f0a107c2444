import { schemaProblems } from './schema-kit';
import { stepBodySchemas, stepProblems, stepSchemas, submitApplicationSchema } from './step-schemas';

const actor = { id: 'cw-1', role: 'caseworker' as const, township: 'T01' };
const investigation = {
  investigators: ['inv-zhao', 'inv-qian'],
  members: [
    { id: 'm1', name: 'Zhang Wei', ableToWork: true, hasLegalSupporter: false },
    { id: 'm2', ableToWork: false, hasLegalSupporter: false },
  ],
  incomes: [{ category: 'wages', amount: 10000, period: 'monthly', memberId: 'm1' }],
  assets: { financialAssetsFen: 0, motorVehicles: 0, additionalDwellings: 0 },
  dataCheck: { result: 'passed' },
};
const { assets: _assets, dataCheck: _dataCheck, ...facts } = investigation;
const rules = (step: keyof typeof stepSchemas, input: unknown) => stepProblems(step, input).map((p) => [p.field, p.rule]);

describe('step schemas', () => {
  it('accept a well-formed step, with the actor and correlation id the workflow receives', () => {
    expect(stepProblems('recordInvestigation', { ...investigation, actor, correlationId: 'c-1' })).toEqual([]);
    expect(stepProblems('acceptApplication', { actor })).toEqual([]);
  });

  it('name the field and the rule of each problem, in the order of the schema', () => {
    expect(rules('recordInvestigation', { ...investigation, investigators: ['inv-zhao'] })).toEqual([['investigators', 'arrayMinSize']]);
    expect(rules('recordInvestigation', { ...investigation, investigators: ['inv-zhao', 'inv-zhao'] })).toEqual([['investigators', 'distinct']]);
    expect(rules('recordInvestigation', { ...investigation, investigators: ['inv-zhao', '　'] })).toEqual([['investigators[1]', 'isNotEmpty']]);
    expect(rules('recordInvestigation', { ...investigation, incomes: [{ ...investigation.incomes[0], memberId: 'm9' }] })).toEqual([['incomes[0].memberId', 'isMember']]);
    expect(rules('recordInvestigation', { ...investigation, incomes: [{ ...investigation.incomes[0], amount: 1.5 }] })).toEqual([['incomes[0].amount', 'isInt']]);
    expect(rules('recordInvestigation', { ...investigation, assets: { ...investigation.assets, motorVehicles: -1 } })).toEqual([['assets.motorVehicles', 'min']]);
    expect(rules('recordInvestigation', { ...investigation, dataCheck: { result: 'maybe' } })).toEqual([['dataCheck.result', 'isIn']]);
    expect(rules('recordInvestigation', { ...investigation, members: [] })).toEqual([['members', 'arrayMinSize']]);
    expect(rules('recordInvestigation', { ...investigation, assets: undefined })).toEqual([['assets', 'required']]);
    expect(rules('recordAppraisal', { meetingOn: '2026-02-30', tally: {} })[0]).toEqual(['meetingOn', 'isDate']);
    expect(rules('returnApplication', { missingMaterials: ['x'.repeat(501)] })).toEqual([['missingMaterials[0]', 'maxLength']]);
  });

  it('refuse a field the step does not have, but not the actor', () => {
    expect(rules('acceptApplication', { actor, township: 'T02' })).toEqual([['township', 'whitelistValidation']]);
    expect(rules('recordInvestigation', { ...investigation, assets: { ...investigation.assets, cars: 1 } })).toEqual([['assets.cars', 'whitelistValidation']]);
  });

  it('hold the rules that depend on another field', () => {
    expect(rules('townshipReview', { decision: 'approve' })).toEqual([['opinion', 'required']]);
    expect(rules('townshipReview', { decision: 'reject' })).toEqual([['reasons', 'required']]);
    expect(rules('townshipReview', { decision: 'reject', reasons: ['savings above the limit'] })).toEqual([]);
    expect(rules('countyDecision', { decision: 'approve', payee: { kind: 'proxy', proxyName: 'Wang Fang' } })).toEqual([['payee.entrustmentRef', 'required']]);
    expect(rules('countyDecision', { decision: 'approve', payee: { kind: 'cash' } })).toEqual([['payee.kind', 'isIn']]);
    expect(rules('recordReview', { ...facts, outcome: 'terminate', reason: 'moved away' })).toEqual([['notice', 'required']]);
    expect(rules('recordReview', { ...facts, outcome: 'keep', reason: 'same', gradualExitMonths: 3 })).toEqual([['gradualExitMonths', 'gradualExitOnly']]);
    expect(rules('recordJobOffer', { memberId: 'm1', offeredOn: '2027-03-02', offer: 'cleaning', response: 'accepted', goodReason: 'ill' })).toEqual([
      ['goodReason', 'refusalOnly'],
    ]);
  });

  it('a resolution takes its objection id from the path: the body has none, the step does', () => {
    expect(schemaProblems(stepBodySchemas.resolveObjection, { finding: 'unfounded', note: 'closed shop' })).toEqual([]);
    expect(rules('resolveObjection', { finding: 'unfounded', note: 'closed shop' })).toEqual([['objectionId', 'required']]);
  });

  it('an application: a proxy needs an entrustment, a separately registered one its relation', () => {
    const base = { householdId: 'h-1', scheme: 'urban', applicant: { kind: 'head' }, claimedMonthlyIncomeFen: 0 };
    expect(schemaProblems(submitApplicationSchema, base)).toEqual([]);
    const problems = (body: object) => schemaProblems(submitApplicationSchema, body).map((p) => [p.field, p.rule]);
    expect(problems({ ...base, applicant: { kind: 'proxy', proxyName: 'Wang Fang' } })).toEqual([['applicant.entrustmentRef', 'required']]);
    expect(problems({ ...base, registeredSeparately: true })).toEqual([['relatedStaff', 'required']]);
    expect(problems({ ...base, scheme: 'suburban', claimedMonthlyIncomeFen: -1 })).toEqual([
      ['scheme', 'isIn'],
      ['claimedMonthlyIncomeFen', 'min'],
    ]);
    expect(problems({ ...base, householdId: "h' OR 1=1" })).toEqual([['householdId', 'matches']]);
  });
});
