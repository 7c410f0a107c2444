import { DomainError, DomainErrorCode } from './domain-error';
import { divideRounded, RoundingMode } from './rounding';

declare const fenBrand: unique symbol;

/**
 * An amount of money in integer fen (分, 1 yuan = 100 fen). The only money type in the system:
 * no floats, no yuan decimals in arithmetic. Always a safe integer; may be negative (adjustments).
 */
export type Fen = number & { readonly [fenBrand]: 'Fen' };

export const FEN_PER_YUAN = 100;
export const ZERO_FEN = 0 as Fen;

/** Wraps an integer count of fen; throws for fractions, NaN, infinities and unsafe integers. */
export function fen(amount: number): Fen {
  if (!Number.isSafeInteger(amount)) {
    throw new DomainError(DomainErrorCode.InvalidMoney, `an amount in fen must be a safe integer, got ${amount}`);
  }
  // Normalise -0 so that formatting and equality never see it.
  return (amount === 0 ? 0 : amount) as Fen;
}

export function isFen(value: unknown): value is Fen {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** Whole yuan to fen: yuan(150) is 15000 fen. Use parseYuan for amounts with jiao and fen. */
export function yuan(amount: number): Fen {
  if (!Number.isSafeInteger(amount)) {
    throw new DomainError(DomainErrorCode.InvalidMoney, `yuan() takes whole yuan, got ${amount}; use parseYuan for decimals`);
  }
  return checked(BigInt(amount) * BigInt(FEN_PER_YUAN));
}

const YUAN_PATTERN = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/**
 * Parses a yuan amount written as a decimal string ("150", "150.00", "3.5", "-0.01") without floats.
 * Rejects more than two decimals, exponents, separators, surrounding spaces and anything else.
 */
export function parseYuan(text: string): Fen {
  const match = YUAN_PATTERN.exec(text);
  if (match === null) {
    throw new DomainError(
      DomainErrorCode.InvalidMoney,
      `"${text}" is not a yuan amount (digits with at most two decimals, e.g. "150.00")`,
    );
  }
  const [, sign, whole, decimals = ''] = match;
  const magnitude = BigInt(whole) * BigInt(FEN_PER_YUAN) + BigInt(decimals.padEnd(2, '0'));
  return checked(sign === '-' ? -magnitude : magnitude);
}

/** "150.00", "-0.05": two decimals, no thousands separator, no currency sign. */
export function formatYuan(amount: Fen): string {
  const sign = amount < 0 ? '-' : '';
  const magnitude = Math.abs(amount);
  const whole = Math.floor(magnitude / FEN_PER_YUAN);
  const cents = magnitude % FEN_PER_YUAN;
  return `${sign}${whole}.${String(cents).padStart(2, '0')}`;
}

export function add(a: Fen, b: Fen): Fen {
  return checked(BigInt(a) + BigInt(b));
}

export function sub(a: Fen, b: Fen): Fen {
  return checked(BigInt(a) - BigInt(b));
}

export function negate(amount: Fen): Fen {
  return fen(-amount);
}

export function sum(amounts: readonly Fen[]): Fen {
  return checked(amounts.reduce((total, amount) => total + BigInt(amount), 0n));
}

/** amount × an integer factor (members, months). */
export function multiply(amount: Fen, factor: number): Fen {
  requireInteger(factor, 'factor');
  return checked(BigInt(amount) * BigInt(factor));
}

/**
 * amount × numerator / denominator with one rounding at the end, in exact integer arithmetic.
 * The way to take shares, per-capita figures and yearly-to-monthly conversions.
 */
export function mulDiv(amount: Fen, numerator: number, denominator: number, rounding: RoundingMode = 'HALF_UP'): Fen {
  requireInteger(numerator, 'numerator');
  requireInteger(denominator, 'denominator');
  if (denominator === 0) {
    throw new DomainError(DomainErrorCode.InvalidArgument, 'mulDiv denominator must not be zero');
  }
  return checked(divideRounded(BigInt(amount) * BigInt(numerator), BigInt(denominator), rounding));
}

/**
 * Splits an amount into `parts` shares that differ by at most one fen and add up exactly to the amount.
 * The leftover fen go to the first shares.
 */
export function allocate(amount: Fen, parts: number): Fen[] {
  if (!Number.isSafeInteger(parts) || parts <= 0) {
    throw new DomainError(DomainErrorCode.InvalidArgument, `allocate needs a positive whole number of parts, got ${parts}`);
  }
  const base = Math.trunc(amount / parts);
  const leftover = amount - base * parts;
  const step = Math.sign(leftover);
  return Array.from({ length: parts }, (_, index) => fen(index < Math.abs(leftover) ? base + step : base));
}

export function compareFen(a: Fen, b: Fen): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function maxFen(a: Fen, b: Fen): Fen {
  return a >= b ? a : b;
}

export function minFen(a: Fen, b: Fen): Fen {
  return a <= b ? a : b;
}

export function isNegative(amount: Fen): boolean {
  return amount < 0;
}

export function isZero(amount: Fen): boolean {
  return amount === 0;
}

/** Converts an exact BigInt fen value back to Fen, refusing values beyond Number.MAX_SAFE_INTEGER. */
export function fenFromBigInt(value: bigint): Fen {
  return checked(value);
}

function checked(value: bigint): Fen {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new DomainError(DomainErrorCode.MoneyOverflow, `${value} fen is outside the safe integer range`);
  }
  return fen(Number(value));
}

function requireInteger(value: number, name: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new DomainError(DomainErrorCode.InvalidArgument, `${name} must be a safe integer, got ${value}`);
  }
}
