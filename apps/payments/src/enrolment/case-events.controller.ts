import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CaseApproved, EventEnvelope, PayloadOf } from '@dibao/contracts';
import { EventContext } from '@dibao/platform';
import { EnrolmentService } from './enrolment.service';

/** Consumes case events (`dibao.cases.v1`) as consumer group `payments`. */
@Controller()
export class CaseEventsController {
  private readonly logger = new Logger(CaseEventsController.name);

  constructor(private readonly enrolment: EnrolmentService) {}

  @EventPattern(CaseApproved.type)
  async caseApproved(@Payload() event: EventEnvelope<PayloadOf<typeof CaseApproved>>, @Ctx() ctx: EventContext): Promise<void> {
    const outcome = await this.enrolment.enrolFromCase(ctx.manager, event);
    this.logger.log(`case ${event.payload.caseId}: household ${event.payload.householdId} ${outcome} (${event.payload.scheme})`);
  }
}
