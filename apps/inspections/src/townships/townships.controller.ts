import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@dibao/contracts';
import { CurrentActor, Roles } from '@dibao/platform';
import { CreateTownshipDto, TownshipView, UpdateTownshipDto } from './dto/township.dto';
import { TownshipsService } from './townships.service';

@ApiTags('townships')
@Controller('townships')
export class TownshipsController {
  constructor(private readonly townships: TownshipsService) {}

  @Get()
  @ApiOperation({ summary: 'The county townships (乡镇)' })
  list(): Promise<TownshipView[]> {
    return this.townships.list();
  }

  @Get(':code')
  get(@Param('code') code: string): Promise<TownshipView> {
    return this.townships.get(code);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Add a township (admin)' })
  create(@Body() dto: CreateTownshipDto, @CurrentActor() actor: Actor): Promise<TownshipView> {
    return this.townships.create(dto, actor);
  }

  @Patch(':code')
  @Roles('admin')
  @ApiOperation({ summary: 'Rename or deactivate a township (admin)' })
  update(@Param('code') code: string, @Body() dto: UpdateTownshipDto, @CurrentActor() actor: Actor): Promise<TownshipView> {
    return this.townships.update(code, dto, actor);
  }
}
