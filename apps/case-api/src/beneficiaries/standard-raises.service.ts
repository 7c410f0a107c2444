import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { StandardRaiseProgress, standardRaiseQueries, standardRaiseWorkflowId } from '@dibao/contracts';
import { notFound } from '@dibao/platform';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { httpErrorForTemporal } from '../cases/case-failure.util';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A raised standard (提标) reaching every beneficiary workflow: one `standardRaiseFanOut` workflow per raise
 * (payments' standard id), started by the case worker when payments publishes standard.raised.
 */
@Injectable()
export class StandardRaisesService {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}

  async get(raiseId: string): Promise<StandardRaiseProgress> {
    if (!UUID.test(raiseId)) throw notFound('standard raise', raiseId);
    const handle = this.client.workflow.getHandle(standardRaiseWorkflowId(raiseId));
    try {
      const d = await handle.describe();
      if (d.status.name === 'COMPLETED') return (await handle.result()) as StandardRaiseProgress;
      return await handle.query(standardRaiseQueries.progress);
    } catch (e) {
      if (e instanceof WorkflowNotFoundError) throw notFound('standard raise', raiseId);
      throw httpErrorForTemporal(e) ?? e;
    }
  }
}
