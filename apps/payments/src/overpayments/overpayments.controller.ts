import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@dibao/contracts';
import { CurrentActor } from '@dibao/platform';
import { ListOverpaymentsQuery, RecordFineDto, RecordRecoveryDto } from './dto/overpayment.dto';
import { OverpaymentsService } from './overpayments.service';

/** Roles: libs/contracts authorization matrix (finance records repayments, the county approver fines). */
@ApiTags('overpayments')
@Controller('overpayments')
export class OverpaymentsController {
  constructor(private readonly overpayments: OverpaymentsService) {}

  @Get()
  @ApiOperation({ summary: 'Overpayments to recover (C art. 68), oldest first; township roles see their own township only' })
  list(@Query() q: ListOverpaymentsQuery, @CurrentActor() actor: Actor) {
    return this.overpayments.list(q, actor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One overpayment with what was recovered, what is outstanding, and any fine' })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return this.overpayments.get(id, actor);
  }

  @Post(':id/recoveries')
  @ApiOperation({ summary: 'Record money repaid into the fund account (201; 200 when the receipt was already recorded)' })
  async recover(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: RecordRecoveryDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const { overpayment, recorded } = await this.overpayments.recordRecovery(id, dto, actor);
    res.status(recorded ? 201 : 200);
    return overpayment;
  }

  @Post(':id/fines')
  @ApiOperation({ summary: 'Record a fine decided for fraud, 1–3 times the amount (201; 200 when the decision was already recorded)' })
  async fine(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: RecordFineDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const { overpayment, recorded } = await this.overpayments.recordFine(id, dto, actor);
    res.status(recorded ? 201 : 200);
    return overpayment;
  }
}
