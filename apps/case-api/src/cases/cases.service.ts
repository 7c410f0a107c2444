import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError, WorkflowHandle, WorkflowNotFoundError } from '@temporalio/client';
import { decodeTypedSearchAttributes } from '@temporalio/common/lib/converter/payload-search-attributes';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import {
  Actor,
  CASE_KIND_APPLICATION,
  CASE_WORKFLOW_TYPE,
  caseIdOfWorkflowId,
  caseQueries,
  CaseSearchAttributes,
  CaseStage,
  CaseUpdateName,
  caseUpdates,
  CaseView,
  caseWorkflowId,
  CaseWorkflowInput,
  TERMINAL_STAGES,
} from '@dibao/contracts';
import { AppException, canAccessTownship, conflict, forbidden, JWT_SECRET, notFound, requestContext } from '@dibao/platform';
import { TEMPORAL_CLIENT, TEMPORAL_OPTIONS, TemporalOptions } from '../temporal/temporal.module';
import { httpErrorForRefusal } from './case-failure.util';
import { caseIdFor } from './case-id.util';
import { caseListQuery } from './case-list-query.util';
import { decodePageToken, encodePageToken } from './page-token.util';
import { CaseCreatedDto, CaseListDto, CaseSummaryDto } from './dto/case-responses.dto';
import { CreateCaseDto, ID_PATTERN } from './dto/create-case.dto';
import { ListCasesQueryDto } from './dto/case-steps.dto';

const UPDATE_STATUS_TIMEOUT = temporal.api.enums.v1.WorkflowExecutionStatus;

/** Cases live in Temporal: this service starts workflows, sends steps as updates and reads by queries and visibility. */
@Injectable()
export class CasesService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(TEMPORAL_OPTIONS) private readonly options: TemporalOptions,
    @Inject(JWT_SECRET) private readonly secret: string,
  ) {}

  async submit(actor: Actor, dto: CreateCaseDto): Promise<CaseCreatedDto> {
    if (!canAccessTownship(actor, dto.township)) {
      throw forbidden(`a caseworker of ${actor.township} may not open a case for township ${dto.township}`);
    }
    // One open application per household. The visibility check refuses a second case once the first is indexed;
    // the id (the household's n-th application) makes Temporal refuse one that is not indexed yet.
    const household = `WorkflowType = '${CASE_WORKFLOW_TYPE}' AND DibaoHousehold = '${dto.householdId}'`;
    if ((await this.count(`${household} AND ExecutionStatus = 'Running'`)) > 0) {
      throw conflict('case-open', `household ${dto.householdId} already has an open case`);
    }
    const caseId = caseIdFor(dto.householdId, (await this.count(household)) + 1);
    const workflowId = caseWorkflowId(caseId);
    const input: CaseWorkflowInput = {
      caseId,
      householdId: dto.householdId,
      township: dto.township,
      scheme: dto.scheme,
      applicant:
        dto.applicant.kind === 'proxy'
          ? { kind: 'proxy', proxyName: dto.applicant.proxyName ?? '', entrustmentRef: dto.applicant.entrustmentRef ?? '' }
          : { kind: 'head' },
      claimedMonthlyIncomeFen: dto.claimedMonthlyIncomeFen,
      registeredSeparately: dto.registeredSeparately ?? false,
      ...(dto.relatedStaff ? { relatedStaff: dto.relatedStaff } : {}),
      submittedBy: actor,
      correlationId: requestContext.correlationId(),
    };
    try {
      await this.client.workflow.start(CASE_WORKFLOW_TYPE, {
        workflowId,
        taskQueue: this.options.taskQueue,
        args: [input],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        typedSearchAttributes: [
          { key: CaseSearchAttributes.stage, value: 'application' },
          { key: CaseSearchAttributes.township, value: dto.township },
          { key: CaseSearchAttributes.scheme, value: dto.scheme },
          { key: CaseSearchAttributes.household, value: dto.householdId },
          { key: CaseSearchAttributes.caseKind, value: CASE_KIND_APPLICATION },
          { key: CaseSearchAttributes.overdue, value: false },
        ],
      });
    } catch (e) {
      if (e instanceof WorkflowExecutionAlreadyStartedError) {
        throw conflict('case-open', `household ${dto.householdId} already has a case being opened; try again in a moment`);
      }
      throw e;
    }
    return { caseId, workflowId, stage: 'application' };
  }

  private async count(query: string): Promise<number> {
    const res = await this.client.workflowService.countWorkflowExecutions({ namespace: this.options.namespace, query });
    return Number(res.count ?? 0);
  }

  async get(actor: Actor, caseId: string): Promise<CaseView> {
    const handle = await this.accessible(actor, caseId);
    // A case asked for in the first moment after its start may still be loading its settings.
    for (let attempt = 1; ; attempt++) {
      try {
        return await handle.query(caseQueries.caseState);
      } catch (e) {
        if (attempt >= 20 || !String(e instanceof Error ? e.message : e).includes('the case is starting')) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /** Sends a step to the case; refusals become 409 / 400 / 422 / 403 with the reason. */
  async step(actor: Actor, caseId: string, name: CaseUpdateName, body: object): Promise<CaseView> {
    const { handle, stage } = await this.locate(actor, caseId);
    if (TERMINAL_STAGES.includes(stage)) {
      throw conflict('wrong-stage', `the case is closed (${stage}); no further steps are possible`, { currentStage: stage });
    }
    try {
      return await this.client.withDeadline(Date.now() + this.options.stepTimeoutMs, () =>
        handle.executeUpdate(caseUpdates[name] as (typeof caseUpdates)['withdraw'], {
          args: [{ ...(body as object), actor, correlationId: requestContext.correlationId() } as never],
        }),
      );
    } catch (e) {
      const mapped = httpErrorForRefusal(e, caseId, stage);
      if (mapped) throw mapped;
      if (isDeadlineExceeded(e)) {
        throw new AppException(503, 'case-worker-unavailable', `the case did not answer within ${this.options.stepTimeoutMs} ms; try again`);
      }
      // The workflow closed between our look and the update.
      const now = await this.stageOf(handle).catch(() => undefined);
      if (now && TERMINAL_STAGES.includes(now.stage)) {
        throw conflict('wrong-stage', `the case is closed (${now.stage})`, { currentStage: now.stage });
      }
      throw e;
    }
  }

  async list(actor: Actor, query: ListCasesQueryDto): Promise<CaseListDto> {
    let township = query.township;
    if (actor.township) {
      if (township && township !== actor.township) throw forbidden(`a ${actor.role} of ${actor.township} sees only that township's cases`);
      township = actor.township;
    }
    const visibilityQuery = caseListQuery({
      township,
      stage: query.stage,
      scheme: query.scheme,
      ...(query.overdue !== undefined ? { overdue: query.overdue === 'true' } : {}),
    });
    let nextPageToken: Uint8Array | undefined;
    if (query.pageToken) {
      nextPageToken = decodePageToken(query.pageToken, this.secret);
      if (!nextPageToken) {
        const message = 'pageToken is not a token returned by this API';
        throw new AppException(400, 'validation-failed', message, {}, [{ field: 'pageToken', rule: 'isPageToken', message }]);
      }
    }
    const res = await this.client.workflowService.listWorkflowExecutions({
      namespace: this.options.namespace,
      query: visibilityQuery,
      pageSize: query.pageSize ?? 50,
      ...(nextPageToken ? { nextPageToken } : {}),
    });
    const items = (res.executions ?? []).map((x) => this.summary(x)).filter((x): x is CaseSummaryDto => x !== undefined);
    const token = res.nextPageToken && res.nextPageToken.length > 0 ? encodePageToken(res.nextPageToken, this.secret) : undefined;
    return { items, ...(token ? { nextPageToken: token } : {}) };
  }

  private summary(x: temporal.api.workflow.v1.IWorkflowExecutionInfo): CaseSummaryDto | undefined {
    const workflowId = x.execution?.workflowId ?? '';
    const caseId = caseIdOfWorkflowId(workflowId);
    if (!caseId) return undefined;
    const sa = decodeTypedSearchAttributes(x.searchAttributes?.indexedFields);
    const deadline = sa.get(CaseSearchAttributes.stageDeadline);
    const started = x.startTime?.seconds ? new Date(Number(x.startTime.seconds) * 1000).toISOString() : '';
    return {
      caseId,
      workflowId,
      township: sa.get(CaseSearchAttributes.township) ?? '',
      stage: sa.get(CaseSearchAttributes.stage) ?? '',
      scheme: sa.get(CaseSearchAttributes.scheme) ?? '',
      householdId: sa.get(CaseSearchAttributes.household) ?? '',
      overdue: sa.get(CaseSearchAttributes.overdue) ?? false,
      ...(deadline ? { stageDeadline: deadline.toISOString() } : {}),
      status: (UPDATE_STATUS_TIMEOUT[x.status ?? 0] ?? 'UNKNOWN').replace('WORKFLOW_EXECUTION_STATUS_', ''),
      startedAt: started,
    };
  }

  /** The case's handle after the township check; another township's case is answered 404, never revealed. */
  private async accessible(actor: Actor, caseId: string): Promise<WorkflowHandle> {
    return (await this.locate(actor, caseId)).handle;
  }

  private async locate(actor: Actor, caseId: string): Promise<{ handle: WorkflowHandle; stage: CaseStage }> {
    if (!ID_PATTERN.test(caseId)) throw notFound('case', caseId);
    const handle = this.client.workflow.getHandle(caseWorkflowId(caseId));
    let where: { stage: CaseStage; township: string };
    try {
      where = await this.stageOf(handle);
    } catch (e) {
      if (e instanceof WorkflowNotFoundError) throw notFound('case', caseId);
      throw e;
    }
    if (!canAccessTownship(actor, where.township)) throw notFound('case', caseId);
    return { handle, stage: where.stage };
  }

  private stageOf(handle: WorkflowHandle): Promise<{ stage: CaseStage; township: string }> {
    return handle.query(caseQueries.currentStage);
  }
}

function isDeadlineExceeded(e: unknown): boolean {
  const text = String(e instanceof Error ? `${e.message} ${String((e as { cause?: unknown }).cause ?? '')}` : e);
  return /deadline exceeded|DEADLINE_EXCEEDED/i.test(text);
}
