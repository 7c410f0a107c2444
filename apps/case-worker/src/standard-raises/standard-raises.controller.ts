import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EventEnvelope, PayloadOf, StandardRaised } from '@dibao/contracts';
import { EventContext } from '@dibao/platform';
import { StandardRaisesService } from './standard-raises.service';

/** Consumes `standard.raised` (dibao.payments.v1): the raise reaches every beneficiary workflow of its scheme and area. */
@Controller()
export class StandardRaisesController {
  constructor(private readonly raises: StandardRaisesService) {}

  @EventPattern(StandardRaised.type)
  raised(@Payload() e: EventEnvelope<PayloadOf<typeof StandardRaised>>, @Ctx() ctx: EventContext): Promise<void> {
    return this.raises.raised(ctx.manager, e);
  }
}
