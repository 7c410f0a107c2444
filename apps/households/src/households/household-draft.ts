import type { AmountPeriod, IncomeCategory, MemberExclusionReason } from '@dibao/domain';
import type { AccountKind, AssetKind, DeductionKind, Hukou, Relation, WorkAbility } from './household.types';

/**
 * A household as submitted, by the API or by a ledger row, before ids and derived fields are added.
 * Money is integer fen.
 */
export interface HouseholdDraft {
  hukou: Hukou;
  township: string;
  village: string;
  address: string;
  ledgerNo?: string;
  members: MemberDraft[];
  account?: AccountDraft;
  proxies?: ProxyDraft[];
  assets?: AssetDraft[];
}

export interface MemberDraft {
  name: string;
  residentId: string;
  relation: Relation;
  disabilityGrade?: number | null;
  workAbility: WorkAbility;
  seriouslyIll?: boolean;
  exclusion?: MemberExclusionReason | null;
  incomes?: IncomeDraft[];
  deductions?: DeductionDraft[];
}

export interface IncomeDraft {
  category: IncomeCategory;
  amountFen: number;
  costsFen?: number;
  period: AmountPeriod;
  note?: string;
}

export interface DeductionDraft {
  kind: DeductionKind;
  amountFen: number;
  period: AmountPeriod;
  note?: string;
}

export interface AccountDraft {
  kind: AccountKind;
  institution: string;
  number: string;
  holderName: string;
}

export interface ProxyDraft {
  name: string;
  residentId: string;
  relation?: string;
  entrustmentRef: string;
}

export interface AssetDraft {
  kind: AssetKind;
  valueFen?: number;
  description?: string;
}
