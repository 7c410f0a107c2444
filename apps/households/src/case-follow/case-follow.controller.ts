import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@dibao/contracts';
import { EventContext } from '@dibao/platform';
import { PublicListingService } from '../public-listing/public-listing.service';
import { CaseFollowService, CaseRef } from './case-follow.service';

type CaseEvent = EventEnvelope<CaseRef & Record<string, unknown>>;

/**
 * Consumes dibao.cases.v1 (consumer group `households`). New lifecycle events: see case-follow.util.ts.
 * One handler per event type (the transport runs one): an event both the household status and the public listing
 * follow calls both, one after the other, in the transaction that records it in the inbox.
 */
@Controller()
export class CaseFollowController {
  constructor(
    private readonly cases: CaseFollowService,
    private readonly listing: PublicListingService,
  ) {}

  @EventPattern('case.submitted')
  submitted(@Payload() e: EventEnvelope<CaseRef>, @Ctx() ctx: EventContext): Promise<void> {
    return this.cases.follow('case.submitted', e, ctx.manager);
  }

  @EventPattern('case.approved')
  async approved(@Payload() e: CaseEvent, @Ctx() ctx: EventContext): Promise<void> {
    await this.cases.follow('case.approved', e, ctx.manager);
    await this.listing.follow('case.approved', e, ctx.manager);
  }

  @EventPattern('case.rejected')
  rejected(@Payload() e: EventEnvelope<CaseRef>, @Ctx() ctx: EventContext): Promise<void> {
    return this.cases.follow('case.rejected', e, ctx.manager);
  }

  @EventPattern('beneficiary.terminated')
  async terminated(@Payload() e: CaseEvent, @Ctx() ctx: EventContext): Promise<void> {
    await this.cases.follow('beneficiary.terminated', e, ctx.manager);
    await this.listing.follow('beneficiary.terminated', e, ctx.manager);
  }

  @EventPattern('case.withdrawn')
  withdrawn(@Payload() e: EventEnvelope<CaseRef>, @Ctx() ctx: EventContext): Promise<void> {
    return this.cases.follow('case.withdrawn', e, ctx.manager);
  }

  // The public listing only (A art. 24): the amount, and payment suspended or resumed.
  @EventPattern('beneficiary.amount-changed')
  amountChanged(@Payload() e: CaseEvent, @Ctx() ctx: EventContext): Promise<void> {
    return this.listing.follow('beneficiary.amount-changed', e, ctx.manager);
  }

  @EventPattern('beneficiary.suspended')
  suspended(@Payload() e: CaseEvent, @Ctx() ctx: EventContext): Promise<void> {
    return this.listing.follow('beneficiary.suspended', e, ctx.manager);
  }

  @EventPattern('beneficiary.resumed')
  resumed(@Payload() e: CaseEvent, @Ctx() ctx: EventContext): Promise<void> {
    return this.listing.follow('beneficiary.resumed', e, ctx.manager);
  }
}
