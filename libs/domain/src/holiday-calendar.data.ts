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

export const HOLIDAY_SCHEDULES: readonly HolidaySchedule[] = [SCHEDULE_2025, SCHEDULE_2026];
