import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowHandle, WorkflowNotFoundError } from '@temporalio/client';
import { decodeTypedSearchAttributes } from '@temporalio/common/lib/converter/payload-search-attributes';
import { temporal } from '@temporalio/proto';
import {
  Actor,
  beneficiaryQueries,
  BeneficiaryUpdateName,
  beneficiaryUpdates,
  BeneficiaryView,
  beneficiaryWorkflowId,
  CaseRefusal,
  CaseSearchAttributes,
  householdIdOfBeneficiaryWorkflowId,
  ID_PATTERN,
} from '@dibao/contracts';
import { AppException, canAccessTownship, conflict, JWT_SECRET, notFound, requestContext } from '@dibao/platform';
import { listTownship, visibilityPage } from '../cases/visibility-page.util';
import { beneficiaryListQuery, reviewDueOn } from './beneficiary-list-query.util';
import { BeneficiaryListDto, BeneficiarySummaryDto, ListBeneficiariesQueryDto } from './dto/beneficiary-list.dto';
import { TEMPORAL_CLIENT, TEMPORAL_OPTIONS, TemporalOptions } from '../temporal/temporal.module';
import { caseRefusalOf, httpErrorForRefusal, httpErrorForTemporal } from '../cases/case-failure.util';

const EXECUTION_STATUS = temporal.api.enums.v1.WorkflowExecutionStatus;

/** Beneficiaries after approval live in their beneficiary workflow: steps are updates, reads are a query, lists are visibility. */
@Injectable()
export class BeneficiariesService {
  /** Page tokens of this list are signed apart from the case list's (a case-list token is refused here). */
  private readonly tokenSecret: string;

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(TEMPORAL_OPTIONS) private readonly options: TemporalOptions,
    @Inject(JWT_SECRET) secret: string,
  ) {
    this.tokenSecret = `${secret}/beneficiaries`;
  }

  /**
   * Beneficiary households by township, scheme, status, overdue and review date, from Temporal visibility (the
   * search attributes each beneficiary workflow keeps), paged by Temporal's token. A township role sees its own
   * township only (asking for another is a 403, as for cases).
   */
  async list(actor: Actor, query: ListBeneficiariesQueryDto): Promise<BeneficiaryListDto> {
    const visibilityQuery = beneficiaryListQuery({
      township: listTownship(actor, query.township, 'beneficiaries'),
      scheme: query.scheme,
      status: query.status,
      reviewDueBefore: query.reviewDueBefore,
      ...(query.overdue !== undefined ? { overdue: query.overdue === 'true' } : {}),
    });
    return visibilityPage(
      this.client,
      { namespace: this.options.namespace, query: visibilityQuery, pageSize: query.pageSize ?? 50, pageToken: query.pageToken, tokenSecret: this.tokenSecret },
      (x) => this.summary(x),
    );
  }

  private summary(x: temporal.api.workflow.v1.IWorkflowExecutionInfo): BeneficiarySummaryDto | undefined {
    const workflowId = x.execution?.workflowId ?? '';
    const householdId = householdIdOfBeneficiaryWorkflowId(workflowId);
    if (!householdId) return undefined;
    const sa = decodeTypedSearchAttributes(x.searchAttributes?.indexedFields);
    const stage = sa.get(CaseSearchAttributes.stage) ?? '';
    const deadline = sa.get(CaseSearchAttributes.stageDeadline);
    const due = reviewDueOn(stage, deadline);
    return {
      householdId,
      workflowId,
      township: sa.get(CaseSearchAttributes.township) ?? '',
      scheme: sa.get(CaseSearchAttributes.scheme) ?? '',
      status: stage,
      overdue: sa.get(CaseSearchAttributes.overdue) ?? false,
      ...(due ? { reviewDueOn: due } : {}),
      ...(deadline ? { stageDeadline: deadline.toISOString() } : {}),
      executionStatus: (EXECUTION_STATUS[x.status ?? 0] ?? 'UNKNOWN').replace('WORKFLOW_EXECUTION_STATUS_', ''),
    };
  }

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
