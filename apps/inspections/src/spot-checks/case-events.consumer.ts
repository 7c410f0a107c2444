import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { BeneficiaryTerminated, CaseApproved, EventEnvelope, PayloadOf } from '@dibao/contracts';
import { EventContext } from '@dibao/platform';
import { CasePopulationService } from './case-population.service';

/**
 * Follows dibao.cases.v1 for the spot-check population: `case.approved` enters a case, `beneficiary.terminated`
 * takes it out (kept worklists stay as drawn). `case.rejected` and `case.withdrawn` concern cases that never enter
 * it, so they are not handled (the transport skips events without a handler). Writes go through the inbox
 * transaction, so a redelivery changes nothing.
 */
@Controller()
export class CaseEventsConsumer {
  constructor(private readonly population: CasePopulationService) {}

  @EventPattern(CaseApproved.type)
  async caseApproved(@Payload() event: EventEnvelope<PayloadOf<typeof CaseApproved>>, @Ctx() ctx: EventContext): Promise<void> {
    await this.population.recordApproved(ctx.manager, event);
  }

  @EventPattern(BeneficiaryTerminated.type)
  async terminated(@Payload() event: EventEnvelope<PayloadOf<typeof BeneficiaryTerminated>>, @Ctx() ctx: EventContext): Promise<void> {
    await this.population.recordRemoved(ctx.manager, event.payload.caseId, event.payload.terminatedOn, `terminated: ${event.payload.reason}`.slice(0, 2000));
  }
}
