import { LocalDate, localDateAt } from '@dibao/domain';

/** Today's date in China: the date ID numbers, income and policy are judged on. */
export function todayInChina(now: number = Date.now()): LocalDate {
  return localDateAt(now);
}
