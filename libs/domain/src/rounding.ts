import { DomainError, DomainErrorCode } from './domain-error';

/**
 * How a division that does not come out even is rounded to a whole fen.
 * HALF_UP rounds halves away from zero (0.5 → 1, -0.5 → -1), HALF_EVEN rounds halves to the even
 * neighbour (banker's rounding), DOWN truncates toward zero, UP rounds away from zero.
 */
export type RoundingMode = 'HALF_UP' | 'HALF_EVEN' | 'DOWN' | 'UP';

export const ROUNDING_MODES: readonly RoundingMode[] = ['HALF_UP', 'HALF_EVEN', 'DOWN', 'UP'];

export function isRoundingMode(value: unknown): value is RoundingMode {
  return typeof value === 'string' && (ROUNDING_MODES as readonly string[]).includes(value);
}

/** numerator / denominator rounded to an integer, exact for any size (BigInt). */
export function divideRounded(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  if (denominator === 0n) {
    throw new DomainError(DomainErrorCode.InvalidArgument, 'division by zero');
  }
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = n / d;
  const remainder = n % d;
  const magnitude = remainder === 0n ? quotient : quotient + roundingIncrement(quotient, remainder, d, mode);
  return negative ? -magnitude : magnitude;
}

function roundingIncrement(quotient: bigint, remainder: bigint, divisor: bigint, mode: RoundingMode): bigint {
  const twiceRemainder = remainder * 2n;
  switch (mode) {
    case 'DOWN':
      return 0n;
    case 'UP':
      return 1n;
    case 'HALF_UP':
      return twiceRemainder >= divisor ? 1n : 0n;
    case 'HALF_EVEN':
      if (twiceRemainder !== divisor) return twiceRemainder > divisor ? 1n : 0n;
      return quotient % 2n === 0n ? 0n : 1n;
  }
}
