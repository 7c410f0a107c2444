import { QueryInt } from '@dibao/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDateString,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class AcceptApplicationDto {
  @ApiPropertyOptional({ example: 'all materials complete' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class ReturnApplicationDto {
  @ApiProperty({ example: ['hukou booklet', 'income certificate of Zhang Wei'], description: 'Every missing material, in one notice (A art. 10)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(500, { each: true })
  missingMaterials: string[];
}

/** A art. 15: the township starts the household investigation (within 3 working days of acceptance). */
export class StartInvestigationDto {
  @ApiPropertyOptional({ example: '2026-12-07', description: 'The day the investigation started (not before acceptance, not after today); default today' })
  @IsOptional()
  @Matches(DATE, { message: 'startedOn must be a date YYYY-MM-DD' })
  startedOn?: string;

  @ApiPropertyOptional({ example: ['inv-zhao', 'inv-qian'], description: 'Who went to the household' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(128, { each: true })
  investigators?: string[];

  @ApiPropertyOptional({ example: 'first household visit' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

/** A art. 17: the county starts the household economic-status data check (核对), within 3 working days. */
export class StartDataCheckDto {
  @ApiPropertyOptional({ example: '2026-12-07', description: 'The day the check started (not before acceptance, not after today); default today' })
  @IsOptional()
  @Matches(DATE, { message: 'startedOn must be a date YYYY-MM-DD' })
  startedOn?: string;

  @ApiPropertyOptional({ example: 'HD-2026-12-0042', description: "The county check system's reference" })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  reference?: string;
}

export class ContestDataCheckDto {
  @ApiProperty({ example: 'the car was sold in 2024; transfer certificate attached' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  evidence: string;
}

export class RecordRecheckDto {
  @ApiProperty({ enum: ['passed', 'failed'], example: 'passed' })
  @IsIn(['passed', 'failed'])
  result: 'passed' | 'failed';

  @ApiPropertyOptional({ example: 'transfer confirmed by the vehicle registry' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  findings?: string;
}

export class ConcludeInvestigationDto {
  @ApiPropertyOptional({ example: 'the applicant does not contest the data check' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class AppraisalTallyDto {
  @ApiProperty({ example: 30 })
  @IsInt()
  @Min(0)
  @Max(100_000)
  attendees: number;

  @ApiProperty({ example: 10, description: 'Village (resident) representatives present' })
  @IsInt()
  @Min(0)
  @Max(100_000)
  villagerRepresentatives: number;

  @ApiProperty({ example: 12, description: 'All representatives of the village' })
  @IsInt()
  @Min(0)
  @Max(100_000)
  representativesTotal: number;

  @ApiProperty({ example: 20 })
  @IsInt()
  @Min(0)
  @Max(100_000)
  approve: number;

  @ApiProperty({ example: 5 })
  @IsInt()
  @Min(0)
  @Max(100_000)
  reject: number;

  @ApiProperty({ example: 3 })
  @IsInt()
  @Min(0)
  @Max(100_000)
  abstain: number;

  @ApiProperty({ example: 2 })
  @IsInt()
  @Min(0)
  @Max(100_000)
  invalid: number;
}

export class RecordAppraisalDto {
  @ApiProperty({ example: '2026-12-03', description: 'Date of the village meeting' })
  @Matches(DATE, { message: 'meetingOn must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true }, { message: 'meetingOn must be a real calendar date' })
  meetingOn: string;

  @ApiProperty({ type: AppraisalTallyDto, description: 'Tallies only: who voted how is never recorded' })
  @IsObject()
  @ValidateNested()
  @Type(() => AppraisalTallyDto)
  tally: AppraisalTallyDto;
}

export class FileObjectionDto {
  @ApiProperty({ example: 'the family runs a shop on the market street' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  summary: string;

  @ApiPropertyOptional({ example: 'neighbour Liu', description: 'Omit for an anonymous objection' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  filedBy?: string;
}

export class ResolveObjectionDto {
  @ApiProperty({ enum: ['unfounded', 'substantiated'], example: 'unfounded', description: 'Substantiated sends the case back to investigation' })
  @IsIn(['unfounded', 'substantiated'])
  finding: 'unfounded' | 'substantiated';

  @ApiProperty({ example: 'the shop closed in 2023; business licence cancelled' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  note: string;
}

export class TownshipReviewDto {
  @ApiProperty({ enum: ['approve', 'return', 'reject'], example: 'approve' })
  @IsIn(['approve', 'return', 'reject'])
  decision: 'approve' | 'return' | 'reject';

  @ApiPropertyOptional({ example: 'income verified; eligible', description: 'Required to approve or return' })
  @ValidateIf((o: TownshipReviewDto) => o.decision !== 'reject' || o.opinion !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  opinion?: string;

  @ApiPropertyOptional({ example: ['savings above the limit'], description: 'Required to reject' })
  @ValidateIf((o: TownshipReviewDto) => o.decision === 'reject' || o.reasons !== undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(2000, { each: true })
  reasons?: string[];
}

export class RecordHouseholdVisitDto {
  @ApiProperty({ example: '2026-12-10' })
  @Matches(DATE, { message: 'visitedOn must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true }, { message: 'visitedOn must be a real calendar date' })
  visitedOn: string;

  @ApiProperty({ example: ['county staff Sun', 'county staff Zhou'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(100, { each: true })
  visitors: string[];

  @ApiProperty({ example: 'living conditions as declared' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  findings: string;
}

export class PayeeDto {
  @ApiProperty({ enum: ['own-account', 'proxy'], example: 'own-account' })
  @IsIn(['own-account', 'proxy'])
  kind: 'own-account' | 'proxy';

  @ApiPropertyOptional({ example: 'Wang Fang', description: 'Required for proxy collection (代领)' })
  @ValidateIf((o: PayeeDto) => o.kind === 'proxy')
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  proxyName?: string;

  @ApiPropertyOptional({ example: 'VC-2026-0117', description: 'Village committee entrustment certificate, required for proxy collection' })
  @ValidateIf((o: PayeeDto) => o.kind === 'proxy')
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  entrustmentRef?: string;
}

export class CountyDecisionDto {
  @ApiProperty({ enum: ['approve', 'reject'], example: 'approve' })
  @IsIn(['approve', 'reject'])
  decision: 'approve' | 'reject';

  @ApiPropertyOptional({ example: 'approved as reviewed' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  opinion?: string;

  @ApiPropertyOptional({ example: ['income above the standard'], description: 'Required to reject' })
  @ValidateIf((o: CountyDecisionDto) => o.decision === 'reject' || o.reasons !== undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(2000, { each: true })
  reasons?: string[];

  @ApiPropertyOptional({ type: PayeeDto, description: "Default: the household's own account" })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PayeeDto)
  payee?: PayeeDto;
}

export class WithdrawDto {
  @ApiPropertyOptional({ example: 'found work' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class ExtendDeadlineDto {
  @ApiProperty({ example: 'the bank data check is still pending' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}

export const PAGE_SIZE_MAX = 200;

export class ListCasesQueryDto {
  @ApiPropertyOptional({ example: 'T01', description: "Township roles see only their own township (default: theirs)" })
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, { message: 'township must be 1–64 letters, digits, "_" or "-"' })
  township?: string;

  @ApiPropertyOptional({
    enum: ['application', 'investigation', 'appraisal', 'publicity', 'township_review', 'county_approval', 'approved', 'rejected', 'withdrawn'],
    example: 'publicity',
  })
  @IsOptional()
  @IsIn(['application', 'investigation', 'appraisal', 'publicity', 'township_review', 'county_approval', 'approved', 'rejected', 'withdrawn'])
  stage?: string;

  @ApiPropertyOptional({ enum: ['urban', 'rural'], example: 'urban' })
  @IsOptional()
  @IsIn(['urban', 'rural'])
  scheme?: 'urban' | 'rural';

  @ApiPropertyOptional({ enum: ['true', 'false'], example: 'true', description: 'Only cases past a deadline (or only those not)' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'overdue must be true or false' })
  overdue?: 'true' | 'false';

  @QueryInt({ min: 1, max: PAGE_SIZE_MAX, default: 50 })
  pageSize?: number;

  @ApiPropertyOptional({ description: 'nextPageToken of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  @Matches(/^[A-Za-z0-9_.-]+$/, { message: 'pageToken must be a token returned by this API' })
  pageToken?: string;
}
