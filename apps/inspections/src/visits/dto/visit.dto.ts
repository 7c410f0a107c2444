import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { findingCategorySchema, findingSeveritySchema, type FindingCategory, type FindingSeverity } from '@dibao/contracts';
import { IsNotBlank } from '@dibao/platform';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const FINDING_CATEGORIES = findingCategorySchema.options;
export const FINDING_SEVERITIES = findingSeveritySchema.options;

export class RectificationInputDto {
  @ApiProperty({ example: '一个月内补齐全部低保档案材料并重新公示' })
  @IsString()
  @IsNotBlank()
  @MaxLength(4000)
  requirement: string;

  @ApiProperty({ example: '2026-11-30', description: 'Rectification deadline; today or later' })
  @Matches(DATE, { message: 'deadline must be a date YYYY-MM-DD' })
  deadline: string;
}

export class FindingInputDto {
  @ApiProperty({ enum: FINDING_CATEGORIES, example: 'missing_materials' })
  @IsIn(FINDING_CATEGORIES)
  category: FindingCategory;

  @ApiProperty({ enum: FINDING_SEVERITIES, example: 'moderate', description: 'minor 一般 / moderate 较重 / serious 严重' })
  @IsIn(FINDING_SEVERITIES)
  severity: FindingSeverity;

  @ApiProperty({ example: '抽查的12户中有3户缺少家庭经济状况核对报告' })
  @IsString()
  @IsNotBlank()
  @MaxLength(4000)
  description: string;

  @ApiPropertyOptional({ example: ['case-0001'], description: 'Cases the finding is about' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @IsNotBlank({ each: true })
  @MaxLength(64, { each: true })
  relatedCaseIds?: string[];

  @ApiPropertyOptional({ example: ['hh-0001'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @IsNotBlank({ each: true })
  @MaxLength(64, { each: true })
  relatedHouseholdIds?: string[];

  @ApiPropertyOptional({
    example: false,
    description: 'Ask the case side for a special review of every related case (inspection.case-flagged); the cases must be approved cases of the township',
  })
  @IsOptional()
  @IsBoolean()
  flagCasesForReview?: boolean;

  @ApiPropertyOptional({ type: RectificationInputDto, description: 'Order rectification (整改) on the spot' })
  @IsOptional()
  @ValidateNested()
  @Type(() => RectificationInputDto)
  rectification?: RectificationInputDto;
}

export class CreateVisitDto {
  @ApiPropertyOptional({ example: 'tablet7-2026-11-03-001', description: 'Idempotency key of an offline submission (or the Idempotency-Key header)' })
  @IsOptional()
  @IsString()
  submissionId?: string;

  @ApiProperty({ example: '0d7e0c1a-8a51-4c6f-9d0e-3b1b0b6c2c11' })
  @IsUUID()
  campaignId: string;

  @ApiProperty({ example: '5d0c6d0e-8a51-4c6f-9d0e-3b1b0b6c2c11' })
  @IsUUID()
  groupId: string;

  @ApiProperty({ example: 'T01' })
  @IsString()
  @IsNotBlank()
  @MaxLength(32)
  township: string;

  @ApiProperty({ example: '2026-11-03' })
  @Matches(DATE, { message: 'visitedOn must be a date YYYY-MM-DD' })
  visitedOn: string;

  @ApiProperty({ example: ['低保档案', '公示栏', '资金发放台账'], description: 'What was checked' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotBlank({ each: true })
  @MaxLength(200, { each: true })
  checked: string[];

  @ApiPropertyOptional({ example: ['村务公开栏按月更新低保名单'], description: 'Good practice worth promoting' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsNotBlank({ each: true })
  @MaxLength(2000, { each: true })
  goodPractice?: string[];

  @ApiPropertyOptional({ example: '乡镇分管领导陪同' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  notes?: string;

  @ApiPropertyOptional({ type: [FindingInputDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => FindingInputDto)
  findings?: FindingInputDto[];
}

export class AddFindingsDto {
  @ApiPropertyOptional({ example: 'tablet7-2026-11-03-002' })
  @IsOptional()
  @IsString()
  submissionId?: string;

  @ApiProperty({ type: [FindingInputDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => FindingInputDto)
  findings: FindingInputDto[];
}

export interface FindingView {
  id: string;
  visitId: string;
  campaignId: string;
  township: string;
  category: FindingCategory;
  severity: FindingSeverity;
  description: string;
  relatedCaseIds: string[];
  relatedHouseholdIds: string[];
  flaggedCaseIds: string[];
  orderId: string | null;
}

export interface VisitView {
  id: string;
  campaignId: string;
  groupId: string;
  township: string;
  visitedOn: string;
  checked: string[];
  goodPractice: string[];
  notes: string | null;
  recordedBy: string;
  findings: FindingView[];
}
