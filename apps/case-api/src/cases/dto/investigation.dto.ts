import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

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
] as const;
const EXCLUSIONS = ['in_prison', 'compulsory_drug_rehabilitation', 'declared_missing', 'clergy_living_away'] as const;
const MAX_FEN = 10_000_000_000;

export class MemberDto {
  @ApiProperty({ example: 'm1' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  id: string;

  @ApiPropertyOptional({ example: 'Zhang Wei' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ enum: EXCLUSIONS, description: 'Why the person is not counted as a member (A art. 7)' })
  @IsOptional()
  @IsIn(EXCLUSIONS)
  exclusion?: (typeof EXCLUSIONS)[number];

  @ApiProperty({ example: true })
  @IsBoolean()
  ableToWork: boolean;

  @ApiProperty({ example: false, description: 'Has a legal supporter able to support them' })
  @IsBoolean()
  hasLegalSupporter: boolean;

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @IsBoolean()
  severelyDisabled?: boolean;

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @IsBoolean()
  seriouslyIll?: boolean;
}

export class IncomeDto {
  @ApiProperty({
    enum: INCOME_CATEGORIES,
    example: 'wages',
    description: 'Counted (A art. 13): wages, business, property, transfer; the others are exempt (A art. 14)',
  })
  @IsIn(INCOME_CATEGORIES)
  category: (typeof INCOME_CATEGORIES)[number];

  @ApiProperty({ example: 10000, description: 'Gross amount for the period, integer fen' })
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  amount: number;

  @ApiPropertyOptional({ example: 0, description: 'Job or earning costs for the same period, integer fen' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  costs?: number;

  @ApiProperty({ enum: ['monthly', 'annual'], example: 'monthly' })
  @IsIn(['monthly', 'annual'])
  period: 'monthly' | 'annual';

  @ApiPropertyOptional({ example: 'm1', description: 'The member it belongs to; absent for household income' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  memberId?: string;
}

export class DeductionDto {
  @ApiProperty({ enum: ['medical', 'disability'], example: 'medical' })
  @IsIn(['medical', 'disability'])
  kind: 'medical' | 'disability';

  @ApiProperty({ example: 3000 })
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  amount: number;

  @ApiProperty({ enum: ['monthly', 'annual'], example: 'monthly' })
  @IsIn(['monthly', 'annual'])
  period: 'monthly' | 'annual';

  @ApiPropertyOptional({ example: 'm2' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  memberId?: string;
}

export class AssetsDto {
  @ApiProperty({ example: 0, description: 'Savings, securities and other financial assets, integer fen' })
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  financialAssetsFen: number;

  @ApiProperty({ example: 0 })
  @IsInt()
  @Min(0)
  @Max(100)
  motorVehicles: number;

  @ApiProperty({ example: 0 })
  @IsInt()
  @Min(0)
  @Max(100)
  additionalDwellings: number;

  @ApiPropertyOptional({ example: 'one dwelling, 60 m²' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

export class DataCheckDto {
  @ApiProperty({ enum: ['passed', 'failed'], example: 'passed', description: "The county's economic data check (家庭经济状况核对)" })
  @IsIn(['passed', 'failed'])
  result: 'passed' | 'failed';

  @ApiPropertyOptional({ example: 'no vehicles, no property beyond the dwelling' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  findings?: string;
}

/** What investigators verify in a household: who counts and what they earn. Shared by applications and reviews. */
export class HouseholdFactsDto {
  @ApiProperty({ example: ['inv-zhao', 'inv-qian'], description: 'At least two investigators (both sign)' })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(100, { each: true })
  investigators: string[];

  @ApiProperty({
    type: [MemberDto],
    example: [
      { id: 'm1', name: 'Zhang Wei', ableToWork: true, hasLegalSupporter: false },
      { id: 'm2', name: 'Zhang Li', ableToWork: false, hasLegalSupporter: false },
    ],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => MemberDto)
  members: MemberDto[];

  @ApiProperty({ type: [IncomeDto], example: [{ category: 'wages', amount: 10000, period: 'monthly', memberId: 'm1' }] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => IncomeDto)
  incomes: IncomeDto[];

  @ApiPropertyOptional({ type: [DeductionDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => DeductionDto)
  deductions?: DeductionDto[];
}

export class RecordInvestigationDto extends HouseholdFactsDto {
  @ApiProperty({ type: AssetsDto })
  @IsObject()
  @ValidateNested()
  @Type(() => AssetsDto)
  assets: AssetsDto;

  @ApiProperty({ type: DataCheckDto })
  @IsObject()
  @ValidateNested()
  @Type(() => DataCheckDto)
  dataCheck: DataCheckDto;
}
