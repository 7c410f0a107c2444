import * as domain from './index';

describe('the @dibao/domain barrel', () => {
  it.each([
    'DomainError',
    'fen',
    'parseYuan',
    'mulDiv',
    'localDate',
    'checkResidentId',
    'maskResidentId',
    'createWorkingDayCalendar',
    'HOLIDAY_SCHEDULES',
    'valueAt',
    'DEFAULT_POLICY',
    'policyAt',
    'paymentPeriod',
    'firstPeriodAfterApproval',
    'perCapitaMonthlyIncome',
    'calculateHouseholdAmount',
    'isEligible',
    'mayApplyAlone',
    'checkTransition',
    'stageDeadline',
    'overallDeadline',
    'decideAppraisal',
    'nextReviewDue',
    'reviewCadenceOf',
    'policyWithStandard',
    'assetLimitProblems',
    'jobOfferSanction',
    'startOfLocalDay',
  ])('exports %s', (name) => {
    expect((domain as Record<string, unknown>)[name]).toBeDefined();
  });
});
