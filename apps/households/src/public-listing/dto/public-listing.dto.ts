import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { SCHEMES } from '@dibao/domain';
import type { Scheme } from '@dibao/domain';
import { IsNotBlank } from '@dibao/platform';

export class PublicListingQuery {
  @ApiPropertyOptional({ example: 'T01', description: 'Township code; a township role always gets its own township only' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  township?: string;

  @ApiPropertyOptional({ example: '红星村', description: 'Village or community, exactly as registered' })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  village?: string;

  @ApiPropertyOptional({ enum: SCHEMES })
  @IsOptional()
  @IsIn(SCHEMES)
  scheme?: Scheme;
}

/**
 * One household on the listing: what A art. 24 makes public (the head's name, the household size, the amount) and
 * nothing else — never a resident ID number, an address or an account.
 */
export class PublicListingRowView {
  @ApiProperty({ format: 'uuid' }) householdId: string;
  @ApiProperty({ example: 'T01' }) township: string;
  @ApiProperty({ example: '城关镇' }) townshipName: string;
  @ApiProperty({ example: '红星村' }) village: string;
  @ApiProperty({ enum: SCHEMES }) scheme: Scheme;
  @ApiProperty({ example: '王德明', nullable: true, type: String, description: "The head of household's name (户主姓名)" }) headName: string | null;
  @ApiProperty({ example: 3, description: 'Counted household members (保障人数, A art. 7), as approved or last changed' }) persons: number;
  @ApiProperty({ example: 45000, description: 'Monthly amount, integer fen' }) monthlyAmountFen: number;
  @ApiProperty({ example: '450.00', description: 'Monthly amount in yuan, two decimals' }) monthlyAmountYuan: string;
  @ApiProperty({ example: '2027-Q1', nullable: true, type: String, description: 'Since when: the first payment period of the benefit' }) since: string | null;
  @ApiProperty({ example: '2026-12-20', nullable: true, type: String }) approvedOn: string | null;
  @ApiProperty({ example: '2027-Q2', nullable: true, type: String, description: 'The period the current amount applies from' }) amountFromPeriod: string | null;
  @ApiProperty({ description: 'Payment is suspended (the household is still a beneficiary; A art. 32)' }) suspended: boolean;
  @ApiProperty({ example: null, nullable: true, type: String }) suspendedFromPeriod: string | null;
}

export class PublicListingView {
  @ApiProperty({ example: 'T01', nullable: true, type: String, description: 'The township asked for (a township role: its own)' }) township: string | null;
  @ApiProperty({ example: '红星村', nullable: true, type: String }) village: string | null;
  @ApiProperty({ enum: SCHEMES, nullable: true }) scheme: Scheme | null;
  @ApiProperty({ example: '2026-12-04', description: 'The date the listing was drawn up (today in China)' }) drawnUpOn: string;
  @ApiProperty({ example: '县民政局', description: 'The county office publishing it' }) office: string;
  @ApiProperty() households: number;
  @ApiProperty() persons: number;
  @ApiProperty({ description: 'Sum of the monthly amounts, fen' }) monthlyAmountFen: number;
  @ApiProperty({ type: [PublicListingRowView], description: 'Sorted by township, village, then the head’s name (pinyin order)' }) rows: PublicListingRowView[];
}
