import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';

export class StartPayrollRunDto {
  @ApiProperty({ enum: ['urban', 'rural'], example: 'urban' })
  @IsIn(['urban', 'rural'])
  scheme: 'urban' | 'rural';

  @ApiProperty({ description: "'2026-03' (urban, monthly) or '2026-Q2' (rural, quarterly)", example: '2026-03' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/, { message: 'period must be YYYY-MM (urban) or YYYY-Qn (rural)' })
  period: string;

  @ApiPropertyOptional({ description: 'Answer only when the run has finished (default: answer at once, 202, and poll GET)', default: false })
  @IsOptional()
  @IsBoolean()
  wait?: boolean;
}
