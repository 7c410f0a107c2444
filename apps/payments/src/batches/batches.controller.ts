import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Actor } from '@dibao/contracts';
import { AppException, badRequest, CurrentActor, Roles } from '@dibao/platform';
import { parseBankReturnCsv, ParsedReturn, validateReturnLines } from './bank-return.util';
import { BatchesService } from './batches.service';
import { ListBatchesQuery, ListBatchPaymentsQuery } from './dto/list-batches.query';

const READERS = ['finance', 'county_approver', 'supervisor', 'caseworker', 'township_reviewer'] as const;

@ApiTags('batches')
@Controller('batches')
export class BatchesController {
  constructor(private readonly batches: BatchesService) {}

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'Payment batches (one per township and period; township roles see their own only)' })
  list(@Query() q: ListBatchesQuery, @CurrentActor() actor: Actor) {
    return this.batches.list({ ...q, township: actor.township ?? q.township });
  }

  @Get(':id')
  @Roles(...READERS)
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return this.batches.get(id, actor);
  }

  @Get(':id/payments')
  @Roles(...READERS)
  payments(@Param('id', new ParseUUIDPipe()) id: string, @Query() q: ListBatchPaymentsQuery, @CurrentActor() actor: Actor) {
    return this.batches.payments(id, actor, q.limit ?? 1000, q.offset ?? 0);
  }

  @Get(':id/history')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Drafted, approved, released, bank results, reconciled: who and when (the audit read)' })
  history(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return this.batches.historyOf(id, actor);
  }

  @Post('late-sweep')
  @HttpCode(200)
  @ApiOperation({ summary: 'Flag now the batches not released by the 10th of their period (B art. 31; the service also does it hourly)' })
  sweepLate(@CurrentActor() actor: Actor) {
    return this.batches.sweepLate(actor);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('county_approver')
  @ApiOperation({ summary: 'County approval of a draft batch' })
  approve(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return this.batches.approve(id, actor);
  }

  @Post(':id/release')
  @HttpCode(200)
  @Roles('finance')
  @ApiOperation({ summary: 'Release an approved batch to the bank; refused (422) with the shortfall when the fund account cannot cover it' })
  release(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return this.batches.release(id, actor);
  }

  @Post(':id/returns')
  @HttpCode(200)
  @Roles('finance')
  @ApiConsumes('text/csv', 'application/json')
  @ApiBody({
    description:
      'text/csv with header payment_id,result,reason[,bank_reference] (see apps/payments/fixtures/bank-return.example.csv), ' +
      'or JSON {"results":[{"paymentId","result":"disbursed|failed","reason","bankReference"}]}',
    schema: { type: 'string' },
  })
  @ApiOperation({ summary: "Apply the bank's return file (or API results): each payment disbursed or failed" })
  returns(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: Request, @CurrentActor() actor: Actor) {
    const parsed = parseReturnBody(req);
    if (!parsed.ok) {
      throw badRequest('validation-failed', parsed.problems.map((p) => `${p.field}: ${p.message}`).slice(0, 20).join('; '), parsed.problems.slice(0, 200));
    }
    return this.batches.applyReturns(id, parsed.lines, actor);
  }
}

function parseReturnBody(req: Request): ParsedReturn {
  const type = req.headers['content-type'] ?? '';
  if (typeof req.body === 'string' && /^text\/(csv|plain)/.test(type)) return parseBankReturnCsv(req.body);
  if (/^application\/json/.test(type) && req.body && typeof req.body === 'object') {
    const results = (req.body as { results?: unknown }).results;
    if (!Array.isArray(results)) return { ok: false, problems: [{ field: 'results', rule: 'isArray', message: 'results must be an array' }] };
    return validateReturnLines(
      results.map((r) => {
        const o = (r && typeof r === 'object' ? r : {}) as Record<string, unknown>;
        return { paymentId: o['paymentId'], result: o['result'], reason: o['reason'], bankReference: o['bankReference'] };
      }),
    );
  }
  throw new AppException(415, 'unsupported-media-type', 'send the return file as text/csv or the results as application/json');
}
