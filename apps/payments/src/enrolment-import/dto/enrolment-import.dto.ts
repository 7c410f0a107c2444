import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export class EnrolmentImportRowDto {
  @ApiProperty({ example: '6f1c0f5e-2b7a-4a3e-9d51-0c1e2f3a4b5c', description: "The household's id in the households registry" })
  @Matches(ID)
  householdId: string;

  @ApiProperty({ example: 'T01' })
  @Matches(ID)
  township: string;

  @ApiProperty({ enum: ['urban', 'rural'] })
  @IsIn(['urban', 'rural'])
  scheme: 'urban' | 'rural';

  @ApiProperty({ example: 2, minimum: 1, maximum: 30 })
  @IsInt()
  @Min(1)
  @Max(30)
  persons: number;

  @ApiProperty({ example: 28000, description: 'Benefit per month in integer fen, as the ledger pays it today' })
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  monthlyAmountFen: number;

  @ApiProperty({ example: 'DEMO-T01-000123', description: 'Ledger number (台帐编号): the enrolment says where it came from' })
  @Matches(/^[A-Za-z0-9_./-]{1,64}$/)
  ledgerNo: string;
}

export class EnrolmentImportDto {
  @ApiProperty({ example: '县民政局2026年第一季度台帐', description: 'The ledger this import comes from; part of every idempotency key' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  reference: string;

  @ApiProperty({ example: '2026-01', description: 'First period paid to urban rows (YYYY-MM)' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/)
  urbanStartPeriod: string;

  @ApiProperty({ example: '2026-Q1' })
  @Matches(/^\d{4}-Q[1-4]$/)
  ruralStartPeriod: string;

  @ApiPropertyOptional({ description: 'Why these households are enrolled without a case (default: existing beneficiaries of the ledger)' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;

  @ApiProperty({ type: [EnrolmentImportRowDto], maxItems: 5000 })
  @ValidateNested({ each: true })
  @Type(() => EnrolmentImportRowDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  rows: EnrolmentImportRowDto[];
}
