import { AppraisalPolicy, DEFAULT_POLICY, DibaoPolicy, localDate } from '@dibao/domain';
import type { CaseSettings } from '@dibao/contracts';

export interface CaseSettingsOverrides {
  PUBLICITY_DAYS?: number;
  PUBLICITY_DURATION_MS?: number;
  APPRAISAL_POLICY?: AppraisalPolicy;
  MISSING_HOLIDAY_YEAR?: 'throw' | 'weekends-only';
}

/** Overrides replace a rule's whole history: they are the county's setting for every date. */
const ALWAYS = localDate('1949-10-01');

/** The settings every new case starts with: the domain's default policy with the worker's overrides. */
export function caseSettings(overrides: CaseSettingsOverrides, base: DibaoPolicy = DEFAULT_POLICY): CaseSettings {
  const policy: DibaoPolicy = {
    ...base,
    ...(overrides.PUBLICITY_DAYS ? { publicityCalendarDays: [{ effectiveFrom: ALWAYS, value: overrides.PUBLICITY_DAYS }] } : {}),
    ...(overrides.APPRAISAL_POLICY ? { appraisalPolicy: [{ effectiveFrom: ALWAYS, value: overrides.APPRAISAL_POLICY }] } : {}),
  };
  return {
    policy,
    ...(overrides.PUBLICITY_DURATION_MS ? { publicityDurationMs: overrides.PUBLICITY_DURATION_MS } : {}),
    missingHolidayYear: overrides.MISSING_HOLIDAY_YEAR ?? 'weekends-only',
  };
}
