import { DomainErrorCode } from './domain-error';
import { isEligible, mayApplyAlone } from './eligibility';
import { HouseholdFacts } from './income';
import { localDate } from './local-date';
import { DEFAULT_POLICY } from './policy';
import { errorCode } from './test/domain-error.helper';
import { annualIncome, member, members, monthlyWages } from './test/household.factory';

const on = localDate('2026-03-06');

describe('isEligible', () => {
  it.each([
    ['299.99', true],
    ['300.00', false],
    ['0', true],
  ])('a 2-person urban household with %s a month: %s', (wages, expected) => {
    expect(isEligible('urban', { members: members(2), incomes: [monthlyWages(wages)] }, DEFAULT_POLICY, on)).toBe(expected);
  });

  it('decides exactly, not on the rounded per-capita figure', () => {
    // 449.99 for 3 people is 149.9966… per person: rounds to 150.00 but is below the standard.
    expect(isEligible('urban', { members: members(3), incomes: [monthlyWages('449.99')] }, DEFAULT_POLICY, on)).toBe(true);
  });

  it('compares rural income per year', () => {
    const household = (income: string) => ({ members: members(2), incomes: [annualIncome('business', income)] });
    expect(isEligible('rural', household('8399.99'), DEFAULT_POLICY, on)).toBe(true);
    expect(isEligible('rural', household('8400'), DEFAULT_POLICY, on)).toBe(false);
  });

  it('needs a standard in force', () => {
    expect(errorCode(() => isEligible('urban', { members: members(1), incomes: [] }, DEFAULT_POLICY, localDate('2021-01-01')))).toBe(
      DomainErrorCode.NoEffectiveValue,
    );
  });
});

describe('mayApplyAlone (A art. 8)', () => {
  const household = (wages: string): HouseholdFacts => ({
    members: [member('ill', { seriouslyIll: true }), member('disabled', { severelyDisabled: true }), member('other')],
    incomes: [monthlyWages(wages, 'other')],
  });

  it('allows a seriously ill or severely disabled member below 1.5 × the standard', () => {
    // 1.5 × 150 × 3 = 675 a month.
    expect(mayApplyAlone('urban', household('674.99'), 'ill', DEFAULT_POLICY, on)).toBe(true);
    expect(mayApplyAlone('urban', household('674.99'), 'disabled', DEFAULT_POLICY, on)).toBe(true);
  });

  it('refuses at or above 1.5 × the standard', () => {
    expect(mayApplyAlone('urban', household('675'), 'ill', DEFAULT_POLICY, on)).toBe(false);
  });

  it('refuses a member who is neither ill nor disabled', () => {
    expect(mayApplyAlone('urban', household('0'), 'other', DEFAULT_POLICY, on)).toBe(false);
  });

  it('refuses an unknown member', () => {
    expect(errorCode(() => mayApplyAlone('urban', household('0'), 'nobody', DEFAULT_POLICY, on))).toBe(DomainErrorCode.InvalidHousehold);
  });
});
