import { Body, Controller, DefaultValuePipe, Get, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@dibao/contracts';
import { badRequest, CurrentActor, Roles } from '@dibao/platform';
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
  entries(
    @Param('code') code: string,
    @Query('limit', new DefaultValuePipe(100), ParseIntPipe) limit: number,
    @Query('offset', new DefaultValuePipe(0), ParseIntPipe) offset: number,
  ) {
    if (limit < 1 || limit > 10000 || offset < 0) {
      throw badRequest('validation-failed', 'limit: 1-10000, offset: ≥ 0', [{ field: limit < 1 || limit > 10000 ? 'limit' : 'offset', rule: 'range', message: 'limit must be 1-10000 and offset ≥ 0' }]);
    }
    return this.fund.entries(code, limit, offset);
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
