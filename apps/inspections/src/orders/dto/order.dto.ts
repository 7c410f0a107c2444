import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBooleanString, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
import type { OrderStatus } from '../rectification-order.entity';
import { IsNotBlank } from '@dibao/platform';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class IssueOrderDto {
  @ApiProperty({ example: '十五个工作日内完成入户复核并报送整改报告' })
  @IsString()
  @IsNotBlank()
  @MaxLength(4000)
  requirement: string;

  @ApiProperty({ example: '2026-12-15', description: 'Today or later' })
  @Matches(DATE, { message: 'deadline must be a date YYYY-MM-DD' })
  deadline: string;
}

export class RespondOrderDto {
  @ApiProperty({ example: '已补齐3户核对报告，并在村务公开栏重新公示7天' })
  @IsString()
  @IsNotBlank()
  @MaxLength(4000)
  response: string;
}

export class VerifyOrderDto {
  @ApiProperty({ example: '0d7e0c1a-8a51-4c6f-9d0e-3b1b0b6c2c11', description: 'The follow-up visit that checked the rectification' })
  @IsUUID()
  visitId: string;

  @ApiProperty({ enum: ['closed', 'reopened'], example: 'closed' })
  @IsIn(['closed', 'reopened'])
  outcome: 'closed' | 'reopened';

  @ApiPropertyOptional({ example: '现场核实整改到位' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  note?: string;

  @ApiPropertyOptional({ example: '2027-01-15', description: 'Required when reopened: the new deadline' })
  @ValidateIf((o: VerifyOrderDto) => o.outcome === 'reopened' || o.newDeadline !== undefined)
  @Matches(DATE, { message: 'newDeadline must be a date YYYY-MM-DD (required when the order is reopened)' })
  newDeadline?: string;
}

export class ListOrdersQuery {
  @ApiPropertyOptional({ example: 'T01' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  township?: string;

  @ApiPropertyOptional({ enum: ['open', 'responded', 'closed'] })
  @IsOptional()
  @IsIn(['open', 'responded', 'closed'])
  status?: OrderStatus;

  @ApiPropertyOptional({ example: 'true' })
  @IsOptional()
  @IsBooleanString()
  overdue?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  campaignId?: string;
}

export interface OrderView {
  id: string;
  findingId: string;
  campaignId: string;
  township: string;
  requirement: string;
  status: OrderStatus;
  deadline: string;
  issuedOn: string;
  overdue: boolean;
  response: string | null;
  respondedOn: string | null;
  closedOn: string | null;
  closedOnTime: boolean | null;
  reopenCount: number;
  history?: { action: string; note: string | null; visitId: string | null; deadline: string; actorId: string; actorRole: string; at: string }[];
}

/** One step in a record's history: the same shape households, payments and inspections answer their audit reads with. */
export class AuditEntryView {
  @ApiProperty({ example: '42' }) id: string;
  @ApiProperty({ example: 'rectification-order' }) entity: string;
  @ApiProperty({ example: '0d7e0c1a-8a51-4c6f-9d0e-3b1b0b6c2c11' }) entityId: string;
  @ApiProperty({ example: 'reopened', description: 'issued, responded, overdue, reopened, closed' }) action: string;
  @ApiProperty({ type: Object, example: { deadline: '2027-01-15', note: '仍有2户未补发', visitId: '5b0c…' } }) changes: Record<string, unknown>;
  @ApiProperty({ example: 'inspector-wang' }) actorId: string;
  @ApiProperty({ example: 'inspector' }) actorRole: string;
  @ApiPropertyOptional({ example: '王建国', description: "The person's name, when their identity provider's token carried one" }) actorName?: string;
  @ApiProperty({ example: '2026-12-04T08:15:00.000Z' }) at: string;
}
