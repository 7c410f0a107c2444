/**
 * Codes for rule violations. The HTTP edge maps each code to a 4xx status with an exhaustive switch;
 * domain code never knows about HTTP.
 */
export enum DomainErrorCode {
  InvalidMoney = 'INVALID_MONEY',
  MoneyOverflow = 'MONEY_OVERFLOW',
  InvalidDate = 'INVALID_DATE',
  InvalidPeriod = 'INVALID_PERIOD',
  InvalidArgument = 'INVALID_ARGUMENT',
  InvalidResidentId = 'INVALID_RESIDENT_ID',
  HolidayDataMissing = 'HOLIDAY_DATA_MISSING',
  InvalidHolidayData = 'INVALID_HOLIDAY_DATA',
  NoEffectiveValue = 'NO_EFFECTIVE_VALUE',
  InvalidPolicy = 'INVALID_POLICY',
  InvalidHousehold = 'INVALID_HOUSEHOLD',
  StageTransitionNotAllowed = 'STAGE_TRANSITION_NOT_ALLOWED',
  InvalidAppraisalTally = 'INVALID_APPRAISAL_TALLY',
}

export type DomainErrorDetails = Readonly<Record<string, unknown>>;

/** A broken domain rule or invalid domain input. Never a programming error of the caller's framework. */
export class DomainError extends Error {
  override readonly name: string = 'DomainError';

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: DomainErrorDetails,
  ) {
    super(message);
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
