import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@dibao/contracts';
import { EventContext } from '@dibao/platform';
import { CaseFollowService, CaseRef } from './case-follow.service';

/** Consumes dibao.cases.v1 (consumer group `households`). New lifecycle events: see case-follow.util.ts. */
@Controller()
export class CaseFollowController {
  constructor(private readonly cases: CaseFollowService) {}

  @EventPattern('case.submitted')
  submitted(@Payload() e: EventEnvelope<CaseRef>, @Ctx() ctx: EventContext): Promise<void> {
    return this.cases.follow('case.submitted', e, ctx.manager);
  }

  @EventPattern('case.approved')
  approved(@Payload() e: EventEnvelope<CaseRef>, @Ctx() ctx: EventContext): Promise<void> {
    return this.cases.follow('case.approved', e, ctx.manager);
  }

  @EventPattern('case.rejected')
  rejected(@Payload() e: EventEnvelope<CaseRef>, @Ctx() ctx: EventContext): Promise<void> {
    return this.cases.follow('case.rejected', e, ctx.manager);
  }

  @EventPattern('beneficiary.terminated')
  terminated(@Payload() e: EventEnvelope<CaseRef>, @Ctx() ctx: EventContext): Promise<void> {
    return this.cases.follow('beneficiary.terminated', e, ctx.manager);
  }

  @EventPattern('case.withdrawn')
  withdrawn(@Payload() e: EventEnvelope<CaseRef>, @Ctx() ctx: EventContext): Promise<void> {
    return this.cases.follow('case.withdrawn', e, ctx.manager);
  }
}
