import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { MAX_APPROPRIATION_FEN } from '../../common/limits';
import { IsNotBlank } from '@dibao/platform';

export class RecordAppropriationDto {
  @ApiProperty({ enum: ['urban', 'rural'], description: 'The fund account (专户) of the scheme', example: 'urban' })
  @IsIn(['urban', 'rural'])
  account: 'urban' | 'rural';

  @ApiProperty({ description: 'The appropriation document number; recording it twice changes nothing', example: '财社〔2026〕15号' })
  @IsString()
  @IsNotBlank()
  @MaxLength(100)
  reference: string;

  @ApiProperty({ description: 'Integer fen', example: 120000000, minimum: 1, maximum: MAX_APPROPRIATION_FEN })
  @IsInt()
  @Min(1)
  @Max(MAX_APPROPRIATION_FEN)
  amountFen: number;

  @ApiProperty({ example: '2026-03-02' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'receivedOn must be a date YYYY-MM-DD' })
  receivedOn: string;

  @ApiPropertyOptional({ example: '一季度城市低保资金' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}
