import { DomainErrorCode } from './domain-error';
import { localDate } from './local-date';
import { yuan } from './money';
import { assertValidPolicy, bandProblems, DEFAULT_POLICY, DibaoPolicy, policyAt, ruleAt, standardAt } from './policy';
import { ratio } from './ratio';
import { errorCode, thrownDomainError } from './test/domain-error.helper';

const d = localDate;

describe('DEFAULT_POLICY', () => {
  it('is valid', () => {
    expect(() => assertValidPolicy(DEFAULT_POLICY)).not.toThrow();
  });

  it('holds the numbers of DOMAIN.md', () => {
    const rules = policyAt(DEFAULT_POLICY, d('2026-03-06'));
    expect(rules).toMatchObject({
      urbanStandardMonthly: yuan(150),
      ruralStandardAnnual: yuan(4200),
      investigationStartWorkingDays: 3,
      dataCheckStartWorkingDays: 3,
      appraisalWithinWorkingDays: 5,
      publicityCalendarDays: 7,
      countyApprovalWorkingDays: 10,
      rejectionNoticeWorkingDays: 3,
      overallWorkingDays: 30,
      overallExtendedWorkingDays: 45,
      appraisalPolicy: 'every-case',
      appraisalRepresentativeShare: ratio(2, 3),
      appraisalPassShare: ratio(1, 2),
      applyAloneIncomeMultiple: ratio(3, 2),
      stableReviewIntervalMonths: 12,
      irregularReviewIntervalMonths: 6,
      gradualExitMaxMonths: 6,
      deathReviewWithinMonths: 3,
      rounding: 'HALF_UP',
      amountMethod: 'differential',
    });
  });

  it('has no standard before its first effective date', () => {
    expect(errorCode(() => policyAt(DEFAULT_POLICY, d('2021-12-31')))).toBe(DomainErrorCode.NoEffectiveValue);
    expect(ruleAt(DEFAULT_POLICY, 'overallWorkingDays', d('2021-12-31'))).toBe(30);
  });
});

describe('standardAt', () => {
  const raised: DibaoPolicy = {
    ...DEFAULT_POLICY,
    urbanStandardMonthly: [
      { effectiveFrom: d('2022-01-01'), value: yuan(150) },
      { effectiveFrom: d('2026-07-01'), value: yuan(180) },
    ],
  };

  it('follows the effective date (提标)', () => {
    expect(standardAt(raised, 'urban', d('2026-06-30'))).toBe(yuan(150));
    expect(standardAt(raised, 'urban', d('2026-07-01'))).toBe(yuan(180));
    expect(standardAt(raised, 'rural', d('2026-07-01'))).toBe(yuan(4200));
  });
});

describe('assertValidPolicy', () => {
  it('lists every problem', () => {
    const broken: DibaoPolicy = {
      ...DEFAULT_POLICY,
      overallWorkingDays: [],
      amountBands: [{ effectiveFrom: d('2021-07-01'), value: { urban: [{ minGap: yuan(0), amountPerPerson: yuan(-1) }], rural: [] } }],
    };
    const error = thrownDomainError(() => assertValidPolicy(broken));
    expect(error.code).toBe(DomainErrorCode.InvalidPolicy);
    expect(error.details?.['problems']).toEqual([
      'overallWorkingDays has no values',
      'amountBands urban from 2021-07-01: minGap 0 must be positive',
      'amountBands urban from 2021-07-01: amountPerPerson -100 must not be negative',
    ]);
  });

  it('refuses two bands starting at the same gap', () => {
    const band = { minGap: yuan(10), amountPerPerson: yuan(50) };
    expect(bandProblems([band, band])).toEqual(['two bands start at 1000']);
  });
});
