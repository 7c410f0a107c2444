import { DomainError, DomainErrorCode } from './domain-error';
import { isLocalDate, LocalDate } from './local-date';

/** A value that applies from a date until the next entry's date. */
export interface EffectiveValue<T> {
  readonly effectiveFrom: LocalDate;
  readonly value: T;
}

/** The history of a rule: every version with the date it took effect. Order does not matter. */
export type EffectiveDated<T> = readonly EffectiveValue<T>[];

/** A record whose every field is effective-dated, e.g. the whole policy. */
export type EffectiveDatedRecord<T> = { readonly [K in keyof T]: EffectiveDated<T[K]> };

/** The value in force on `date`: the entry with the latest effectiveFrom on or before it. */
export function valueAt<T>(history: EffectiveDated<T>, date: LocalDate, ruleName = 'rule'): T {
  let current: EffectiveValue<T> | undefined;
  for (const entry of history) {
    if (entry.effectiveFrom <= date && (current === undefined || entry.effectiveFrom > current.effectiveFrom)) {
      current = entry;
    }
  }
  if (current === undefined) {
    throw new DomainError(DomainErrorCode.NoEffectiveValue, `no value of ${ruleName} is in effect on ${date}`, {
      rule: ruleName,
      date,
    });
  }
  return current.value;
}

/** Problems that make a history ambiguous or unusable; empty when it is fine. */
export function effectiveDatedProblems<T>(history: EffectiveDated<T>, ruleName = 'rule'): string[] {
  const problems: string[] = [];
  if (history.length === 0) problems.push(`${ruleName} has no values`);
  const seen = new Set<string>();
  for (const entry of history) {
    if (!isLocalDate(entry.effectiveFrom)) {
      problems.push(`${ruleName}: "${String(entry.effectiveFrom)}" is not a date`);
    } else if (seen.has(entry.effectiveFrom)) {
      problems.push(`${ruleName} has two values effective from ${entry.effectiveFrom}`);
    }
    seen.add(entry.effectiveFrom);
  }
  return problems;
}
