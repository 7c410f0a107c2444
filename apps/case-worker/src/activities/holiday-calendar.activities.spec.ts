import { HOLIDAY_SCHEDULES, localDate } from '@dibao/domain';
import { holidayCalendarHealthCheck, holidayCalendarStatus, OPEN_CASES_QUERY } from './holiday-calendar.activities';

describe('the holiday calendar status (issue 18 item 5: a missing year is loud)', () => {
  it('on 2026-12-04 with 2025–2026 loaded: 2027 is missing, named in the message; /health still passes', async () => {
    const status = holidayCalendarStatus(HOLIDAY_SCHEDULES, localDate('2026-12-04'));
    expect(status).toMatchObject({ loadedYears: [2025, 2026], currentYearMissing: false, nextYearMissing: true });
    expect(status.message).toMatch(/holiday schedule for 2027 not loaded/);
    await expect(holidayCalendarHealthCheck(() => HOLIDAY_SCHEDULES, () => Date.parse('2026-12-04T10:00:00+08:00'))()).resolves.toBeUndefined();
  });

  it('from 00:00 China time on 1 January 2027 without a 2027 schedule: /health fails, naming the year', async () => {
    // 2026-12-31T16:00Z is already 1 January 2027 in China.
    const check = holidayCalendarHealthCheck(() => HOLIDAY_SCHEDULES, () => Date.parse('2026-12-31T16:00:00Z'));
    await expect(check()).rejects.toThrow(/holiday schedule for 2027 and 2028 not loaded/);
  });

  it('says nothing when this year and next are loaded', () => {
    expect(holidayCalendarStatus(HOLIDAY_SCHEDULES, localDate('2025-06-01')).message).toBeUndefined();
  });

  it('lists only running application cases for the calendarChanged fan-out', () => {
    expect(OPEN_CASES_QUERY).toBe("WorkflowType = 'caseWorkflow' AND ExecutionStatus = 'Running' AND DibaoCaseKind = 'application'");
  });
});
