import { localDate } from './local-date';
import { DEFAULT_POLICY, DibaoPolicy } from './policy';
import { HOLIDAY_SCHEDULES } from './holiday-calendar.data';
import {
  calendarPeriodEndsAt,
  dataCheckStartDeadline,
  dataCheckStartDeadlineDue,
  investigationStartDeadlineDue,
  overallDeadlineDue,
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

describe('deadlines to start, and periods that end at the end of their last day (issue 18 item 4)', () => {
  const provisional = createWorkingDayCalendar(HOLIDAY_SCHEDULES, { missingYear: 'provisional' });

  it('A art. 15: the investigation starts within 3 working days of acceptance, counted from a paper acceptedOn', () => {
    // A paper application accepted on Friday 2026-11-20 and recorded on 2026-12-04: by hand Monday 23, Tuesday
    // 24, Wednesday 25 November. Counting from the day it was recorded would give Wednesday 9 December.
    expect(investigationStartDeadlineDue(d('2026-11-20'), DEFAULT_POLICY, provisional)).toEqual({
      dueOn: '2026-11-25',
      provisional: false,
      missingYears: [],
    });
    // Friday 6 March 2026 → Monday 9, Tuesday 10, Wednesday 11 March.
    expect(investigationStartDeadlineDue(d('2026-03-06'), DEFAULT_POLICY, provisional).dueOn).toBe('2026-03-11');
  });

  it('A art. 17: the county starts the data check within 3 working days of acceptance', () => {
    // Friday 13 February 2026: Saturday 14 is worked (调休) = 1, the Spring Festival 15–23 is off, Tuesday 24 = 2,
    // Wednesday 25 = 3.
    expect(dataCheckStartDeadlineDue(d('2026-02-13'), DEFAULT_POLICY, provisional).dueOn).toBe('2026-02-25');
    // Accepted Wednesday 2026-12-30: Thursday 31 = 1, Friday 1 January 2027 off (New Year, fixed date), Monday 4 = 2,
    // Tuesday 5 January = 3, provisional because 2027 has no schedule.
    expect(dataCheckStartDeadlineDue(d('2026-12-30'), DEFAULT_POLICY, provisional)).toEqual({
      dueOn: '2027-01-05',
      provisional: true,
      missingYears: [2027],
    });
  });

  it('A art. 22 with a provisional year: accepted 2026-12-04 → 2027-01-18 (not 2027-01-15)', () => {
    // Worked in working-day-calendar.spec.ts: 19 working days in December, 1 January off, 11 in January.
    expect(overallDeadlineDue(d('2026-12-04'), false, DEFAULT_POLICY, provisional)).toMatchObject({ dueOn: '2027-01-18', provisional: true });
  });

  it('publicity (7 calendar days) ends at 24:00 China time of the 7th day, not 168 hours after it began', () => {
    // Posted Monday 2026-03-02 at 10:00 China time: the day of posting is not counted (Civil Code art. 201), the
    // 7 days are 3–9 March, the period ends at 24:00 on 9 March = 2026-03-10 00:00 +08:00 = 2026-03-09T16:00Z.
    // 168 hours would end it at 10:00 on 9 March, 14 hours early.
    const expected = Date.parse('2026-03-10T00:00:00+08:00');
    expect(new Date(expected).toISOString()).toBe('2026-03-09T16:00:00.000Z');
    expect(calendarPeriodEndsAt(Date.parse('2026-03-02T10:00:00+08:00'), 7)).toBe(expected);
    // Posted a minute before midnight: the same end. Posted at midnight: one day later.
    expect(calendarPeriodEndsAt(Date.parse('2026-03-02T23:59:00+08:00'), 7)).toBe(expected);
    expect(calendarPeriodEndsAt(Date.parse('2026-03-03T00:00:00+08:00'), 7)).toBe(Date.parse('2026-03-11T00:00:00+08:00'));
  });
});
