import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class ListBatchesQuery {
  @ApiPropertyOptional({ enum: ['urban', 'rural'] })
  @IsOptional()
  @IsIn(['urban', 'rural'])
  scheme?: 'urban' | 'rural';

  @ApiPropertyOptional({ example: '2026-03' })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/, { message: 'period must be YYYY-MM or YYYY-Qn' })
  period?: string;

  @ApiPropertyOptional({ example: 'T01' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  township?: string;

  @ApiPropertyOptional({ enum: ['draft', 'approved', 'released', 'reconciled'] })
  @IsOptional()
  @IsIn(['draft', 'approved', 'released', 'reconciled'])
  status?: string;
}
