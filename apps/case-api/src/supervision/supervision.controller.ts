import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { badRequest, Roles } from '@dibao/platform';
import { AlertsQueryDto, OverviewQueryDto, StageTimesQueryDto, SupervisedCasesQueryDto, TOWNSHIP_PATTERN, WorkloadQueryDto } from './dto/supervision-query.dto';
import { SupervisionStatsService } from './supervision-stats.service';
import { SupervisionService } from './supervision.service';

/** Supervisors' view of the county: who may read it. */
export const SUPERVISION_ROLES = ['supervisor', 'county_approver', 'inspector'] as const;

@ApiTags('supervision')
@Controller('supervision')
@Roles(...SUPERVISION_ROLES)
export class SupervisionController {
  constructor(
    private readonly supervision: SupervisionService,
    private readonly stats: SupervisionStatsService,
  ) {}

  @Get('overview')
  @ApiOperation({ summary: 'Open, overdue and stalled cases per township and stage (one GROUP BY over the projection of the case events)' })
  overview(@Query() q: OverviewQueryDto) {
    return this.supervision.overviewCached({ ...(q.scheme ? { scheme: q.scheme } : {}) }, q.fresh === 'true');
  }

  @Get('townships/:township/cases')
  @ApiOperation({
    summary: "A township's open, overdue or stalled cases with waiting days and days past the deadline, most overdue first",
    description: 'Ordered by stage deadline (earliest first; none last), then time in the stage (longest first), then case id; `nextPageToken` continues after the last row.',
  })
  @ApiParam({ name: 'township', example: 'T01' })
  cases(@Param('township') township: string, @Query() q: SupervisedCasesQueryDto) {
    if (!TOWNSHIP_PATTERN.test(township)) {
      throw badRequest('validation-failed', 'township: must be 1–64 letters, digits, _ or -', [
        { field: 'township', rule: 'matches', message: 'township must be 1–64 letters, digits, _ or -' },
      ]);
    }
    return this.supervision.cases({ township, stage: q.stage, scheme: q.scheme }, q.kind ?? 'open', q.pageSize ?? 100, q.pageToken);
  }

  @Get('workload')
  @ApiOperation({ summary: 'Open, overdue and stalled cases per township, and open cases per caseworker (the one who took the latest step)' })
  async workload(@Query() q: WorkloadQueryDto) {
    const [overview, caseworkers] = await Promise.all([
      this.supervision.overviewCached({ ...(q.township ? { townships: [q.township] } : {}) }),
      this.stats.enabled ? this.stats.caseworkerLoad(q.township) : null,
    ]);
    return {
      townships: overview.townships.map((t) => ({ township: t.township, open: t.open, overdue: t.overdue, stalled: t.stalled })),
      caseworkers,
    };
  }

  @Get('stage-times')
  @ApiOperation({ summary: 'Median and 90th percentile of the time spent per stage and township (hours)' })
  stageTimes(@Query() q: StageTimesQueryDto) {
    return this.stats.stageTimes(q);
  }

  @Get('alerts')
  @ApiOperation({ summary: 'Alert feed: case.stage-overdue, beneficiary.review-overdue, inspection.order-overdue and payment.batch-late (B art. 31), oldest first, paged by `after`' })
  alerts(@Query() q: AlertsQueryDto) {
    return this.stats.alerts({ ...q, pageSize: q.pageSize ?? 100 });
  }
}
