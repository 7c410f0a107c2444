import { todayAt } from './local-date.util';

/**
 * The one clock of the service. "Today" is the calendar date in China; tests replace the clock to move time.
 */
export abstract class Clock {
  abstract now(): Date;
  today(): string {
    return todayAt(this.now().getTime());
  }
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that stands still on a chosen day until moved (tests, demos). */
export class SettableClock extends Clock {
  constructor(private day: string) {
    super();
  }
  set(day: string): void {
    this.day = day;
  }
  override today(): string {
    return this.day;
  }
  now(): Date {
    return new Date(`${this.day}T04:00:00Z`); // noon in China on that day
  }
}
