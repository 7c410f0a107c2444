import {
  AmountBreakdown,
  benefitStartMonth,
  calculateHouseholdAmount,
  DibaoPolicy,
  fen,
  firstPeriodAfterApproval,
  FullStandardRule,
  HouseholdFacts,
  LocalDate,
  Scheme,
} from '@dibao/domain';
import type { DeductionFacts, IncomeFacts, MemberFacts } from '@dibao/contracts';

export interface InvestigatedHousehold {
  members: MemberFacts[];
  incomes: IncomeFacts[];
  deductions?: DeductionFacts[];
}

/** The verified facts of the investigation as the domain's income and amount rules take them. */
export function householdFacts(h: InvestigatedHousehold): HouseholdFacts {
  return {
    members: h.members.map((m) => ({
      id: m.id,
      ableToWork: m.ableToWork,
      hasLegalSupporter: m.hasLegalSupporter,
      ...(m.exclusion ? { exclusion: m.exclusion } : {}),
      ...(m.severelyDisabled !== undefined ? { severelyDisabled: m.severelyDisabled } : {}),
      ...(m.seriouslyIll !== undefined ? { seriouslyIll: m.seriouslyIll } : {}),
    })),
    incomes: h.incomes.map((x) => ({
      category: x.category,
      amount: fen(x.amount),
      period: x.period,
      ...(x.costs !== undefined ? { costs: fen(x.costs) } : {}),
      ...(x.memberId !== undefined ? { memberId: x.memberId } : {}),
    })),
    deductions: (h.deductions ?? []).map((d) => ({
      kind: d.kind,
      amount: fen(d.amount),
      period: d.period,
      ...(d.memberId !== undefined ? { memberId: d.memberId } : {}),
    })),
  };
}

/**
 * The monthly amount of a case approved on `approvedOn`: benefits start the month after approval, so the amount is
 * computed with the rules of the first payment period (differential, full standard for members with no income,
 * no ability to work and no supporter, or bands where the county configures them — all in libs/domain).
 */
export function approvalAmount(
  h: InvestigatedHousehold,
  scheme: Scheme,
  approvedOn: LocalDate,
  policy: DibaoPolicy,
  /** Members whose own share is stopped (job offers refused, DOMAIN.md A art. 34). */
  sanctionedMemberIds: readonly string[] = [],
  /** The full-standard rule a workflow history was recorded with (see amountRuleWithHistory); default the current one. */
  fullStandardRule?: FullStandardRule,
): AmountBreakdown {
  return calculateHouseholdAmount(
    {
      ...householdFacts(h),
      scheme,
      period: firstPeriodAfterApproval(scheme, approvedOn),
      payableFrom: benefitStartMonth(approvedOn),
      ...(sanctionedMemberIds.length > 0 ? { sanctionedMemberIds } : {}),
    },
    policy,
    fullStandardRule ? { fullStandardRule } : undefined,
  );
}
