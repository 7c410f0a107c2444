import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';
import { QueryInt } from '@dibao/platform';
import { ACTIVE_CASE_STAGES } from '@dibao/domain';

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export class OverviewQueryDto {
  @ApiPropertyOptional({ enum: ['urban', 'rural'], example: 'rural' })
  @IsOptional()
  @IsIn(['urban', 'rural'])
  scheme?: 'urban' | 'rural';

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'recompute now instead of serving the overview of the last few seconds' })
  @IsOptional()
  @IsIn(['true', 'false'])
  fresh?: 'true' | 'false';
}

export class SupervisedCasesQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'overdue', 'stalled'], default: 'open' })
  @IsOptional()
  @IsIn(['open', 'overdue', 'stalled'])
  kind?: 'open' | 'overdue' | 'stalled';

  @ApiPropertyOptional({ enum: ACTIVE_CASE_STAGES, example: 'investigation' })
  @IsOptional()
  @IsIn(ACTIVE_CASE_STAGES as string[])
  stage?: string;

  @ApiPropertyOptional({ enum: ['urban', 'rural'] })
  @IsOptional()
  @IsIn(['urban', 'rural'])
  scheme?: 'urban' | 'rural';

  @QueryInt({ min: 1, max: 500, default: 100 })
  pageSize?: number;

  @ApiPropertyOptional({ description: 'nextPageToken of the previous page' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.-]{1,4096}$/)
  pageToken?: string;
}

export class AlertsQueryDto {
  @ApiPropertyOptional({ description: 'only alerts that occurred at or after this instant', example: '2026-03-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;

  @ApiPropertyOptional({ description: 'nextAfter of the previous page', example: '120' })
  @IsOptional()
  @Matches(/^\d{1,18}$/)
  after?: string;

  @ApiPropertyOptional({ example: 'T01' })
  @IsOptional()
  @Matches(ID)
  township?: string;

  @QueryInt({ min: 1, max: 500, default: 100 })
  pageSize?: number;
}

export class StageTimesQueryDto {
  @ApiPropertyOptional({ description: 'only stages left at or after this instant', example: '2026-01-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;

  @ApiPropertyOptional({ example: 'T01' })
  @IsOptional()
  @Matches(ID)
  township?: string;
}

export class WorkloadQueryDto {
  @ApiPropertyOptional({ example: 'T01' })
  @IsOptional()
  @Matches(ID)
  township?: string;
}

export const TOWNSHIP_PATTERN = ID;
