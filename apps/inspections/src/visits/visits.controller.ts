import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@dibao/contracts';
import { badRequest, CurrentActor, Roles } from '@dibao/platform';
import { IdempotencyService } from '../common/idempotency.service';
import { pickIdempotencyKey } from '../common/request-hash.util';
import { AddFindingsDto, CreateVisitDto, VisitView } from './dto/visit.dto';
import { VisitsService } from './visits.service';

@ApiTags('visits')
@Controller()
export class VisitsController {
  constructor(
    private readonly visits: VisitsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Post('visits')
  @Roles('inspector')
  @ApiOperation({
    summary: 'Record a visit with its findings (inspector of the group); an offline submission sent twice is recorded once',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Or `submissionId` in the body' })
  async record(
    @Body() dto: CreateVisitDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') header: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<VisitView> {
    const { submissionId, ...request } = dto;
    const { key, error } = pickIdempotencyKey(header, submissionId);
    if (error) throw badRequest('bad-idempotency-key', error);
    const result = await this.idempotency.run(key, 'visit.record', request, actor, (m) => this.visits.record(dto, actor, m));
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return result.body;
  }

  @Post('visits/:id/findings')
  @Roles('inspector')
  @ApiOperation({ summary: 'Add findings to a recorded visit (idempotent like visits)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async addFindings(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AddFindingsDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') header: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<VisitView> {
    const { submissionId, ...request } = dto;
    const { key, error } = pickIdempotencyKey(header, submissionId);
    if (error) throw badRequest('bad-idempotency-key', error);
    const result = await this.idempotency.run(key, `visit.findings:${id}`, request, actor, (m) => this.visits.addFindings(id, dto.findings, actor, m));
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return result.body;
  }

  @Get('visits/:id')
  @Roles('inspector', 'supervisor')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<VisitView> {
    return this.visits.get(id);
  }

  @Get('campaigns/:id/visits')
  @Roles('inspector', 'supervisor')
  @ApiQuery({ name: 'township', required: false })
  list(@Param('id', ParseUUIDPipe) id: string, @Query('township') township?: string): Promise<VisitView[]> {
    return this.visits.list(id, township);
  }
}
