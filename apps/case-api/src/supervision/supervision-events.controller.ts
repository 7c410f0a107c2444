import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  BatchLate,
  BeneficiaryReviewOverdue,
  CaseApproved,
  CaseDeadlineChanged,
  CaseStageChanged,
  CaseStageOverdue,
  CaseSubmitted,
  EventEnvelope,
  InspectionOrderOverdue,
  PayloadOf,
  PaymentStopped,
} from '@dibao/contracts';
import { EventContext } from '@dibao/platform';
import { SupervisionEventsService } from './supervision-events.service';

/** Consumes cases (applications and beneficiaries), inspections and payments events into the supervision tables (group `case-api-supervision`). */
@Controller()
export class SupervisionEventsController {
  constructor(private readonly events: SupervisionEventsService) {}

  @EventPattern(CaseSubmitted.type)
  submitted(@Payload() e: EventEnvelope<PayloadOf<typeof CaseSubmitted>>, @Ctx() ctx: EventContext): Promise<void> {
    return this.events.caseSubmitted(ctx.manager, e);
  }

  @EventPattern(CaseStageChanged.type)
  stageChanged(@Payload() e: EventEnvelope<PayloadOf<typeof CaseStageChanged>>, @Ctx() ctx: EventContext): Promise<void> {
    return this.events.stageChanged(ctx.manager, e);
  }

  @EventPattern(CaseStageOverdue.type)
  stageOverdue(@Payload() e: EventEnvelope<PayloadOf<typeof CaseStageOverdue>>, @Ctx() ctx: EventContext): Promise<void> {
    return this.events.stageOverdue(ctx.manager, e);
  }

  @EventPattern(CaseDeadlineChanged.type)
  deadlineChanged(@Payload() e: EventEnvelope<PayloadOf<typeof CaseDeadlineChanged>>, @Ctx() ctx: EventContext): Promise<void> {
    return this.events.deadlineChanged(ctx.manager, e);
  }

  @EventPattern(InspectionOrderOverdue.type)
  orderOverdue(@Payload() e: EventEnvelope<PayloadOf<typeof InspectionOrderOverdue>>, @Ctx() ctx: EventContext): Promise<void> {
    return this.events.orderOverdue(ctx.manager, e);
  }

  @EventPattern(BeneficiaryReviewOverdue.type)
  reviewOverdue(@Payload() e: EventEnvelope<PayloadOf<typeof BeneficiaryReviewOverdue>>, @Ctx() ctx: EventContext): Promise<void> {
    return this.events.reviewOverdue(ctx.manager, e);
  }

  @EventPattern(BatchLate.type)
  batchLate(@Payload() e: EventEnvelope<PayloadOf<typeof BatchLate>>, @Ctx() ctx: EventContext): Promise<void> {
    return this.events.batchLate(ctx.manager, e);
  }

  @EventPattern(CaseApproved.type)
  approved(@Payload() e: EventEnvelope<PayloadOf<typeof CaseApproved>>, @Ctx() ctx: EventContext): Promise<void> {
    return this.events.approved(ctx.manager, e);
  }

  @EventPattern(PaymentStopped.type)
  stopped(@Payload() e: EventEnvelope<PayloadOf<typeof PaymentStopped>>, @Ctx() ctx: EventContext): Promise<void> {
    return this.events.stopped(ctx.manager, e);
  }
}
