import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@dibao/contracts';
import { CurrentActor, Roles } from '@dibao/platform';
import { ListEntriesQuery } from './dto/list-entries.query';
import { RecordAppropriationDto } from './dto/record-appropriation.dto';
import { FundService } from './fund.service';

@ApiTags('fund')
@Controller('fund')
export class FundController {
  constructor(private readonly fund: FundService) {}

  @Get('accounts')
  @Roles('finance', 'county_approver', 'supervisor')
  @ApiOperation({ summary: 'The special fund accounts (专户) with balance and ledger sum' })
  accounts() {
    return this.fund.accounts();
  }

  @Get('accounts/:code/entries')
  @Roles('finance', 'supervisor')
  @ApiOperation({ summary: 'Ledger entries, newest first, each tied to its appropriation or payment' })
  entries(@Param('code') code: string, @Query() q: ListEntriesQuery) {
    return this.fund.entries(code, q.limit ?? 100, q.offset ?? 0);
  }

  @Post('appropriations')
  @Roles('finance')
  @ApiOperation({ summary: 'Record an appropriation into a fund account (201; 200 when the reference was already recorded)' })
  async appropriate(@Body() dto: RecordAppropriationDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const result = await this.fund.appropriate(dto, actor);
    res.status(result.recorded ? 201 : 200);
    return result;
  }
}
