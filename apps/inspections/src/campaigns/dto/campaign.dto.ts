import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsNotBlank } from '@dibao/platform';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class CreateCampaignDto {
  @ApiProperty({ example: '2026年第四季度城乡低保督查' })
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: '2026-10-01' })
  @Matches(DATE, { message: 'startsOn must be a date YYYY-MM-DD' })
  startsOn: string;

  @ApiProperty({ example: '2026-12-31' })
  @Matches(DATE, { message: 'endsOn must be a date YYYY-MM-DD' })
  endsOn: string;

  @ApiPropertyOptional({ example: 3, default: 3, description: 'Visits every township gets at least' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  minVisitsPerTownship?: number;

  @ApiPropertyOptional({ example: 30, default: 30, description: 'Share of approved cases drawn for spot checks, in percent' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  sampleSharePercent?: number;

  @ApiPropertyOptional({ example: '2026Q4-county', description: 'Seed of the spot-check draw (default: the campaign id)' })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(100)
  sampleSeed?: string;
}

export class PlanCellDto {
  @ApiProperty({ example: '5d0c6d0e-8a51-4c6f-9d0e-3b1b0b6c2c11' })
  @IsUUID()
  groupId: string;

  @ApiProperty({ example: 1 })
  @IsInt()
  @Min(0)
  @Max(20)
  plannedVisits: number;
}

export class UpdateTownshipPlanDto {
  @ApiProperty({ type: [PlanCellDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => PlanCellDto)
  visits: PlanCellDto[];
}

export interface CampaignView {
  id: string;
  name: string;
  startsOn: string;
  endsOn: string;
  minVisitsPerTownship: number;
  sampleSharePercent: number;
  sampleSeed: string;
}
