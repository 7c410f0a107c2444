import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { MEMBER_EXCLUSION_REASONS } from '@dibao/domain';
import type { MemberExclusionReason } from '@dibao/domain';
import { DISABILITY_GRADES, HOUSEHOLD_STATUSES, RELATIONS, WORK_ABILITIES } from '../household.types';
import type { Relation, WorkAbility } from '../household.types';
import type { HouseholdStatus } from '../household.types';
import { SCHEMES } from '@dibao/domain';
import type { Scheme } from '@dibao/domain';
import { IsResidentId } from './resident-id.validator';
import { AssetInputDto, DeductionInputDto, IncomeInputDto, MemberFieldsDto, PaymentAccountDto, ProxyInputDto } from './register-household.dto';
import { IsNotBlank, QueryInt } from '@dibao/platform';

/** May be left out, but not null: the field has no "none" value (unlike disabilityGrade or exclusion). */
const OmitOrValue = () => ValidateIf((_: object, value: unknown) => value !== undefined);

export class UpdateHouseholdDto {
  @ApiPropertyOptional({ example: '红星村' })
  @OmitOrValue()
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  village?: string;

  @ApiPropertyOptional({ example: '红星村三组14号' })
  @OmitOrValue()
  @IsString()
  @IsNotBlank()
  @MaxLength(500)
  address?: string;
}

export class AddMemberDto extends MemberFieldsDto {
  @ApiProperty({ example: '110105201001010010', description: '18-character resident ID number of the new member' })
  @IsResidentId()
  residentId: string;
}

export class UpdateMemberDto {
  @ApiPropertyOptional({ example: '王秀英' })
  @OmitOrValue()
  @IsString()
  @IsNotBlank()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ enum: RELATIONS })
  @OmitOrValue()
  @IsIn(RELATIONS)
  relation?: Relation;

  @ApiPropertyOptional({ enum: DISABILITY_GRADES, nullable: true, description: 'null: no disability' })
  @IsOptional()
  @IsIn(DISABILITY_GRADES)
  disabilityGrade?: number | null;

  @ApiPropertyOptional({ enum: WORK_ABILITIES })
  @OmitOrValue()
  @IsIn(WORK_ABILITIES)
  workAbility?: WorkAbility;

  @ApiPropertyOptional()
  @OmitOrValue()
  @IsBoolean()
  seriouslyIll?: boolean;

  @ApiPropertyOptional({ enum: MEMBER_EXCLUSION_REASONS, nullable: true, description: 'null: counted again' })
  @IsOptional()
  @IsIn(MEMBER_EXCLUSION_REASONS)
  exclusion?: MemberExclusionReason | null;
}

export class RemovalDto {
  @ApiProperty({ example: '户籍迁出', description: 'Why the member is removed (kept in the history)' })
  @IsString()
  @IsNotBlank()
  @MaxLength(2000)
  reason: string;
}

export class AddIncomeDto extends IncomeInputDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  memberId: string;
}

export class AddDeductionDto extends DeductionInputDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  memberId: string;
}

export class AddAssetDto extends AssetInputDto {}

export class PutPayeeDto {
  @ApiPropertyOptional({ type: PaymentAccountDto, nullable: true, description: 'Omit or null to clear the account' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PaymentAccountDto)
  account?: PaymentAccountDto | null;

  @ApiProperty({ type: [ProxyInputDto], description: 'The proxies after the change; proxies not listed are revoked' })
  @IsArray()
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => ProxyInputDto)
  proxies: ProxyInputDto[];
}

export class LookupDto {
  @ApiProperty({ example: '11010519491231002X', description: 'Sent in the body so the number never appears in a URL or access log' })
  @IsResidentId()
  residentId: string;
}

export class HistoryQuery {
  @ApiPropertyOptional({ description: 'Entries after this history id (paging)', example: '42' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{1,18}$/, { message: '$property must be a history entry id' })
  after?: string;

  @QueryInt({ min: 1, max: 1000, default: 200 })
  limit?: number;
}

export class ListHouseholdsQuery {
  @ApiPropertyOptional({ example: 'T01' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  township?: string;

  @ApiPropertyOptional({ enum: SCHEMES })
  @IsOptional()
  @IsIn(SCHEMES)
  scheme?: Scheme;

  @ApiPropertyOptional({ enum: HOUSEHOLD_STATUSES })
  @IsOptional()
  @IsIn(HOUSEHOLD_STATUSES)
  status?: HouseholdStatus;

  @QueryInt({ min: 1, max: 100000, default: 1 })
  page?: number;

  @QueryInt({ min: 1, max: 200, default: 50 })
  pageSize?: number;
}
