import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@dibao/contracts';
import { CurrentActor, Roles } from '@dibao/platform';
import { CreateGroupDto, GroupMemberDto, GroupView } from './dto/group.dto';
import { GroupsService } from './groups.service';

@ApiTags('groups')
@Controller('groups')
export class GroupsController {
  constructor(private readonly groups: GroupsService) {}

  @Get()
  @Roles('inspector', 'supervisor')
  @ApiOperation({ summary: 'Inspection groups (督查组) and their members' })
  list(): Promise<GroupView[]> {
    return this.groups.list();
  }

  @Get(':id')
  @Roles('inspector', 'supervisor')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<GroupView> {
    return this.groups.get(id);
  }

  @Post()
  @Roles('supervisor')
  @ApiOperation({ summary: 'Create a group with its members (supervisor, admin)' })
  create(@Body() dto: CreateGroupDto, @CurrentActor() actor: Actor): Promise<GroupView> {
    return this.groups.create(dto, actor);
  }

  @Put(':id/members')
  @Roles('supervisor')
  @ApiOperation({ summary: 'Add or replace a member (supervisor, admin)' })
  putMember(@Param('id', ParseUUIDPipe) id: string, @Body() dto: GroupMemberDto, @CurrentActor() actor: Actor): Promise<GroupView> {
    return this.groups.putMember(id, dto, actor);
  }

  @Delete(':id/members/:inspectorId')
  @Roles('supervisor')
  removeMember(@Param('id', ParseUUIDPipe) id: string, @Param('inspectorId') inspectorId: string): Promise<GroupView> {
    return this.groups.removeMember(id, inspectorId);
  }
}
