import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export class StartReviewCampaignDto {
  @ApiProperty({ example: 'county-2027-annual', description: 'The campaign key: the same key again starts nothing new' })
  @Matches(/^[\w-]{1,64}$/, { message: 'campaignKey must be 1-64 letters, digits, _ or -' })
  campaignKey: string;

  @ApiPropertyOptional({ example: 'T01', description: 'A township campaign; absent: the whole county' })
  @IsOptional()
  @Matches(/^[\w-]{1,64}$/, { message: 'township must be 1-64 letters, digits, _ or -' })
  township?: string;

  @ApiProperty({ example: '2027-03-31', description: 'Reviews due on or before this date are started' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dueBy must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true }, { message: 'dueBy must be a real calendar date' })
  dueBy: string;

  @ApiPropertyOptional({ example: 50, description: 'Beneficiaries signalled per batch (default 50)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  batchSize?: number;

  @ApiPropertyOptional({ example: 1000, description: 'Pause between batches in ms (default 1000)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(600_000)
  pauseMs?: number;

  @ApiPropertyOptional({ example: 60, description: 'Days the campaign waits for review results before closing (default 60)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(366)
  resultWaitDays?: number;
}
