import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { MAX_FEN, MAX_PERSONS } from '../../common/limits';
import { IsNotBlank } from '@dibao/platform';

export class PayeeDto {
  @ApiProperty({ enum: ['own-account', 'proxy'], example: 'proxy' })
  @IsIn(['own-account', 'proxy'])
  kind: 'own-account' | 'proxy';

  @ApiPropertyOptional({ description: 'Proxy (代领) only', example: '张三' })
  @ValidateIf((o: PayeeDto) => o.kind === 'proxy')
  @IsString()
  @IsNotBlank()
  @MaxLength(100)
  proxyName?: string;

  @ApiPropertyOptional({ description: 'Village/community committee entrustment certificate; proxy only', example: 'WT-2026-0042' })
  @ValidateIf((o: PayeeDto) => o.kind === 'proxy')
  @IsString()
  @IsNotBlank()
  @MaxLength(100)
  entrustmentRef?: string;
}

export class ChangeEnrolmentDto {
  @ApiProperty({ enum: ['adjust', 'suspend', 'resume', 'stop'], example: 'adjust' })
  @IsIn(['adjust', 'suspend', 'resume', 'stop'])
  kind: 'adjust' | 'suspend' | 'resume' | 'stop';

  @ApiPropertyOptional({
    description: 'First period the change applies to (default: the period after the latest payroll run of the scheme)',
    example: '2026-05',
  })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/, { message: 'fromPeriod must be YYYY-MM (urban) or YYYY-Qn (rural)' })
  fromPeriod?: string;

  @ApiPropertyOptional({
    description:
      'stop only: the last month still paid (YYYY-MM). The stop then applies from the month after it, inside its period if need be: ' +
      'a rural quarter partly paid pays only its months up to it. fromPeriod, if given, must be the period of that next month.',
    example: '2026-08',
  })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'lastPaidMonth must be a month YYYY-MM' })
  lastPaidMonth?: string;

  @ApiPropertyOptional({ description: 'adjust: the new monthly amount in fen', example: 30000, minimum: 0, maximum: MAX_FEN })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  monthlyAmountFen?: number;

  @ApiPropertyOptional({ description: 'adjust: the new number of counted persons', example: 2, minimum: 1, maximum: MAX_PERSONS })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PERSONS)
  persons?: number;

  @ApiPropertyOptional({ type: PayeeDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PayeeDto)
  payee?: PayeeDto;

  @ApiProperty({ description: 'Why (written notice with reasons, A art. 32)', example: '家庭成员就业, 收入超标' })
  @IsString()
  @IsNotBlank()
  @MaxLength(2000)
  reason: string;

  @ApiPropertyOptional({ description: "Caller's idempotency key: the same changeRef twice changes nothing", example: 'review-2026-0007' })
  @IsOptional()
  @IsString()
  @Matches(/^[\w.:/-]{1,128}$/, { message: 'changeRef must be 1-128 letters, digits or . : / - _' })
  changeRef?: string;
}

