import {
  assessHouseholdIncome,
  DibaoPolicy,
  HouseholdFacts,
  IncomeCategory,
  isCountedIncome,
  LocalDate,
  mayApplyAlone,
  MemberExclusionReason,
  mulDiv,
  perCapita,
  ruleAt,
  Scheme,
  standardAt,
  AmountPeriod,
  fen,
} from '@dibao/domain';
import type { PreparedHousehold } from './household-prepare.util';
import type { AssetKind, IncomeItemKind, WorkAbility } from './household.types';

/** What the assessment needs of a member, income item and asset (current rows only). */
export interface AssessedMember {
  id: string;
  exclusion: MemberExclusionReason | null;
  workAbility: WorkAbility;
  disabilityGrade: number | null;
  seriouslyIll: boolean;
}

export interface AssessedIncomeItem {
  memberId: string;
  kind: IncomeItemKind;
  category: string;
  amountFen: number;
  costsFen: number;
  period: AmountPeriod;
}

export interface AssessedAsset {
  kind: AssetKind;
  valueFen: number;
}

export interface HouseholdAssessment {
  asOf: LocalDate;
  countedMembers: number;
  annualCountedIncomeFen: number;
  annualDeductionsFen: number;
  annualAssessedIncomeFen: number;
  annualExemptIncomeFen: number;
  /** Null when no member counts (everyone excluded under A art. 7). */
  perCapitaMonthlyIncomeFen: number | null;
  perCapitaAnnualIncomeFen: number | null;
  /** The scheme's standard on `asOf`, in its own unit (urban per month, rural per year). */
  standardFen: number;
  standardUnit: 'per_person_per_month' | 'per_person_per_year';
  /** A art. 8: members who may apply alone (severely disabled or seriously ill, income below 1.5 × standard). */
  applyAlone: { possible: boolean; memberIds: string[] };
  /** Asset limits configured by the county (C art. 10). */
  assets: { withinLimits: boolean; problems: string[] };
}

/** 重度残疾: disability grades 1 and 2. */
export function isSeverelyDisabled(grade: number | null): boolean {
  return grade === 1 || grade === 2;
}

export function incomeTreatment(item: { kind: IncomeItemKind; category: string }): 'counted' | 'exempt' | 'deductible' {
  if (item.kind === 'deduction') return 'deductible';
  return isCountedIncome(item.category as IncomeCategory) ? 'counted' : 'exempt';
}

export function householdFacts(members: AssessedMember[], items: AssessedIncomeItem[]): HouseholdFacts {
  return {
    members: members.map((m) => ({
      id: m.id,
      ...(m.exclusion ? { exclusion: m.exclusion } : {}),
      ableToWork: m.workAbility !== 'none',
      hasLegalSupporter: false,
      severelyDisabled: isSeverelyDisabled(m.disabilityGrade),
      seriouslyIll: m.seriouslyIll,
    })),
    incomes: items
      .filter((i) => i.kind === 'income')
      .map((i) => ({
        category: i.category as IncomeCategory,
        amount: fen(i.amountFen),
        costs: fen(i.costsFen),
        period: i.period,
        memberId: i.memberId,
      })),
    deductions: items
      .filter((i) => i.kind === 'deduction')
      .map((i) => ({ kind: i.category as 'medical' | 'disability', amount: fen(i.amountFen), period: i.period, memberId: i.memberId })),
  };
}

/** Per-capita income, apply-alone and asset limits of a household on `asOf`, by the rules in libs/domain. */
export function assessHousehold(
  scheme: Scheme,
  members: AssessedMember[],
  items: AssessedIncomeItem[],
  assets: AssessedAsset[],
  policy: DibaoPolicy,
  asOf: LocalDate,
): HouseholdAssessment {
  const facts = householdFacts(members, items);
  const income = assessHouseholdIncome(facts);
  const counted = income.countedMemberIds.length;
  const rounding = ruleAt(policy, 'rounding', asOf);
  const applyAloneIds =
    counted === 0 ? [] : facts.members.filter((m) => !m.exclusion && mayApplyAlone(scheme, facts, m.id, policy, asOf)).map((m) => m.id);
  return {
    asOf,
    countedMembers: counted,
    annualCountedIncomeFen: income.annualCountedIncome,
    annualDeductionsFen: income.annualDeductions,
    annualAssessedIncomeFen: income.annualAssessedIncome,
    annualExemptIncomeFen: income.annualExemptIncome,
    perCapitaMonthlyIncomeFen: counted === 0 ? null : perCapita(income, 12, rounding),
    perCapitaAnnualIncomeFen: counted === 0 ? null : perCapita(income, 1, rounding),
    standardFen: standardAt(policy, scheme, asOf),
    standardUnit: scheme === 'urban' ? 'per_person_per_month' : 'per_person_per_year',
    applyAlone: { possible: applyAloneIds.length > 0, memberIds: applyAloneIds },
    assets: checkAssetLimits(assets, Math.max(counted, 1), policy, asOf),
  };
}

/** Compares assets with the county's limits; a null limit means that kind is not limited. */
export function checkAssetLimits(
  assets: AssessedAsset[],
  countedMembers: number,
  policy: DibaoPolicy,
  asOf: LocalDate,
): { withinLimits: boolean; problems: string[] } {
  const limits = ruleAt(policy, 'assetLimits', asOf);
  const problems: string[] = [];
  const financial = assets.filter((a) => a.kind === 'financial').reduce((total, a) => total + a.valueFen, 0);
  if (limits.financialAssetsPerCapita !== null) {
    const limit = mulDiv(limits.financialAssetsPerCapita, countedMembers, 1);
    if (financial > limit) problems.push(`financial assets of ${financial} fen exceed the limit of ${limit} fen for ${countedMembers} member(s)`);
  }
  const vehicles = assets.filter((a) => a.kind === 'motor_vehicle').length;
  if (limits.motorVehicles !== null && vehicles > limits.motorVehicles) {
    problems.push(`${vehicles} motor vehicle(s) exceed the limit of ${limits.motorVehicles}`);
  }
  const dwellings = assets.filter((a) => a.kind === 'additional_dwelling').length;
  if (limits.additionalDwellings !== null && dwellings > limits.additionalDwellings) {
    problems.push(`${dwellings} additional dwelling(s) exceed the limit of ${limits.additionalDwellings}`);
  }
  return { withinLimits: problems.length === 0, problems };
}

/** The assessment of a household not yet stored (registration, ledger import). */
export function assessPreparedHousehold(h: PreparedHousehold, policy: DibaoPolicy, asOf: LocalDate): HouseholdAssessment {
  return assessHousehold(
    h.scheme,
    h.members.map((x) => ({
      id: x.id,
      exclusion: x.exclusion ?? null,
      workAbility: x.workAbility,
      disabilityGrade: x.disabilityGrade ?? null,
      seriouslyIll: x.seriouslyIll ?? false,
    })),
    h.incomes.map((i) =>
      i.item === 'income'
        ? { memberId: i.memberId, kind: 'income' as const, category: i.category, amountFen: i.amountFen, costsFen: i.costsFen ?? 0, period: i.period }
        : { memberId: i.memberId, kind: 'deduction' as const, category: i.kind, amountFen: i.amountFen, costsFen: 0, period: i.period },
    ),
    h.assets.map((a) => ({ kind: a.kind, valueFen: a.valueFen ?? 0 })),
    policy,
    asOf,
  );
}

