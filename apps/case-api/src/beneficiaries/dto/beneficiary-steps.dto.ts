import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsDateString,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { HouseholdFactsDto } from '../../cases/dto/investigation.dto';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class ReportChangeDto {
  @ApiProperty({ enum: ['income', 'member-joined', 'member-left', 'death', 'employment', 'other'], example: 'death' })
  @IsIn(['income', 'member-joined', 'member-left', 'death', 'employment', 'other'])
  kind: 'income' | 'member-joined' | 'member-left' | 'death' | 'employment' | 'other';

  @ApiProperty({ example: '2026-11-20', description: 'When it happened; a death is reviewed within 3 months of it' })
  @Matches(DATE, { message: 'occurredOn must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true }, { message: 'occurredOn must be a real calendar date' })
  occurredOn: string;

  @ApiProperty({ example: 'the grandfather died on 20 November' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  description: string;
}

/** A periodic or special review: the same verified facts as an application's investigation, and its outcome. */
export class RecordReviewDto extends HouseholdFactsDto {
  @ApiProperty({
    enum: ['keep', 'change', 'suspend', 'terminate', 'gradual-exit'],
    example: 'change',
    description: 'keep/change: amount from the facts (must be > 0); suspend/terminate/gradual-exit need a notice',
  })
  @IsIn(['keep', 'change', 'suspend', 'terminate', 'gradual-exit'])
  outcome: 'keep' | 'change' | 'suspend' | 'terminate' | 'gradual-exit';

  @ApiProperty({ example: 'pension raised in October' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;

  @ApiPropertyOptional({ example: '低保待遇终止通知: …', description: 'Written notice with reasons (A art. 32)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  notice?: string;

  @ApiPropertyOptional({ enum: ['stable', 'irregular'], description: 'Default: from the facts (A art. 31)' })
  @IsOptional()
  @IsIn(['stable', 'irregular'])
  cadence?: 'stable' | 'irregular';

  @ApiPropertyOptional({
    example: 3,
    description:
      "gradual-exit only: months of continued payment for this case (渐退期), 1 to the policy's limit (6, checked by the case " +
      'workflow: 400 naming gradualExitMonths above it). Default: the worker setting BENEFICIARY_GRADUAL_EXIT_MONTHS',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  gradualExitMonths?: number;
}

export class ResumeDto {
  @ApiProperty({ example: 'the household returned home' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}

export class ApplyStandardDto {
  @ApiProperty({ example: 18000, description: 'New standard per person (urban per month, rural per year), fen' })
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  standardFen: number;

  @ApiProperty({ example: '2027-01-01' })
  @Matches(DATE, { message: 'effectiveFrom must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true }, { message: 'effectiveFrom must be a real calendar date' })
  effectiveFrom: string;

  @ApiProperty({ example: '县政府提标文件 2027-1' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}
