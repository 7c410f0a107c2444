import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
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

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const ID_MESSAGE = 'must be 1–64 letters, digits, "_" or "-"';

export class ApplicantDto {
  @ApiProperty({ enum: ['head', 'proxy'], example: 'head', description: 'The head of household, or a proxy with an entrustment (A art. 6)' })
  @IsIn(['head', 'proxy'])
  kind: 'head' | 'proxy';

  @ApiPropertyOptional({ example: 'Wang Fang', description: 'Required for a proxy' })
  @ValidateIf((o: ApplicantDto) => o.kind === 'proxy' || o.proxyName !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  proxyName?: string;

  @ApiPropertyOptional({ example: 'VC-2026-0117', description: 'Entrustment reference, required for a proxy' })
  @ValidateIf((o: ApplicantDto) => o.kind === 'proxy' || o.entrustmentRef !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  entrustmentRef?: string;
}

export class CreateCaseDto {
  @ApiProperty({ example: 'b7c1f9e2-4a1d-4c55-9d0e-2f7f6c3a9b10', description: 'The registered household (households service)' })
  @IsString()
  @Matches(ID_PATTERN, { message: `householdId ${ID_MESSAGE}` })
  householdId: string;

  @ApiProperty({
    enum: ['urban', 'rural'],
    example: 'urban',
    description: "The scheme applied for: it must be the registered household's (from its hukou), else 422 naming scheme",
  })
  @IsIn(['urban', 'rural'])
  scheme: 'urban' | 'rural';

  @ApiPropertyOptional({
    example: 'T01',
    description:
      "Optional: the case takes the registered household's township. When given it must be that township (else 422) " +
      "and a township role's own (else 403), each naming township",
  })
  @IsOptional()
  @IsString()
  @Matches(ID_PATTERN, { message: `township ${ID_MESSAGE}` })
  township?: string;

  @ApiProperty({ type: ApplicantDto, example: { kind: 'head' } })
  @IsObject()
  @ValidateNested()
  @Type(() => ApplicantDto)
  applicant: ApplicantDto;

  @ApiProperty({ example: 12000, description: 'Monthly household income the applicant declares, integer fen (120.00 yuan)' })
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  claimedMonthlyIncomeFen: number;

  @ApiPropertyOptional({ example: false, description: 'A relative of township staff or a village cadre: registered separately (备案, A art. 11)' })
  @IsOptional()
  @IsBoolean()
  registeredSeparately?: boolean;

  @ApiPropertyOptional({ example: 'village cadre Li Ming (brother)', description: 'Whom the applicant is related to, when registered separately' })
  @ValidateIf((o: CreateCaseDto) => o.registeredSeparately === true || o.relatedStaff !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  relatedStaff?: string;

  @ApiPropertyOptional({
    example: '2026-11-02',
    description:
      'A paper application the township accepted earlier, recorded now (补录): the date of acceptance, China local date. ' +
      'Not in the future and at most 60 calendar days ago; default today. The application stage and the whole case\'s ' +
      '30 (45) working days count from it.',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'acceptedOn must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true }, { message: 'acceptedOn must be a real calendar date' })
  acceptedOn?: string;
}
