import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { QueryInt } from '@dibao/platform';
import { BENEFICIARY_STAGES } from '@dibao/contracts';

export const BENEFICIARY_PAGE_SIZE_MAX = 200;

export class ListBeneficiariesQueryDto {
  @ApiPropertyOptional({ example: 'T01', description: 'Township roles see only their own township (default: theirs)' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, { message: 'township must be 1–64 letters, digits, "_" or "-"' })
  township?: string;

  @ApiPropertyOptional({ enum: ['urban', 'rural'], example: 'rural' })
  @IsOptional()
  @IsIn(['urban', 'rural'], { message: 'scheme must be urban or rural' })
  scheme?: 'urban' | 'rural';

  @ApiPropertyOptional({ enum: BENEFICIARY_STAGES, example: 'review', description: "The benefit's stage (DibaoStage)" })
  @IsOptional()
  @IsIn(BENEFICIARY_STAGES as string[], { message: `status must be one of ${BENEFICIARY_STAGES.join(', ')}` })
  status?: string;

  @ApiPropertyOptional({ example: '2027-03-01', description: 'Only households whose next review (or open review) is due before this date' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'reviewDueBefore must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true }, { message: 'reviewDueBefore must be a real calendar date' })
  reviewDueBefore?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], example: 'true', description: 'Only households with an overdue review or re-appraisal (or only those without)' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'overdue must be true or false' })
  overdue?: 'true' | 'false';

  @QueryInt({ min: 1, max: BENEFICIARY_PAGE_SIZE_MAX, default: 50 })
  pageSize?: number;

  @ApiPropertyOptional({ description: 'nextPageToken of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  @Matches(/^[A-Za-z0-9_.-]+$/, { message: 'pageToken must be a token returned by this API' })
  pageToken?: string;
}

export class BeneficiarySummaryDto {
  @ApiProperty({ example: 'b7c1f9e2-4a1d-4c55-9d0e-2f7f6c3a9b10' })
  householdId: string;

  @ApiProperty({ example: 'dibao-beneficiary-b7c1f9e2-4a1d-4c55-9d0e-2f7f6c3a9b10' })
  workflowId: string;

  @ApiProperty({ example: 'T01' })
  township: string;

  @ApiProperty({ example: 'rural' })
  scheme: string;

  @ApiProperty({ enum: BENEFICIARY_STAGES, example: 'active' })
  status: string;

  @ApiProperty({ example: false, description: 'A review or the yearly village re-appraisal is past its date' })
  overdue: boolean;

  @ApiPropertyOptional({ example: '2027-03-01', description: 'The next review date, or the open review’s due date' })
  reviewDueOn?: string;

  @ApiPropertyOptional({ example: '2027-02-28T16:00:00.000Z', description: 'DibaoStageDeadline' })
  stageDeadline?: string;

  @ApiProperty({ example: 'RUNNING', description: 'Temporal execution status (COMPLETED once the benefit has ended)' })
  executionStatus: string;
}

export class BeneficiaryListDto {
  @ApiProperty({ type: [BeneficiarySummaryDto] })
  items: BeneficiarySummaryDto[];

  @ApiPropertyOptional({ description: 'Pass as pageToken for the next page; absent on the last page' })
  nextPageToken?: string;
}
