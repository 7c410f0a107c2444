import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// Response shapes. Resident ID and account numbers are masked unless the caller's role needs them.

export class MemberView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '王秀英' }) name: string;
  @ApiProperty({ example: '1101**********002X', description: 'Masked for roles outside ROLES_SEEING_IDENTIFIERS' }) residentId: string;
  @ApiProperty({ example: 'head' }) relation: string;
  @ApiProperty({ enum: ['male', 'female'] }) sex: string;
  @ApiProperty({ example: '1949-12-31' }) birthDate: string;
  @ApiProperty({ nullable: true, type: Number }) disabilityGrade: number | null;
  @ApiProperty() severelyDisabled: boolean;
  @ApiProperty({ enum: ['full', 'partial', 'none'] }) workAbility: string;
  @ApiProperty() seriouslyIll: boolean;
  @ApiProperty({ nullable: true, type: String }) exclusion: string | null;
  @ApiProperty({ description: 'Counted as a household member (A art. 7)' }) counted: boolean;
}

export class IncomeItemView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) memberId: string;
  @ApiProperty({ enum: ['income', 'deduction'] }) item: 'income' | 'deduction';
  @ApiProperty({ example: 'wages', description: 'Income category, or medical / disability for a deduction' }) category: string;
  @ApiProperty({ enum: ['counted', 'exempt', 'deductible'] }) treatment: 'counted' | 'exempt' | 'deductible';
  @ApiProperty({ example: 120000 }) amountFen: number;
  @ApiProperty({ example: 0 }) costsFen: number;
  @ApiProperty({ enum: ['monthly', 'annual'] }) period: string;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
}

export class AssetView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['financial', 'motor_vehicle', 'additional_dwelling'] }) kind: string;
  @ApiProperty() valueFen: number;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
}

export class AccountView {
  @ApiProperty({ enum: ['bank', 'credit_cooperative'] }) kind: string;
  @ApiProperty() institution: string;
  @ApiProperty({ example: '6228***********8901' }) number: string;
  @ApiProperty() holderName: string;
}

export class ProxyView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: '1101**********0016' }) residentId: string;
  @ApiProperty({ nullable: true, type: String }) relation: string | null;
  @ApiProperty({ example: 'CWH-2026-0042' }) entrustmentRef: string;
}

export class PayeeView {
  @ApiProperty({ format: 'uuid' }) householdId: string;
  @ApiProperty({ type: AccountView, nullable: true }) account: AccountView | null;
  @ApiProperty({ type: [ProxyView] }) proxies: ProxyView[];
  @ApiProperty({ description: 'Whether account and ID numbers are masked for the caller' }) masked: boolean;
}

export class ApplyAloneView {
  @ApiProperty() possible: boolean;
  @ApiProperty({ type: [String] }) memberIds: string[];
}

export class AssetCheckView {
  @ApiProperty() withinLimits: boolean;
  @ApiProperty({ type: [String] }) problems: string[];
}

export class AssessmentView {
  @ApiProperty({ example: '2026-11-30' }) asOf: string;
  @ApiProperty() countedMembers: number;
  @ApiProperty() annualCountedIncomeFen: number;
  @ApiProperty() annualDeductionsFen: number;
  @ApiProperty() annualAssessedIncomeFen: number;
  @ApiProperty() annualExemptIncomeFen: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Per-capita assessed income per month, integer fen (libs/domain)' })
  perCapitaMonthlyIncomeFen: number | null;
  @ApiProperty({ nullable: true, type: Number }) perCapitaAnnualIncomeFen: number | null;
  @ApiProperty() standardFen: number;
  @ApiProperty({ enum: ['per_person_per_month', 'per_person_per_year'] }) standardUnit: string;
  @ApiProperty({ type: ApplyAloneView, description: 'A art. 8' }) applyAlone: ApplyAloneView;
  @ApiProperty({ type: AssetCheckView }) assets: AssetCheckView;
}

export class HouseholdSummaryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['urban', 'rural'] }) scheme: string;
  @ApiProperty({ enum: ['agricultural', 'non_agricultural'] }) hukou: string;
  @ApiProperty({ example: 'T01' }) township: string;
  @ApiProperty() village: string;
  @ApiProperty() address: string;
  @ApiProperty({ enum: ['registered', 'applicant', 'beneficiary', 'exited'] }) status: string;
  @ApiProperty({ nullable: true, type: String, description: 'The open case, if any (at most one)' }) openCaseId: string | null;
  @ApiProperty({ nullable: true, type: String }) ledgerNo: string | null;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class HouseholdView extends HouseholdSummaryView {
  @ApiProperty({ type: [MemberView], description: 'Current members (removed ones are in the history)' }) members: MemberView[];
  @ApiProperty({ type: [IncomeItemView], description: 'Current income items and deductions with their treatment' }) incomes: IncomeItemView[];
  @ApiProperty({ type: [AssetView] }) assets: AssetView[];
  @ApiProperty({ type: AssessmentView }) assessment: AssessmentView;
  @ApiProperty({ type: PayeeView }) payee: PayeeView;
  @ApiProperty() createdBy: string;
  @ApiProperty() updatedBy: string;
}

export class HouseholdPageView {
  @ApiProperty({ type: [HouseholdSummaryView] }) items: HouseholdSummaryView[];
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty() total: number;
}

export class HistoryEntryView {
  @ApiProperty() id: string;
  @ApiProperty() entity: string;
  @ApiProperty() entityId: string;
  @ApiProperty() action: string;
  @ApiProperty({ type: Object }) changes: Record<string, unknown>;
  @ApiProperty() actorId: string;
  @ApiProperty() actorRole: string;
  @ApiPropertyOptional({ description: "The person's name, when their identity provider's token carried one" }) actorName?: string;
  @ApiProperty() at: string;
}

export class ImportRejectionView {
  @ApiProperty({ example: 7, description: 'Line number in the file (the header is line 1)' }) line: number;
  @ApiPropertyOptional({ example: 'HX-0012' }) ledgerNo?: string;
  @ApiProperty({ type: [String] }) reasons: string[];
}

export class ImportResultView {
  @ApiProperty({ description: 'Data rows read' }) rows: number;
  @ApiProperty({ description: 'Households registered by this import' }) imported: number;
  @ApiProperty({ description: 'Rows already imported earlier with the same content (nothing changed)' }) unchanged: number;
  @ApiProperty({ description: 'Rows imported earlier as registered that the ledger now gives as beneficiaries (status column): marked beneficiary' })
  statusChanged: number;
  @ApiProperty({ type: [ImportRejectionView] }) rejected: ImportRejectionView[];
  @ApiProperty() durationMs: number;
}
