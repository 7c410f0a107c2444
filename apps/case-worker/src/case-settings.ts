import { AppraisalPolicy, DEFAULT_POLICY, DibaoPolicy, HOLIDAY_SCHEDULES, HolidaySchedule, localDate, MissingHolidayYear } from '@dibao/domain';
import { BeneficiarySettings, CaseSettings, DEFAULT_BENEFICIARY_SETTINGS } from '@dibao/contracts';

export interface CaseSettingsOverrides {
  PUBLICITY_DAYS?: number;
  PUBLICITY_DURATION_MS?: number;
  APPRAISAL_POLICY?: AppraisalPolicy;
  MISSING_HOLIDAY_YEAR?: MissingHolidayYear;
  BENEFICIARY_STABLE_REVIEW_MONTHS?: number;
  BENEFICIARY_IRREGULAR_REVIEW_MONTHS?: number;
  BENEFICIARY_DEATH_REVIEW_MONTHS?: number;
  BENEFICIARY_GRADUAL_EXIT_MONTHS?: number;
  BENEFICIARY_REVIEW_WINDOW_DAYS?: number;
  BENEFICIARY_SPECIAL_REVIEW_DAYS?: number;
  BENEFICIARY_REAPPRAISAL_INTERVAL_DAYS?: number;
  BENEFICIARY_MAX_HISTORY_EVENTS?: number;
  JOB_OFFER_REFUSAL_LIMIT?: number;
}

/** Overrides replace a rule's whole history: they are the county's setting for every date. */
const ALWAYS = localDate('1949-10-01');

function always<T>(value: T | undefined) {
  return value === undefined ? undefined : [{ effectiveFrom: ALWAYS, value }];
}

/**
 * The settings every new case starts with: the domain's default policy with the worker's overrides, and the
 * numbers of dynamic management the approved household's beneficiary workflow gets in its input.
 */
export function caseSettings(
  overrides: CaseSettingsOverrides,
  base: DibaoPolicy = DEFAULT_POLICY,
  holidaySchedules: readonly HolidaySchedule[] = HOLIDAY_SCHEDULES,
): CaseSettings {
  const rules: Partial<DibaoPolicy> = {
    publicityCalendarDays: always(overrides.PUBLICITY_DAYS),
    appraisalPolicy: always(overrides.APPRAISAL_POLICY),
    stableReviewIntervalMonths: always(overrides.BENEFICIARY_STABLE_REVIEW_MONTHS),
    irregularReviewIntervalMonths: always(overrides.BENEFICIARY_IRREGULAR_REVIEW_MONTHS),
    deathReviewWithinMonths: always(overrides.BENEFICIARY_DEATH_REVIEW_MONTHS),
    jobOfferRefusalLimit: always(overrides.JOB_OFFER_REFUSAL_LIMIT),
  };
  const policy: DibaoPolicy = { ...base };
  for (const [rule, history] of Object.entries(rules)) if (history) Object.assign(policy, { [rule]: history });
  const beneficiary: BeneficiarySettings = {
    reviewWindowDays: overrides.BENEFICIARY_REVIEW_WINDOW_DAYS ?? DEFAULT_BENEFICIARY_SETTINGS.reviewWindowDays,
    specialReviewDays: overrides.BENEFICIARY_SPECIAL_REVIEW_DAYS ?? DEFAULT_BENEFICIARY_SETTINGS.specialReviewDays,
    gradualExitMonths: overrides.BENEFICIARY_GRADUAL_EXIT_MONTHS ?? DEFAULT_BENEFICIARY_SETTINGS.gradualExitMonths,
    reappraisalIntervalDays: overrides.BENEFICIARY_REAPPRAISAL_INTERVAL_DAYS ?? DEFAULT_BENEFICIARY_SETTINGS.reappraisalIntervalDays,
    maxHistoryEvents: overrides.BENEFICIARY_MAX_HISTORY_EVENTS ?? DEFAULT_BENEFICIARY_SETTINGS.maxHistoryEvents,
  };
  return {
    policy,
    ...(overrides.PUBLICITY_DURATION_MS ? { publicityDurationMs: overrides.PUBLICITY_DURATION_MS } : {}),
    // The case counts with these schedules (they travel in its settings, so into its history), never with data
    // bundled into the workflow code; a year not here is counted provisionally and shown as missing.
    holidaySchedules: holidaySchedules.map((s) => ({ ...s, holidays: [...s.holidays], makeUpWorkdays: [...s.makeUpWorkdays] })),
    missingHolidayYear: overrides.MISSING_HOLIDAY_YEAR ?? 'provisional',
    beneficiary,
  };
}
