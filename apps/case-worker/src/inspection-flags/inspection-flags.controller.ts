import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventEnvelope, InspectionCaseFlagged, PayloadOf } from '@dibao/contracts';
import { InspectionFlagsService } from './inspection-flags.service';

/** Consumes `inspection.case-flagged` (dibao.inspections.v1) as consumer group `case-worker`. */
@Controller()
export class InspectionFlagsController {
  constructor(private readonly flags: InspectionFlagsService) {}

  @EventPattern(InspectionCaseFlagged.type)
  flagged(@Payload() e: EventEnvelope<PayloadOf<typeof InspectionCaseFlagged>>): Promise<void> {
    return this.flags.flagged(e);
  }
}
