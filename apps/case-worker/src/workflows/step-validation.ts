import { isLocalDate } from '@dibao/domain';
import type { CaseStage, DeductionFacts, IncomeFacts, MemberFacts } from '@dibao/contracts';
import { refusal } from './refusal';

// Shape checks a validator runs before any rule: the workflow is the authority on its own input, whoever calls it.

const INCOME_CATEGORIES = [
  'wages',
  'business',
  'property',
  'transfer',
  'preferential_treatment',
  'family_planning_award',
  'scholarship',
  'heroism_award',
  'government_assistance',
  'basic_pension_base',
];
const EXCLUSIONS = ['in_prison', 'compulsory_drug_rehabilitation', 'declared_missing', 'clergy_living_away'];

function invalid(stage: CaseStage, field: string, rule: string, message: string) {
  return refusal('InvalidStep', stage, `${field}: ${message}`, { field, rule });
}

export function requireText(stage: CaseStage, value: unknown, field: string, max: number): void {
  if (typeof value !== 'string' || value.trim().length === 0) throw invalid(stage, field, 'isNotEmpty', 'must be a non-empty text');
  if (value.length > max) throw invalid(stage, field, 'maxLength', `must be at most ${max} characters`);
}

export function requireList<T>(
  stage: CaseStage,
  value: unknown,
  field: string,
  min: number,
  max: number,
  each: (item: T, field: string) => void,
): void {
  if (!Array.isArray(value)) throw invalid(stage, field, 'isArray', 'must be a list');
  if (value.length < min) throw invalid(stage, field, 'arrayMinSize', `must list at least ${min}`);
  if (value.length > max) throw invalid(stage, field, 'arrayMaxSize', `must list at most ${max}`);
  value.forEach((item, index) => each(item as T, `${field}[${index}]`));
}

export function requireDate(stage: CaseStage, value: unknown, field: string): void {
  if (!isLocalDate(value)) throw invalid(stage, field, 'isDate', 'must be a date YYYY-MM-DD');
}

export function requireCount(stage: CaseStage, value: unknown, field: string): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalid(stage, field, 'isCount', 'must be a whole number of 0 or more');
  }
}

function requireFen(stage: CaseStage, value: unknown, field: string): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalid(stage, field, 'isFen', 'must be a non-negative integer amount in fen');
  }
}

function requireBoolean(stage: CaseStage, value: unknown, field: string): void {
  if (typeof value !== 'boolean') throw invalid(stage, field, 'isBoolean', 'must be true or false');
}

function requirePeriod(stage: CaseStage, value: unknown, field: string): void {
  if (value !== 'monthly' && value !== 'annual') throw invalid(stage, field, 'isIn', 'must be monthly or annual');
}

function requireMemberRef(stage: CaseStage, value: unknown, field: string, members: MemberFacts[]): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || !members.some((m) => m.id === value)) {
    throw invalid(stage, field, 'isMember', 'must be the id of a listed member');
  }
}

export function validateMembers(stage: CaseStage, members: unknown): asserts members is MemberFacts[] {
  requireList<MemberFacts>(stage, members, 'members', 1, 30, (m, f) => {
    if (!m || typeof m !== 'object') throw invalid(stage, f, 'isObject', 'must be a member');
    requireText(stage, m.id, `${f}.id`, 64);
    if (m.name !== undefined) requireText(stage, m.name, `${f}.name`, 100);
    requireBoolean(stage, m.ableToWork, `${f}.ableToWork`);
    requireBoolean(stage, m.hasLegalSupporter, `${f}.hasLegalSupporter`);
    if (m.exclusion !== undefined && !EXCLUSIONS.includes(m.exclusion)) {
      throw invalid(stage, `${f}.exclusion`, 'isIn', `must be one of ${EXCLUSIONS.join(', ')}`);
    }
  });
  const ids = (members as MemberFacts[]).map((m) => m.id);
  if (new Set(ids).size !== ids.length) throw invalid(stage, 'members', 'distinct', 'member ids must be distinct');
}

export function validateIncomes(stage: CaseStage, incomes: unknown, members: MemberFacts[]): void {
  requireList<IncomeFacts>(stage, incomes, 'incomes', 0, 200, (x, f) => {
    if (!x || typeof x !== 'object') throw invalid(stage, f, 'isObject', 'must be an income item');
    if (!INCOME_CATEGORIES.includes(x.category)) {
      throw invalid(stage, `${f}.category`, 'isIn', `must be one of ${INCOME_CATEGORIES.join(', ')}`);
    }
    requireFen(stage, x.amount, `${f}.amount`);
    if (x.costs !== undefined) requireFen(stage, x.costs, `${f}.costs`);
    requirePeriod(stage, x.period, `${f}.period`);
    requireMemberRef(stage, x.memberId, `${f}.memberId`, members);
  });
}

export function validateDeductions(stage: CaseStage, deductions: unknown, members: MemberFacts[]): void {
  requireList<DeductionFacts>(stage, deductions, 'deductions', 0, 50, (d, f) => {
    if (!d || typeof d !== 'object') throw invalid(stage, f, 'isObject', 'must be a deduction');
    if (d.kind !== 'medical' && d.kind !== 'disability') throw invalid(stage, `${f}.kind`, 'isIn', 'must be medical or disability');
    requireFen(stage, d.amount, `${f}.amount`);
    requirePeriod(stage, d.period, `${f}.period`);
    requireMemberRef(stage, d.memberId, `${f}.memberId`, members);
  });
}

export function validateAssets(stage: CaseStage, assets: unknown): void {
  if (!assets || typeof assets !== 'object') throw invalid(stage, 'assets', 'isObject', 'is required');
  const a = assets as Record<string, unknown>;
  requireFen(stage, a['financialAssetsFen'], 'assets.financialAssetsFen');
  requireCount(stage, a['motorVehicles'], 'assets.motorVehicles');
  requireCount(stage, a['additionalDwellings'], 'assets.additionalDwellings');
  if (a['notes'] !== undefined) requireText(stage, a['notes'], 'assets.notes', 2000);
}
