import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { MAX_OFFSET } from '../../common/limits';
import { QueryInt } from '@dibao/platform';

export class ListEnrolmentsQuery {
  @ApiPropertyOptional({ example: 'T01' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  township?: string;

  @ApiPropertyOptional({ enum: ['urban', 'rural'] })
  @IsOptional()
  @IsIn(['urban', 'rural'])
  scheme?: 'urban' | 'rural';

  @ApiPropertyOptional({ enum: ['active', 'suspended', 'stopped'] })
  @IsOptional()
  @IsIn(['active', 'suspended', 'stopped'])
  status?: string;

  @ApiPropertyOptional({ example: 'H-0001' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  householdId?: string;

  @QueryInt({ min: 1, max: 1000, default: 100 })
  limit?: number;

  @QueryInt({ min: 0, max: MAX_OFFSET, default: 0 })
  offset?: number;
}
