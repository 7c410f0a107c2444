import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { EntityManager } from 'typeorm';
import {
  CASE_KIND_STANDARD_RAISE,
  CaseSearchAttributes,
  EventEnvelope,
  PayloadOf,
  STANDARD_RAISE_WORKFLOW_TYPE,
  StandardRaise,
  StandardRaised,
  StandardRaiseInput,
  standardRaiseWorkflowId,
} from '@dibao/contracts';
import { TEMPORAL_CLIENT } from '../inspection-flags/inspection-flags.service';

export const STANDARD_RAISE_OPTIONS = Symbol('STANDARD_RAISE_OPTIONS');

export interface StandardRaiseOptions {
  taskQueue: string;
  batchSize: number;
  pauseMs: number;
}

/** The raise as the beneficiary workflows take it, from payments' event. */
export function raiseOf(e: EventEnvelope<PayloadOf<typeof StandardRaised>>): StandardRaise {
  const p = e.payload;
  return {
    raiseId: p.standardId,
    scheme: p.scheme,
    area: p.area,
    standardFen: p.amountFen,
    effectiveFrom: p.effectiveFrom,
    fromPeriod: p.fromPeriod,
    reason: p.reason,
    exceptTownships: [...p.exceptTownships],
    raisedBy: e.actor,
  };
}

/**
 * `standard.raised` (payments) → the raise recorded in standard_raises (for beneficiary runs that start later)
 * and its fan-out workflow started, once per raise id: a redelivery or a second copy of the event starts nothing new.
 */
@Injectable()
export class StandardRaisesService {
  private readonly logger = new Logger(StandardRaisesService.name);

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(STANDARD_RAISE_OPTIONS) private readonly options: StandardRaiseOptions,
  ) {}

  async raised(m: EntityManager, e: EventEnvelope<PayloadOf<typeof StandardRaised>>): Promise<void> {
    const raise = raiseOf(e);
    // Recorded first, in the consumer's transaction: a run starting from now on reads it itself.
    await m.query(
      `INSERT INTO standard_raises (raise_id, scheme, area, standard_fen, effective_from, from_period, reason, except_townships, raised_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb) ON CONFLICT (raise_id) DO NOTHING`,
      [raise.raiseId, raise.scheme, raise.area, raise.standardFen, raise.effectiveFrom, raise.fromPeriod, raise.reason, JSON.stringify(raise.exceptTownships), JSON.stringify(raise.raisedBy)],
    );
    const input: StandardRaiseInput = { raise, batchSize: this.options.batchSize, pauseMs: this.options.pauseMs };
    try {
      await this.client.workflow.start(STANDARD_RAISE_WORKFLOW_TYPE, {
        workflowId: standardRaiseWorkflowId(raise.raiseId),
        taskQueue: this.options.taskQueue,
        args: [input],
        // Once per raise, ever.
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        typedSearchAttributes: [
          { key: CaseSearchAttributes.caseKind, value: CASE_KIND_STANDARD_RAISE },
          { key: CaseSearchAttributes.stage, value: 'signalling' },
          { key: CaseSearchAttributes.scheme, value: raise.scheme },
          ...(raise.area !== 'county' ? [{ key: CaseSearchAttributes.township, value: raise.area }] : []),
        ],
      });
      this.logger.log(`standard raise ${raise.raiseId} (${raise.scheme}, ${raise.area}, ${raise.standardFen} fen from ${raise.fromPeriod}): fan-out started`);
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      this.logger.log(`standard raise ${raise.raiseId}: fan-out already started`);
    }
  }
}
