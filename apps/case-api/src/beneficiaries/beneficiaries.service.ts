import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowHandle, WorkflowNotFoundError } from '@temporalio/client';
import {
  Actor,
  beneficiaryQueries,
  BeneficiaryUpdateName,
  beneficiaryUpdates,
  BeneficiaryView,
  beneficiaryWorkflowId,
  CaseRefusal,
  CaseSearchAttributes,
} from '@dibao/contracts';
import { AppException, canAccessTownship, conflict, notFound, requestContext } from '@dibao/platform';
import { TEMPORAL_CLIENT, TEMPORAL_OPTIONS, TemporalOptions } from '../temporal/temporal.module';
import { caseRefusalOf, httpErrorForRefusal, httpErrorForTemporal } from '../cases/case-failure.util';
import { ID_PATTERN } from '../cases/dto/create-case.dto';

/** Beneficiaries after approval live in their beneficiary workflow: steps are updates, reads are a query. */
@Injectable()
export class BeneficiariesService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(TEMPORAL_OPTIONS) private readonly options: TemporalOptions,
  ) {}

  /** The household's benefit and its timeline; another township's is 404. */
  async get(actor: Actor, householdId: string): Promise<BeneficiaryView> {
    const handle = this.handle(householdId);
    const where = await this.describe(handle);
    if (!where || !canAccessTownship(actor, where.township)) throw notFound('beneficiary', householdId);
    if (!where.running) {
      const result = await (handle.result() as Promise<BeneficiaryView>).catch(() => undefined);
      if (result) return result;
    }
    try {
      return await handle.query(beneficiaryQueries.beneficiaryState);
    } catch (e) {
      throw httpErrorForTemporal(e) ?? e;
    }
  }

  /** Sends a step as an update (validated in the workflow); only a refusal costs a describe. */
  async step(actor: Actor, householdId: string, name: BeneficiaryUpdateName, body: object): Promise<BeneficiaryView> {
    const handle = this.handle(householdId);
    try {
      return await this.client.withDeadline(Date.now() + this.options.stepTimeoutMs, () =>
        handle.executeUpdate(beneficiaryUpdates[name] as (typeof beneficiaryUpdates)['resume'], {
          args: [{ ...(body as object), actor, correlationId: requestContext.correlationId() } as never],
        }),
      );
    } catch (e) {
      const refusal = caseRefusalOf(e);
      if (e instanceof WorkflowNotFoundError || refusal?.type === CaseRefusal.NotAllowed || !refusal) {
        const where = await this.describe(handle).catch(() => undefined);
        if (!where || !canAccessTownship(actor, where.township)) throw notFound('beneficiary', householdId);
        if (!where.running) throw conflict('wrong-stage', `the benefit has ended (${where.stage})`, { currentStage: where.stage });
      }
      const mapped = httpErrorForRefusal(e, householdId);
      if (mapped) throw mapped;
      if (/deadline exceeded|DEADLINE_EXCEEDED/i.test(String(e))) {
        throw new AppException(503, 'case-worker-unavailable', `the beneficiary did not answer within ${this.options.stepTimeoutMs} ms; try again`);
      }
      throw httpErrorForTemporal(e) ?? e;
    }
  }

  private handle(householdId: string): WorkflowHandle {
    if (!ID_PATTERN.test(householdId)) throw notFound('beneficiary', householdId);
    // Without a run id: the handle follows continue-as-new to the current run.
    return this.client.workflow.getHandle(beneficiaryWorkflowId(householdId));
  }

  private async describe(handle: WorkflowHandle): Promise<{ township: string; stage: string; running: boolean } | undefined> {
    try {
      const d = await handle.describe();
      return {
        township: d.typedSearchAttributes.get(CaseSearchAttributes.township) ?? '',
        stage: d.typedSearchAttributes.get(CaseSearchAttributes.stage) ?? '',
        running: d.status.name === 'RUNNING',
      };
    } catch (e) {
      if (e instanceof WorkflowNotFoundError) return undefined;
      throw httpErrorForTemporal(e) ?? e;
    }
  }
}
