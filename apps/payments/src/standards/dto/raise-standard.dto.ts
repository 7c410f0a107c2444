import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { MAX_FEN } from '../../common/limits';
import { IsNotBlank } from '@dibao/platform';

export class RaiseStandardDto {
  @ApiProperty({ enum: ['urban', 'rural'], example: 'urban' })
  @IsIn(['urban', 'rural'])
  scheme: 'urban' | 'rural';

  @ApiPropertyOptional({ description: "'county' (default) or a township id with its own standard", example: 'county' })
  @IsOptional()
  @IsString()
  @Matches(/^[\w-]{1,64}$/, { message: 'area must be county or a township id (letters, digits, - and _)' })
  area?: string;

  @ApiProperty({ description: 'Integer fen: urban per person per month, rural per person per year', example: 18000, minimum: 1, maximum: MAX_FEN })
  @IsInt()
  @Min(1)
  @Max(MAX_FEN)
  amountFen: number;

  @ApiProperty({
    description: 'Date the standard takes effect; households are recalculated from the first period starting on or after it',
    example: '2026-04-01',
  })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'effectiveFrom must be a date YYYY-MM-DD' })
  effectiveFrom: string;

  @ApiProperty({ description: 'Why (the decision or document raising the standard)', example: '县政府文件 2026-12 号: 提标' })
  @IsString()
  @IsNotBlank()
  @MaxLength(2000)
  reason: string;
}
