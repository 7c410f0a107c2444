import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { MAX_OFFSET } from '../../common/limits';
import { QueryInt } from '@dibao/platform';

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

/** `?limit=&offset=` of the payments of a batch. */
export class ListBatchPaymentsQuery {
  @QueryInt({ min: 1, max: 10000, default: 1000 })
  limit?: number;

  @QueryInt({ min: 0, max: MAX_OFFSET, default: 0 })
  offset?: number;
}
