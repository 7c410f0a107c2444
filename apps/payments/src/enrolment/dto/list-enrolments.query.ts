import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

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

  @ApiPropertyOptional({ default: 100, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}
