import { DEFAULT_POLICY, localDate, ruleAt } from '@dibao/domain';
import { caseSettings } from './case-settings';

describe('caseSettings', () => {
  it('is the domain default policy without overrides', () => {
    const s = caseSettings({});
    expect(s.policy).toEqual(DEFAULT_POLICY);
    expect(s.publicityDurationMs).toBeUndefined();
    expect(s.missingHolidayYear).toBe('provisional');
  });

  it('applies PUBLICITY_DAYS, PUBLICITY_DURATION_MS and APPRAISAL_POLICY for every date', () => {
    const s = caseSettings({ PUBLICITY_DAYS: 5, PUBLICITY_DURATION_MS: 3000, APPRAISAL_POLICY: 'after-objection' });
    expect(ruleAt(s.policy, 'publicityCalendarDays', localDate('2026-11-30'))).toBe(5);
    expect(ruleAt(s.policy, 'appraisalPolicy', localDate('2026-11-30'))).toBe('after-objection');
    expect(s.publicityDurationMs).toBe(3000);
    expect(ruleAt(s.policy, 'overallWorkingDays', localDate('2026-11-30'))).toBe(30);
  });
});
