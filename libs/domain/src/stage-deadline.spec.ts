import { localDate } from './local-date';
import { DEFAULT_POLICY, DibaoPolicy } from './policy';
import {
  dataCheckStartDeadline,
  overallDeadline,
  rejectionNoticeDeadline,
  stageDeadline,
  stageDeadlineRule,
} from './stage-deadline';
import { policyWith } from './test/household.factory';
import { createWorkingDayCalendar } from './working-day-calendar';

const d = localDate;
const calendar = createWorkingDayCalendar();

describe('stageDeadline', () => {
  it.each([
    // Investigation starts within 3 working days of acceptance on Friday 6 March.
    ['investigation', '2026-03-06', '2026-03-11'],
    // Appraisal within 5 working days of the investigation.
    ['appraisal', '2026-03-11', '2026-03-18'],
    // Publicity: 7 calendar days, not extended by the National Day holiday.
    ['publicity', '2026-03-18', '2026-03-25'],
    ['publicity', '2026-09-30', '2026-10-07'],
    // County approval: 10 working days across National Day, with Saturday 10 October worked.
    ['county_approval', '2026-09-28', '2026-10-16'],
  ] as const)('%s entered on %s is due on %s', (stage, enteredOn, due) => {
    expect(stageDeadline(stage, d(enteredOn), DEFAULT_POLICY, calendar)).toBe(due);
  });

  it('describes how each deadline is counted', () => {
    expect(stageDeadlineRule('investigation', DEFAULT_POLICY, d('2026-03-06'))).toEqual({
      stage: 'investigation',
      days: 3,
      basis: 'working_days',
      dueFor: 'start',
      internal: false,
    });
    expect(stageDeadlineRule('publicity', DEFAULT_POLICY, d('2026-03-06'))).toMatchObject({ days: 7, basis: 'calendar_days' });
  });

  it.each(['application', 'township_review', 'approved', 'rejected', 'withdrawn'] as const)(
    'gives %s no deadline by default',
    (stage) => {
      expect(stageDeadline(stage, d('2026-03-06'), DEFAULT_POLICY, calendar)).toBeUndefined();
    },
  );

  it('uses an internal target where the county sets one', () => {
    const policy = policyWith(DEFAULT_POLICY, { internalSlaWorkingDays: { township_review: 5 } });
    expect(stageDeadline('township_review', d('2026-03-06'), policy, calendar)).toBe('2026-03-13');
    expect(stageDeadlineRule('township_review', policy, d('2026-03-06'))?.internal).toBe(true);
    expect(stageDeadline('application', d('2026-03-06'), policy, calendar)).toBeUndefined();
  });

  it('uses the rule in force on the day the stage was entered', () => {
    const changed: DibaoPolicy = {
      ...DEFAULT_POLICY,
      countyApprovalWorkingDays: [
        { effectiveFrom: d('2021-07-01'), value: 10 },
        { effectiveFrom: d('2026-06-01'), value: 15 },
      ],
    };
    expect(stageDeadline('county_approval', d('2026-05-29'), changed, calendar)).toBe('2026-06-12');
    // 15 working days from Monday 1 June skip the Dragon Boat Festival (Friday 19 June).
    expect(stageDeadline('county_approval', d('2026-06-01'), changed, calendar)).toBe('2026-06-23');
  });
});

describe('overall and notice deadlines', () => {
  it('allows 30 working days from acceptance, 45 when extended (A art. 22)', () => {
    // Accepted Monday 2 March 2026; Qingming (6 April) and Labour Day (1–5 May) are skipped.
    expect(overallDeadline(d('2026-03-02'), false, DEFAULT_POLICY, calendar)).toBe('2026-04-14');
    expect(overallDeadline(d('2026-03-02'), true, DEFAULT_POLICY, calendar)).toBe('2026-05-08');
  });

  it('starts the data check within 3 working days', () => {
    expect(dataCheckStartDeadline(d('2026-02-13'), DEFAULT_POLICY, calendar)).toBe('2026-02-25');
  });

  it('notifies a rejection within 3 working days (A art. 21)', () => {
    expect(rejectionNoticeDeadline(d('2026-04-30'), DEFAULT_POLICY, calendar)).toBe('2026-05-08');
  });
});
