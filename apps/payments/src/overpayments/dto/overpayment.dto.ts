import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsNotBlank } from '@dibao/platform';
import { MAX_APPROPRIATION_FEN } from '../../common/limits';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class RecordRecoveryDto {
  @ApiProperty({ description: 'Integer fen repaid; at most what is still outstanding', example: 25000, minimum: 1, maximum: MAX_APPROPRIATION_FEN })
  @IsInt()
  @Min(1)
  @Max(MAX_APPROPRIATION_FEN)
  amountFen: number;

  @ApiProperty({ example: '2026-10-15', description: 'The day the money reached the fund account (not in the future)' })
  @Matches(DATE, { message: 'receivedOn must be a date YYYY-MM-DD' })
  receivedOn: string;

  @ApiProperty({ example: '退款-2026-0042', description: 'The receipt number; recording it twice changes nothing' })
  @IsString()
  @IsNotBlank()
  @MaxLength(100)
  reference: string;

  @ApiPropertyOptional({ example: '本人到乡镇财政所退回' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class RecordFineDto {
  @ApiProperty({ description: 'Integer fen; C art. 68: one to three times the amount obtained by fraud', example: 50000, minimum: 1, maximum: MAX_APPROPRIATION_FEN })
  @IsInt()
  @Min(1)
  @Max(MAX_APPROPRIATION_FEN)
  amountFen: number;

  @ApiProperty({ example: '2026-10-20', description: 'The day of the decision (not in the future)' })
  @Matches(DATE, { message: 'decidedOn must be a date YYYY-MM-DD' })
  decidedOn: string;

  @ApiProperty({ example: '县民罚决字〔2026〕3号', description: 'The decision document; recording it twice changes nothing' })
  @IsString()
  @IsNotBlank()
  @MaxLength(100)
  decisionRef: string;

  @ApiProperty({ example: '隐瞒家庭成员务工收入骗取低保金' })
  @IsString()
  @IsNotBlank()
  @MaxLength(2000)
  reason: string;
}

export class ListOverpaymentsQuery {
  @ApiPropertyOptional({ example: 'T01' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  township?: string;

  @ApiPropertyOptional({ enum: ['open', 'recovered', 'cancelled'] })
  @IsOptional()
  @IsIn(['open', 'recovered', 'cancelled'])
  status?: 'open' | 'recovered' | 'cancelled';

  @ApiPropertyOptional({ example: 'hh-0001' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  householdId?: string;
}
