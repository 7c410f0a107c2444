import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { COUNTED_INCOME_CATEGORIES, EXEMPT_INCOME_CATEGORIES, MEMBER_EXCLUSION_REASONS } from '@dibao/domain';
import type { AmountPeriod, IncomeCategory, MemberExclusionReason } from '@dibao/domain';
import {
  ACCOUNT_KINDS,
  ASSET_KINDS,
  DEDUCTION_KINDS,
  DISABILITY_GRADES,
  HUKOU_TYPES,
  RELATIONS,
  WORK_ABILITIES,
} from '../household.types';
import type { AccountKind, AssetKind, DeductionKind, Hukou, Relation, WorkAbility } from '../household.types';
import { IsResidentId } from './resident-id.validator';
import { IsNotBlank } from '@dibao/platform';

export const INCOME_CATEGORIES: readonly IncomeCategory[] = [...COUNTED_INCOME_CATEGORIES, ...EXEMPT_INCOME_CATEGORIES];
export const AMOUNT_PERIODS: readonly AmountPeriod[] = ['monthly', 'annual'];
/** Largest accepted amount: 100 million yuan, well inside the safe integer range. */
export const MAX_FEN = 10_000_000_000;
const TOWNSHIP = /^[\p{L}\p{N}_-]{1,64}$/u;

export class IncomeInputDto {
  @ApiProperty({ enum: INCOME_CATEGORIES, example: 'wages', description: 'A art. 13 counted: wages, business, property, transfer; the rest are exempt (A art. 14)' })
  @IsIn(INCOME_CATEGORIES)
  category: IncomeCategory;

  @ApiProperty({ example: 120000, description: 'Gross amount for the period, integer fen', minimum: 0, maximum: MAX_FEN })
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  amountFen: number;

  @ApiPropertyOptional({ example: 10000, description: 'Job or business costs for the same period, integer fen', minimum: 0, maximum: MAX_FEN })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  costsFen?: number;

  @ApiProperty({ enum: AMOUNT_PERIODS, example: 'monthly' })
  @IsIn(AMOUNT_PERIODS)
  period: AmountPeriod;

  @ApiPropertyOptional({ example: '建筑零工' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class DeductionInputDto {
  @ApiProperty({ enum: DEDUCTION_KINDS, example: 'medical', description: 'Rigid medical or disability expense (A art. 13)' })
  @IsIn(DEDUCTION_KINDS)
  kind: DeductionKind;

  @ApiProperty({ example: 30000, description: 'Amount for the period, integer fen', minimum: 0, maximum: MAX_FEN })
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  amountFen: number;

  @ApiProperty({ enum: AMOUNT_PERIODS, example: 'monthly' })
  @IsIn(AMOUNT_PERIODS)
  period: AmountPeriod;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class MemberFieldsDto {
  @ApiProperty({ example: '王秀英' })
  @IsString()
  @IsNotBlank()
  @MaxLength(100)
  name: string;

  @ApiProperty({ enum: RELATIONS, example: 'head' })
  @IsIn(RELATIONS)
  relation: Relation;

  @ApiPropertyOptional({ enum: DISABILITY_GRADES, nullable: true, example: null, description: '残疾等级 1–4; 1 and 2 are severe' })
  @IsOptional()
  @IsIn(DISABILITY_GRADES)
  disabilityGrade?: number | null;

  @ApiProperty({ enum: WORK_ABILITIES, example: 'full' })
  @IsIn(WORK_ABILITIES)
  workAbility: WorkAbility;

  @ApiPropertyOptional({ example: false, description: '重病 (A art. 8)' })
  @IsOptional()
  @IsBoolean()
  seriouslyIll?: boolean;

  @ApiPropertyOptional({ enum: MEMBER_EXCLUSION_REASONS, nullable: true, description: 'A art. 7: not counted as a member' })
  @IsOptional()
  @IsIn(MEMBER_EXCLUSION_REASONS)
  exclusion?: MemberExclusionReason | null;
}

export class MemberInputDto extends MemberFieldsDto {
  @ApiProperty({ example: '11010519491231002X', description: '18-character resident ID number; sex and birth date are derived from it' })
  @IsResidentId()
  residentId: string;

  @ApiPropertyOptional({ type: [IncomeInputDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => IncomeInputDto)
  incomes?: IncomeInputDto[];

  @ApiPropertyOptional({ type: [DeductionInputDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => DeductionInputDto)
  deductions?: DeductionInputDto[];
}

export class PaymentAccountDto {
  @ApiProperty({ enum: ACCOUNT_KINDS, example: 'credit_cooperative', description: 'Bank or rural credit cooperative passbook/card' })
  @IsIn(ACCOUNT_KINDS)
  kind: AccountKind;

  @ApiProperty({ example: '某县农村信用合作联社' })
  @IsString()
  @IsNotBlank()
  @MaxLength(100)
  institution: string;

  @ApiProperty({ example: '6228480012345678901', description: '8–30 digits' })
  @IsString()
  @Matches(/^\d{8,30}$/, { message: '$property must be 8 to 30 digits' })
  number: string;

  @ApiProperty({ example: '王秀英' })
  @IsString()
  @IsNotBlank()
  @MaxLength(100)
  holderName: string;
}

export class ProxyInputDto {
  @ApiProperty({ example: '李建国' })
  @IsString()
  @IsNotBlank()
  @MaxLength(100)
  name: string;

  @ApiProperty({ example: '110105198001010016', description: '18-character resident ID number of the proxy' })
  @IsResidentId()
  residentId: string;

  @ApiPropertyOptional({ example: 'neighbour' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  relation?: string;

  @ApiProperty({ example: 'CWH-2026-0042', description: "Reference of the village/community committee's entrustment certificate" })
  @IsString()
  @IsNotBlank()
  @MaxLength(100)
  entrustmentRef: string;
}

export class AssetInputDto {
  @ApiProperty({ enum: ASSET_KINDS, example: 'financial' })
  @IsIn(ASSET_KINDS)
  kind: AssetKind;

  @ApiPropertyOptional({ example: 500000, description: 'Value in fen (financial assets)', minimum: 0, maximum: MAX_FEN })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  valueFen?: number;

  @ApiPropertyOptional({ example: '定期存款' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class RegisterHouseholdDto {
  @ApiProperty({ enum: HUKOU_TYPES, example: 'agricultural', description: 'agricultural → rural scheme; non_agricultural → urban' })
  @IsIn(HUKOU_TYPES)
  hukou: Hukou;

  @ApiProperty({ example: 'T01', description: 'Township code; a caseworker registers only in their own township' })
  @IsString()
  @Matches(TOWNSHIP, { message: '$property must be 1–64 letters, digits, - or _' })
  township: string;

  @ApiProperty({ example: '红星村', description: 'Village (村) or urban community (社区)' })
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  village: string;

  @ApiProperty({ example: '红星村三组12号' })
  @IsString()
  @IsNotBlank()
  @MaxLength(500)
  address: string;

  @ApiPropertyOptional({ example: 'HX-0012', description: 'Household number in the county ledger (台帐)' })
  @IsOptional()
  @IsString()
  @Matches(/^[\w.\-/]{1,64}$/, { message: '$property must be 1–64 letters, digits or . _ - /' })
  ledgerNo?: string;

  @ApiProperty({ type: [MemberInputDto], description: 'Exactly one member has relation "head"' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => MemberInputDto)
  members: MemberInputDto[];

  @ApiPropertyOptional({ type: PaymentAccountDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PaymentAccountDto)
  account?: PaymentAccountDto;

  @ApiPropertyOptional({ type: [ProxyInputDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => ProxyInputDto)
  proxies?: ProxyInputDto[];

  @ApiPropertyOptional({ type: [AssetInputDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AssetInputDto)
  assets?: AssetInputDto[];
}
