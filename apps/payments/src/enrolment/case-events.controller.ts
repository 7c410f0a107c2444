import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  BeneficiaryAmountChanged,
  BeneficiaryGradualExitCancelled,
  BeneficiaryGradualExitStarted,
  BeneficiaryResumed,
  BeneficiarySuspended,
  BeneficiaryTerminated,
  CaseApproved,
  EventEnvelope,
  PayloadOf,
} from '@dibao/contracts';
import { EventContext } from '@dibao/platform';
import { ChangeEnrolmentDto } from './dto/change-enrolment.dto';
import { EnrolmentService } from './enrolment.service';

type Lifecycle = PayloadOf<typeof BeneficiaryAmountChanged | typeof BeneficiarySuspended | typeof BeneficiaryResumed | typeof BeneficiaryTerminated>;

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

  /** A review or a raised standard changed the amount: adjust from the period (same as POST /enrolments/{id}/changes). */
  @EventPattern(BeneficiaryAmountChanged.type)
  amountChanged(@Payload() e: EventEnvelope<PayloadOf<typeof BeneficiaryAmountChanged>>, @Ctx() ctx: EventContext): Promise<void> {
    const p = e.payload;
    return this.apply(e, ctx, { kind: 'adjust', monthlyAmountFen: p.monthlyAmountFen, persons: p.persons, fromPeriod: p.fromPeriod, reason: p.reason });
  }

  @EventPattern(BeneficiarySuspended.type)
  suspended(@Payload() e: EventEnvelope<PayloadOf<typeof BeneficiarySuspended>>, @Ctx() ctx: EventContext): Promise<void> {
    return this.apply(e, ctx, { kind: 'suspend', fromPeriod: e.payload.fromPeriod, reason: e.payload.reason });
  }

  @EventPattern(BeneficiaryResumed.type)
  resumed(@Payload() e: EventEnvelope<PayloadOf<typeof BeneficiaryResumed>>, @Ctx() ctx: EventContext): Promise<void> {
    return this.apply(e, ctx, { kind: 'resume', fromPeriod: e.payload.fromPeriod, reason: e.payload.reason });
  }

  /**
   * 应退则退: payments stop from the period (draft payments of it are cancelled, finance is told). An event that names
   * its last paid month stops from the month after it: a rural quarter partly inside the benefit keeps its months up
   * to it. An older event without it stops from the first month of the period, as before.
   */
  @EventPattern(BeneficiaryTerminated.type)
  terminated(@Payload() e: EventEnvelope<PayloadOf<typeof BeneficiaryTerminated>>, @Ctx() ctx: EventContext): Promise<void> {
    const p = e.payload;
    return this.apply(e, ctx, { kind: 'stop', fromPeriod: p.fromPeriod, reason: p.reason, ...(p.lastPaidMonth ? { lastPaidMonth: p.lastPaidMonth } : {}) });
  }

  /**
   * 渐退期: the household is paid through `lastMonth` and no month after it, whatever the period: a rural quarter
   * run before the end pays only its months up to it (months, DOMAIN.md: up to 6 months of continued payment).
   * An older event without changeRef is keyed by its event id.
   */
  @EventPattern(BeneficiaryGradualExitStarted.type)
  async gradualExitStarted(@Payload() e: EventEnvelope<PayloadOf<typeof BeneficiaryGradualExitStarted>>, @Ctx() ctx: EventContext): Promise<void> {
    const p = e.payload;
    const changeRef = p.changeRef ?? `gradual-exit/${e.eventId}`;
    const reason = `gradual exit ${p.firstMonth}..${p.lastMonth}: ${p.reason}`;
    const outcome = await this.enrolment.paidThroughFromCase(ctx.manager, p, { kind: 'gradual-exit', lastPaidMonth: p.lastMonth, reason, changeRef }, e.actor);
    this.logger.log(`${e.type} ${e.eventId}: household ${p.householdId} paid through ${p.lastMonth} ${outcome}`);
  }

  /** A review kept the household in its gradual exit: its end no longer applies. */
  @EventPattern(BeneficiaryGradualExitCancelled.type)
  async gradualExitCancelled(@Payload() e: EventEnvelope<PayloadOf<typeof BeneficiaryGradualExitCancelled>>, @Ctx() ctx: EventContext): Promise<void> {
    const p = e.payload;
    const outcome = await this.enrolment.paidThroughFromCase(ctx.manager, p, { kind: 'gradual-exit-cancelled', lastPaidMonth: null, reason: p.reason, changeRef: p.changeRef }, e.actor);
    this.logger.log(`${e.type} ${e.eventId}: household ${p.householdId} exit through ${p.lastMonth} cancelled ${outcome}`);
  }

  private async apply(e: EventEnvelope<Lifecycle>, ctx: EventContext, change: Omit<ChangeEnrolmentDto, 'changeRef'>): Promise<void> {
    const p = e.payload;
    // The case side's changeRef is unique per change; the inbox already drops a redelivered event id.
    const outcome = await this.enrolment.changeFromCase(ctx.manager, p, { ...change, changeRef: p.changeRef } as ChangeEnrolmentDto, e.actor);
    this.logger.log(`${e.type} ${e.eventId}: household ${p.householdId} ${change.kind} from ${change.fromPeriod ?? 'next period'} ${outcome}`);
  }
}
