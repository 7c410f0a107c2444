import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsNotBlank } from '@dibao/platform';

export class CreateTownshipDto {
  @ApiProperty({ example: 'T33', description: 'Township code: letters, digits, _ or -' })
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'code must be 1–32 letters, digits, _ or -' })
  code: string;

  @ApiProperty({ example: '新店镇' })
  @IsString()
  @IsNotBlank()
  @MaxLength(100)
  name: string;
}

export class UpdateTownshipDto {
  @ApiPropertyOptional({ example: '新店镇' })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ example: false, description: 'Inactive townships are left out of new campaign plans' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export interface TownshipView {
  code: string;
  name: string;
  active: boolean;
}
