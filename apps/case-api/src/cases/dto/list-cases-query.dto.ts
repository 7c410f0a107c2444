import { QueryInt } from '@dibao/platform';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

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
