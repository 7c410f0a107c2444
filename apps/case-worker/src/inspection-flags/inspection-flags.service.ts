import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { beneficiarySignals, beneficiaryWorkflowId, caseWorkflowId, CaseSearchAttributes, EventEnvelope, InspectionCaseFlagged, PayloadOf } from '@dibao/contracts';
import { UnprocessableEventError } from '@dibao/platform';

export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');

type Flagged = PayloadOf<typeof InspectionCaseFlagged>;

/**
 * An inspection finding that asks for a special review (专项复核) becomes a signal to the household's
 * beneficiary workflow; the workflow keeps each finding once, so a redelivered event changes nothing.
 */
@Injectable()
export class InspectionFlagsService {
  private readonly logger = new Logger(InspectionFlagsService.name);

  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}

  async flagged(e: EventEnvelope<Flagged>): Promise<void> {
    const p = e.payload;
    const householdId = p.householdId ?? (await this.householdOfCase(p.caseId));
    try {
      await this.client.workflow.getHandle(beneficiaryWorkflowId(householdId)).signal(beneficiarySignals.inspectionFlagged, {
        findingId: p.findingId,
        campaignId: p.campaignId,
        reason: `${p.category} (${p.severity}): ${p.reason}`,
        flaggedBy: e.actor,
      });
    } catch (err) {
      // Dead-lettered with the reason: a flag for a household that is not (or no longer) a beneficiary.
      if (err instanceof WorkflowNotFoundError) throw new UnprocessableEventError(`finding ${p.findingId}: household ${householdId} has no running beneficiary workflow`);
      throw err;
    }
    this.logger.log(`finding ${p.findingId}: special review asked for household ${householdId}`);
  }

  private async householdOfCase(caseId: string): Promise<string> {
    try {
      const d = await this.client.workflow.getHandle(caseWorkflowId(caseId)).describe();
      const householdId = d.typedSearchAttributes.get(CaseSearchAttributes.household);
      if (householdId) return householdId;
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
    throw new UnprocessableEventError(`case ${caseId} of the finding is unknown`);
  }
}
