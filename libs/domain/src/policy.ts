import { DomainError, DomainErrorCode } from './domain-error';
import { EffectiveDatedRecord, effectiveDatedProblems, valueAt } from './effective-dated';
import { EXEMPT_INCOME_CATEGORIES, ExemptIncomeCategory } from './income';
import { localDate, LocalDate } from './local-date';
import { Fen, yuan } from './money';
import { ratio, Ratio } from './ratio';
import { RoundingMode } from './rounding';
import { Scheme } from './scheme';

/**
 * Sources: A = 最低生活保障审核确认办法 (民发〔2021〕57号, in force 2021-07-01); B = 最低生活保障审核审批办法（试行）
 * (2012); C = 社会救助暂行办法 (2014); D = 城市居民最低生活保障条例 (1999); "report" = the county report in seed/.
 */

/** Whether every case goes to a democratic appraisal (民主评议) or only after a substantiated objection. */
export type AppraisalPolicy = 'every-case' | 'after-objection';

/** What the representatives' attendance share is measured against. */
export type AppraisalQuorumBase = 'representatives_total' | 'attendees';

/**
 * How an abstention counts in a democratic appraisal: `neither` (DOMAIN.md, rules added after the first review:
 * an abstention is neither for nor against, so the pass share is taken of the ballots for and against), or
 * `against` (the pass share is taken of every valid ballot, so an abstention weighs like a vote against).
 */
export type AppraisalAbstentions = 'neither' | 'against';

/** Differential (差额) pays the gap to the standard; banded (分档) pays a fixed amount per person by gap band. */
export type AmountMethod = 'differential' | 'banded';

/**
 * One band of the banded method: a person whose per-capita gap (standard − per-capita income) is at least
 * `minGap` gets `amountPerPerson`. Both are in the scheme's standard unit (urban per month, rural per year).
 */
export interface AmountBand {
  readonly minGap: Fen;
  readonly amountPerPerson: Fen;
}

/** Local asset limits (C art. 10). `null` means no limit of that kind is configured. */
export interface AssetLimits {
  /** Savings, securities and other financial assets per counted member. */
  readonly financialAssetsPerCapita: Fen | null;
  /** Motor vehicles the household may own (excluding disability mobility vehicles). */
  readonly motorVehicles: number | null;
  /** Dwellings beyond the one the household lives in. */
  readonly additionalDwellings: number | null;
}

/** Stages that have no legal deadline but may carry an internal service-level target. */
export type InternalSlaStage = 'application' | 'township_review';

/** Every rule number as it stands on one date. */
export interface PolicyRules {
  /** Urban standard, per person per month. */
  readonly urbanStandardMonthly: Fen;
  /** Rural standard, per person per year. */
  readonly ruralStandardAnnual: Fen;
  readonly investigationStartWorkingDays: number;
  readonly dataCheckStartWorkingDays: number;
  readonly appraisalWithinWorkingDays: number;
  readonly publicityCalendarDays: number;
  readonly countyApprovalWorkingDays: number;
  readonly rejectionNoticeWorkingDays: number;
  readonly overallWorkingDays: number;
  readonly overallExtendedWorkingDays: number;
  /** Internal targets in working days for stages without a legal deadline; absent = none. */
  readonly internalSlaWorkingDays: Readonly<Partial<Record<InternalSlaStage, number>>>;
  readonly appraisalPolicy: AppraisalPolicy;
  readonly appraisalRepresentativeShare: Ratio;
  readonly appraisalQuorumBase: AppraisalQuorumBase;
  /** Whether abstentions are left out of the pass share (`neither`) or weigh like a vote against. */
  readonly appraisalAbstentions: AppraisalAbstentions;
  /** An appraisal passes when approvals are strictly more than this share of the valid ballots. */
  readonly appraisalPassShare: Ratio;
  readonly applyAloneIncomeMultiple: Ratio;
  readonly clergyAwayExclusionYears: number;
  readonly stableReviewIntervalMonths: number;
  readonly irregularReviewIntervalMonths: number;
  readonly gradualExitMaxMonths: number;
  readonly deathReviewWithinMonths: number;
  /**
   * Consecutive refusals, without good reason, of suitable work offered to a member able to work after which
   * that member's own share of the benefit stops (DOMAIN.md: A art. 34; C art. 45).
   */
  readonly jobOfferRefusalLimit: number;
  readonly countySpotCheckMinimumShare: Ratio;
  readonly rounding: RoundingMode;
  readonly amountMethod: AmountMethod;
  readonly amountBands: Readonly<Record<Scheme, readonly AmountBand[]>>;
  readonly assetLimits: AssetLimits;
  /**
   * Income categories left out of the income test on a date (A art. 13, second paragraph). Dated like every
   * rule, so one exemption can end (or a category start being exempt) from a date: the basic pension base
   * amount (基础养老金) counts again from the first entry that leaves it out. Amounts use the list in force on the
   * period's first day, like the standard.
   */
  readonly exemptIncomeCategories: readonly ExemptIncomeCategory[];
}

/** The policy as configuration: each rule with its history of effective dates. */
export type DibaoPolicy = EffectiveDatedRecord<PolicyRules>;

export type PolicyRuleName = keyof PolicyRules;

/** Date A took effect; the procedure numbers of the default policy apply from then. */
const A_IN_FORCE = localDate('2021-07-01');
/** Demo date for the current standards: the report's year is garbled ("202223年"). */
const DEMO_STANDARDS_FROM = localDate('2022-01-01');

function since<T>(effectiveFrom: LocalDate, value: T) {
  return [{ effectiveFrom, value }] as const;
}

/**
 * The county's numbers, as read from DOMAIN.md. Values marked placeholder must be set by the county
 * before the system is used for real payments.
 */
export const DEFAULT_POLICY: DibaoPolicy = {
  // Report: urban standard raised four times, from 70 yuan (1998) to 150 yuan per person per month.
  // The intermediate values and dates are not in the report, so only the current value is recorded.
  urbanStandardMonthly: since(DEMO_STANDARDS_FROM, yuan(150)),
  // Placeholder: the report's rural figure is garbled ("120230元"). 4,200 yuan per person per year is a demo value.
  ruralStandardAnnual: since(DEMO_STANDARDS_FROM, yuan(4200)),
  // A (investigation, arts. 15–18): the township starts the home visit within 3 working days of acceptance.
  investigationStartWorkingDays: since(A_IN_FORCE, 3),
  // A: the county starts the economic-status data check (家庭经济状况核对) within 3 working days.
  dataCheckStartWorkingDays: since(A_IN_FORCE, 3),
  // B: democratic appraisal within 5 working days after the investigation.
  appraisalWithinWorkingDays: since(A_IN_FORCE, 5),
  // A: publicity (公示) of 7 calendar days.
  publicityCalendarDays: since(A_IN_FORCE, 7),
  // A: county approval (审批) within 10 working days.
  countyApprovalWorkingDays: since(A_IN_FORCE, 10),
  // A art. 21: written rejection with reasons within 3 working days.
  rejectionNoticeWorkingDays: since(A_IN_FORCE, 3),
  // A art. 22: 30 working days from acceptance, extendable once to 45.
  overallWorkingDays: since(A_IN_FORCE, 30),
  overallExtendedWorkingDays: since(A_IN_FORCE, 45),
  // No internal targets by default; a county may set e.g. { township_review: 5 }.
  internalSlaWorkingDays: since(A_IN_FORCE, {}),
  // Report: the county appraises every case by secret ballot; A itself only requires it after an objection.
  appraisalPolicy: since(A_IN_FORCE, 'every-case'),
  // B art. 22 (DOMAIN.md): villager representatives are at least 2/3 of the people taking part. Cases started before
  // this default carry the old one ('representatives_total') in their recorded settings and keep it.
  appraisalRepresentativeShare: since(A_IN_FORCE, ratio(2, 3)),
  appraisalQuorumBase: since(A_IN_FORCE, 'attendees'),
  // DOMAIN.md (B art. 22 as reviewed): abstentions are neither for nor against.
  appraisalAbstentions: since(A_IN_FORCE, 'neither'),
  // County rule: approvals exceed half of the valid ballots.
  appraisalPassShare: since(A_IN_FORCE, ratio(1, 2)),
  // A art. 8: a severely disabled or seriously ill member may apply alone when per-capita income < 1.5 × standard.
  applyAloneIncomeMultiple: since(A_IN_FORCE, ratio(3, 2)),
  // A art. 7: clergy living away from the family for 3 years or more are not household members.
  clergyAwayExclusionYears: since(A_IN_FORCE, 3),
  // A art. 31: stable households reviewed yearly; irregular income with members able to work every 6 months.
  stableReviewIntervalMonths: since(A_IN_FORCE, 12),
  irregularReviewIntervalMonths: since(A_IN_FORCE, 6),
  // A: gradual exit (渐退期) of up to 6 months when a member finds work.
  gradualExitMaxMonths: since(A_IN_FORCE, 6),
  // DOMAIN.md: a death in the household is reviewed within 3 months.
  deathReviewWithinMonths: since(A_IN_FORCE, 3),
  // DOMAIN.md (A art. 34; C art. 45): refusing three suitable job offers without good reason cuts that person's share.
  jobOfferRefusalLimit: since(A_IN_FORCE, 3),
  // Older rules: the county spot-checks at least 20–30 % of approved cases; 1/5 is the floor.
  countySpotCheckMinimumShare: since(A_IN_FORCE, ratio(1, 5)),
  // DOMAIN.md: round half up to the fen, per household per period.
  rounding: since(A_IN_FORCE, 'HALF_UP'),
  // B art. 27, C art. 12: differential amount; A also allows bands (分档), chosen per county.
  amountMethod: since(A_IN_FORCE, 'differential'),
  // Placeholder bands, used only when amountMethod is 'banded'.
  amountBands: since(A_IN_FORCE, {
    urban: [
      { minGap: yuan(1), amountPerPerson: yuan(50) },
      { minGap: yuan(50), amountPerPerson: yuan(100) },
      { minGap: yuan(100), amountPerPerson: yuan(150) },
    ],
    rural: [
      { minGap: yuan(1), amountPerPerson: yuan(1400) },
      { minGap: yuan(1400), amountPerPerson: yuan(2800) },
      { minGap: yuan(2800), amountPerPerson: yuan(4200) },
    ],
  }),
  // Placeholders (C art. 10: set locally): financial assets up to 24 months of the urban standard per person,
  // no motor vehicle, no second dwelling.
  assetLimits: since(A_IN_FORCE, { financialAssetsPerCapita: yuan(150 * 24), motorVehicles: 0, additionalDwellings: 0 }),
  // A art. 13, second paragraph: preferential-treatment payments, family-planning awards, scholarships, heroism
  // awards, government assistance and the basic pension base amount are not counted. Each exemption ends by a
  // later entry without it (e.g. { effectiveFrom: '2027-01-01', value: the list without 'basic_pension_base' }).
  exemptIncomeCategories: since(A_IN_FORCE, EXEMPT_INCOME_CATEGORIES),
};

/** One rule as it stands on `date`; throws NO_EFFECTIVE_VALUE before its first effective date. */
export function ruleAt<K extends PolicyRuleName>(policy: DibaoPolicy, rule: K, date: LocalDate): PolicyRules[K] {
  return valueAt(policy[rule], date, rule);
}

/** Every rule as it stands on `date`. */
export function policyAt(policy: DibaoPolicy, date: LocalDate): PolicyRules {
  const entries = (Object.keys(policy) as PolicyRuleName[]).map((rule) => [rule, ruleAt(policy, rule, date)]);
  return Object.fromEntries(entries) as PolicyRules;
}

/** The standard of a scheme on a date, in the scheme's unit (urban per month, rural per year). */
export function standardAt(policy: DibaoPolicy, scheme: Scheme, date: LocalDate): Fen {
  return scheme === 'urban' ? ruleAt(policy, 'urbanStandardMonthly', date) : ruleAt(policy, 'ruralStandardAnnual', date);
}

/**
 * The income categories left out of the income test on `date` (A art. 13, second paragraph). A policy from
 * before the rule was dated (a stored workflow input) has no history for it: every exempt-type category then.
 */
export function exemptIncomeCategoriesAt(policy: DibaoPolicy, date: LocalDate): readonly ExemptIncomeCategory[] {
  return (policy as Partial<DibaoPolicy>).exemptIncomeCategories === undefined
    ? EXEMPT_INCOME_CATEGORIES
    : ruleAt(policy, 'exemptIncomeCategories', date);
}

/** Checks a policy loaded from configuration; throws INVALID_POLICY listing every problem. */
export function assertValidPolicy(policy: DibaoPolicy): void {
  const problems = (Object.keys(policy) as PolicyRuleName[]).flatMap((rule) => effectiveDatedProblems<unknown>(policy[rule], rule));
  for (const { effectiveFrom, value } of (policy as Partial<DibaoPolicy>).exemptIncomeCategories ?? []) {
    problems.push(...exemptCategoryProblems(value).map((problem) => `exemptIncomeCategories from ${effectiveFrom}: ${problem}`));
  }
  for (const { effectiveFrom, value } of policy.amountBands) {
    for (const scheme of ['urban', 'rural'] as const) {
      problems.push(...bandProblems(value[scheme]).map((problem) => `amountBands ${scheme} from ${effectiveFrom}: ${problem}`));
    }
  }
  if (problems.length > 0) {
    throw new DomainError(DomainErrorCode.InvalidPolicy, `invalid policy: ${problems.join('; ')}`, { problems });
  }
}

/** Problems in a list of exempt income categories: each a known exempt-type category, listed once. */
export function exemptCategoryProblems(categories: readonly string[]): string[] {
  const problems: string[] = [];
  if (!Array.isArray(categories)) return ['must be a list of income categories'];
  const seen = new Set<string>();
  for (const category of categories) {
    if (!(EXEMPT_INCOME_CATEGORIES as readonly string[]).includes(category)) problems.push(`"${category}" is not an exempt income category`);
    if (seen.has(category)) problems.push(`"${category}" is listed twice`);
    seen.add(category);
  }
  return problems;
}

/** Problems in a band table: gaps must be positive, distinct, and amounts non-negative. */
export function bandProblems(bands: readonly AmountBand[]): string[] {
  const problems: string[] = [];
  const gaps = new Set<number>();
  for (const band of bands) {
    if (band.minGap <= 0) problems.push(`minGap ${band.minGap} must be positive`);
    if (band.amountPerPerson < 0) problems.push(`amountPerPerson ${band.amountPerPerson} must not be negative`);
    if (gaps.has(band.minGap)) problems.push(`two bands start at ${band.minGap}`);
    gaps.add(band.minGap);
  }
  return problems;
}
