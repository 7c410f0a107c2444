import { DomainError, DomainErrorCode } from './domain-error';

/** An exact fraction such as 2/3 (a share) or 3/2 (a multiple), kept as integers to avoid floats. */
export interface Ratio {
  readonly numerator: number;
  readonly denominator: number;
}

export function ratio(numerator: number, denominator: number): Ratio {
  if (!Number.isSafeInteger(numerator) || numerator < 0) {
    throw new DomainError(DomainErrorCode.InvalidArgument, `ratio numerator must be a non-negative integer, got ${numerator}`);
  }
  if (!Number.isSafeInteger(denominator) || denominator <= 0) {
    throw new DomainError(DomainErrorCode.InvalidArgument, `ratio denominator must be a positive integer, got ${denominator}`);
  }
  return { numerator, denominator };
}

/** True when part / whole ≥ the ratio, compared exactly by cross-multiplication. */
export function reachesShare(part: number, whole: number, share: Ratio): boolean {
  return BigInt(part) * BigInt(share.denominator) >= BigInt(share.numerator) * BigInt(whole);
}

export function formatRatio(value: Ratio): string {
  return `${value.numerator}/${value.denominator}`;
}
