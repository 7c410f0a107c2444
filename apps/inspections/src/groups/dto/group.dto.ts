import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsNotBlank } from '@dibao/platform';

export class GroupMemberDto {
  @ApiProperty({ example: 'inspector-wang', description: 'The inspector account (token subject)' })
  @IsString()
  @IsNotBlank()
  @MaxLength(128)
  inspectorId: string;

  @ApiProperty({ example: '王建国' })
  @IsString()
  @IsNotBlank()
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ example: true, description: 'Group leader (组长)' })
  @IsOptional()
  @IsBoolean()
  leader?: boolean;
}

export class CreateGroupDto {
  @ApiProperty({ example: '第一督查组' })
  @IsString()
  @IsNotBlank()
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ type: [GroupMemberDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => GroupMemberDto)
  members?: GroupMemberDto[];
}

export interface GroupView {
  id: string;
  name: string;
  members: { inspectorId: string; name: string; leader: boolean }[];
}
