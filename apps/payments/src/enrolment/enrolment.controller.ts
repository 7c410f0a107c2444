import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@dibao/contracts';
import { canAccessTownship, CurrentActor, notFound, Roles } from '@dibao/platform';
import { ChangeEnrolmentDto } from './dto/change-enrolment.dto';
import { ListEnrolmentsQuery } from './dto/list-enrolments.query';
import { EnrolmentService } from './enrolment.service';

const READERS = ['finance', 'county_approver', 'supervisor', 'caseworker', 'township_reviewer'] as const;

@ApiTags('enrolments')
@Controller('enrolments')
export class EnrolmentController {
  constructor(private readonly enrolment: EnrolmentService) {}

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'Enrolled households (township roles see their own township only)' })
  list(@Query() q: ListEnrolmentsQuery, @CurrentActor() actor: Actor) {
    return this.enrolment.list({
      township: actor.township ?? q.township,
      scheme: q.scheme,
      status: q.status,
      householdId: q.householdId,
      limit: q.limit ?? 100,
      offset: q.offset ?? 0,
    });
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOperation({ summary: 'One enrolment with its history of changes (who, when, why, from which period)' })
  async get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    const e = await this.enrolment.get(id);
    if (!e || !canAccessTownship(actor, e.township)) throw notFound('enrolment', id);
    return e;
  }

  @Get(':id/history')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Who changed the enrolment, what and when (the audit read; township roles: own township only)' })
  history(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return this.enrolment.historyOf(id, actor);
  }

  @Post(':id/changes')
  @Roles('county_approver', 'system')
  @ApiOperation({ summary: 'Adjust, suspend, resume or stop from the next period (the beneficiary workflow calls this with a changeRef)' })
  change(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: ChangeEnrolmentDto, @CurrentActor() actor: Actor) {
    return this.enrolment.change(id, dto, actor);
  }
}
