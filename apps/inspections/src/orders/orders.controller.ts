import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@dibao/contracts';
import { badRequest, CurrentActor, Roles } from '@dibao/platform';
import { IdempotencyService } from '../common/idempotency.service';
import { pickIdempotencyKey } from '../common/request-hash.util';
import { AuditEntryView, IssueOrderDto, ListOrdersQuery, OrderView, RespondOrderDto, VerifyOrderDto } from './dto/order.dto';
import { OrdersService, OverdueSweepResult } from './orders.service';

@ApiTags('rectification orders')
@Controller()
export class OrdersController {
  constructor(
    private readonly orders: OrdersService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Post('findings/:id/orders')
  @Roles('inspector')
  @ApiOperation({ summary: 'Order rectification (整改) of a finding, addressed to its township (inspector)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async issue(
    @Param('id', ParseUUIDPipe) findingId: string,
    @Body() dto: IssueOrderDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') header: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OrderView> {
    const { key, error } = pickIdempotencyKey(header, undefined);
    if (error) throw badRequest('bad-idempotency-key', error);
    const result = await this.idempotency.run(key, `order.issue:${findingId}`, dto, actor, (m) => this.orders.issue(findingId, dto, actor, m));
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return result.body;
  }

  @Get('orders')
  @Roles('inspector', 'supervisor', 'caseworker', 'township_reviewer')
  @ApiOperation({ summary: 'Rectification orders; a township role sees its own township only' })
  list(@Query() query: ListOrdersQuery, @CurrentActor() actor: Actor): Promise<OrderView[]> {
    return this.orders.list(query, actor);
  }

  @Get('orders/:id')
  @Roles('inspector', 'supervisor', 'caseworker', 'township_reviewer')
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor): Promise<OrderView> {
    return this.orders.get(id, actor);
  }

  @Get('orders/:id/history')
  @Roles('inspector', 'supervisor', 'caseworker', 'township_reviewer')
  @ApiOperation({ summary: 'Who changed the order, what and when (the audit read; township roles: own township only)' })
  @ApiOkResponse({ type: [AuditEntryView] })
  history(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor): Promise<AuditEntryView[]> {
    return this.orders.historyOf(id, actor);
  }

  @Post('orders/:id/response')
  @HttpCode(200)
  @Roles('caseworker', 'township_reviewer')
  @ApiOperation({ summary: "The township's answer to its order (township roles, own township only)" })
  respond(@Param('id', ParseUUIDPipe) id: string, @Body() dto: RespondOrderDto, @CurrentActor() actor: Actor): Promise<OrderView> {
    return this.orders.respond(id, dto, actor);
  }

  @Post('orders/:id/verification')
  @HttpCode(200)
  @Roles('inspector')
  @ApiOperation({ summary: 'A follow-up visit closes or reopens an answered order (inspector)' })
  verify(@Param('id', ParseUUIDPipe) id: string, @Body() dto: VerifyOrderDto, @CurrentActor() actor: Actor): Promise<OrderView> {
    return this.orders.verify(id, dto, actor);
  }

  @Post('orders/overdue-sweep')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({ summary: 'Flag overdue orders now (the scheduler also does it periodically) (supervisor, admin)' })
  sweep(@CurrentActor() actor: Actor): Promise<OverdueSweepResult> {
    return this.orders.sweepOverdue(actor);
  }
}
