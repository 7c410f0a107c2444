/**
 * The State Council's annual holiday schedules (国务院办公厅关于X年部分节假日安排的通知), as data.
 * `holidays` are the days off (放假, ranges inclusive, weekend days inside a range included);
 * `makeUpWorkdays` are the weekend days that become working days (调休上班).
 * This is data, meant to be checked and extended by the county each November when the next notice
 * is published; the calendar refuses a year that is not listed here.
 */

export interface HolidayRange {
  /** The festival's name as in the notice. */
  readonly name: string;
  readonly from: string;
  readonly to: string;
}

export interface HolidaySchedule {
  readonly year: number;
  /** The notice the dates come from. */
  readonly source: string;
  readonly holidays: readonly HolidayRange[];
  readonly makeUpWorkdays: readonly string[];
}

/**
 * 2025: 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号, 2024-11-12), the first year
 * under the 2024 revision of 全国年节及纪念日放假办法 (New Year's Eve of the lunar calendar and 2 May added).
 */
const SCHEDULE_2025: HolidaySchedule = {
  year: 2025,
  source: '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，2024年11月12日）',
  holidays: [
    { name: '元旦', from: '2025-01-01', to: '2025-01-01' },
    { name: '春节', from: '2025-01-28', to: '2025-02-04' },
    { name: '清明节', from: '2025-04-04', to: '2025-04-06' },
    { name: '劳动节', from: '2025-05-01', to: '2025-05-05' },
    { name: '端午节', from: '2025-05-31', to: '2025-06-02' },
    { name: '国庆节、中秋节', from: '2025-10-01', to: '2025-10-08' },
  ],
  makeUpWorkdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
};

/** 2026: 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04, published by Xinhua the same day). */
const SCHEDULE_2026: HolidaySchedule = {
  year: 2026,
  source: '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）',
  holidays: [
    { name: '元旦', from: '2026-01-01', to: '2026-01-03' },
    { name: '春节', from: '2026-02-15', to: '2026-02-23' },
    { name: '清明节', from: '2026-04-04', to: '2026-04-06' },
    { name: '劳动节', from: '2026-05-01', to: '2026-05-05' },
    { name: '端午节', from: '2026-06-19', to: '2026-06-21' },
    { name: '中秋节', from: '2026-09-25', to: '2026-09-27' },
    { name: '国庆节', from: '2026-10-01', to: '2026-10-07' },
  ],
  makeUpWorkdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};

/**
 * The schedules as they were bundled into the case workflow before the calendar came through history. Frozen:
 * a case started before the `case-deadlines-v2` patch replays with exactly these (adding a year here would
 * change the deadlines such a replay computes). New years go into HOLIDAY_SCHEDULES (or, later, the county's table).
 */
export const BUNDLED_HOLIDAY_SCHEDULES_2025_2026: readonly HolidaySchedule[] = Object.freeze([SCHEDULE_2025, SCHEDULE_2026]);

/**
 * The worker's holiday data: what it hands each new case (through its settings, recorded in the case's history)
 * and what the `calendarChanged` signal carries to running cases. The one place a later `holiday_schedules`
 * table (loaded by the county administrator) replaces.
 */
export const HOLIDAY_SCHEDULES: readonly HolidaySchedule[] = [SCHEDULE_2025, SCHEDULE_2026];

/** A public holiday on the same Gregorian date every year. */
export interface FixedDateHoliday {
  readonly name: string;
  readonly month: number;
  readonly day: number;
}

/**
 * The days off that 全国年节及纪念日放假办法 (as revised on 2024-11-10, in force 2025-01-01, art. 2) fixes on the
 * Gregorian calendar: New Year's Day (1 January), Labour Day (1–2 May) and National Day (1–3 October). A year
 * without a State Council schedule counts these (and weekends) as days off, and its deadlines are marked
 * provisional. Not here, because they are not known before the State Council's notice: the lunar festivals
 * (Spring Festival, Dragon Boat, Mid-Autumn), Qingming (a solar term), the days moved for bridges and the
 * weekend days worked instead (调休).
 */
export const FIXED_DATE_STATUTORY_HOLIDAYS: readonly FixedDateHoliday[] = [
  { name: '元旦', month: 1, day: 1 },
  { name: '劳动节', month: 5, day: 1 },
  { name: '劳动节', month: 5, day: 2 },
  { name: '国庆节', month: 10, day: 1 },
  { name: '国庆节', month: 10, day: 2 },
  { name: '国庆节', month: 10, day: 3 },
];
