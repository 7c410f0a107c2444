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
  CaseRefusal,
  CaseSearchAttributes,
  CaseUpdateName,
  caseUpdates,
  CaseView,
  caseWorkflowId,
  CaseWorkflowInput,
  ID_PATTERN,
  SubmitApplicationBody,
} from '@dibao/contracts';
import { AppException, badRequest, canAccessTownship, conflict, JWT_SECRET, notFound, requestContext } from '@dibao/platform';
import { HouseholdsClient } from '../households/households.client';
import { TEMPORAL_CLIENT, TEMPORAL_OPTIONS, TemporalOptions } from '../temporal/temporal.module';
import { applicationPlace } from './application-household.util';
import { acceptedOnProblem } from './accepted-on.util';
import { caseRefusalOf, httpErrorForRefusal, httpErrorForTemporal } from './case-failure.util';
import { caseIdFor } from './case-id.util';
import { caseListQuery } from './case-list-query.util';
import { listTownship, visibilityPage } from './visibility-page.util';
import { CaseCreatedDto, CaseListDto, CaseSummaryDto } from './dto/case-responses.dto';
import { ListCasesQueryDto } from './dto/list-cases-query.dto';

const UPDATE_STATUS_TIMEOUT = temporal.api.enums.v1.WorkflowExecutionStatus;

/** Cases live in Temporal: this service starts workflows, sends steps as updates and reads by queries and visibility. */
@Injectable()
export class CasesService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(TEMPORAL_OPTIONS) private readonly options: TemporalOptions,
    @Inject(JWT_SECRET) private readonly secret: string,
    private readonly households: HouseholdsClient,
  ) {}

  /**
   * Opens the case of a registered household. Its township and scheme come from the registry's record, never from the
   * request: an unknown household, one outside the caller's township, a body township or scheme other than the
   * record's is refused naming the field, and a registry out of reach is a 503; in each case nothing is started.
   */
  async submit(actor: Actor, dto: SubmitApplicationBody): Promise<CaseCreatedDto> {
    if (dto.township !== undefined && !canAccessTownship(actor, dto.township)) {
      throw new AppException(403, 'other-township', `a ${actor.role} of ${actor.township} may not open a case for township ${dto.township}`, {}, [
        { field: 'township', rule: 'ownTownship', message: `township ${dto.township} is not the caller's township ${actor.township}` },
      ]);
    }
    const acceptedOn = dto.acceptedOn;
    const problem = acceptedOn === undefined ? undefined : acceptedOnProblem(acceptedOn, Date.now());
    if (problem) throw badRequest('validation-failed', problem.message, [problem]);
    const checked = applicationPlace(actor, dto, await this.households.find(dto.householdId));
    if (!checked.ok) throw checked.error;
    const { township, scheme } = checked.place;
    // One open application per household. Case ids are the household's 1st, 2nd, … application, so the open
    // case is found by id (describe is strongly consistent); visibility only gives a starting guess of the count,
    // which may lag behind. Two racing submissions get the same id and Temporal refuses the second.
    const household = `WorkflowType = '${CASE_WORKFLOW_TYPE}' AND DibaoHousehold = '${dto.householdId}'`;
    let n = (await this.guarded(() => this.count(household))) + 1;
    if (n > 1 && (await this.statusOf(caseIdFor(dto.householdId, n - 1))) === 'running') {
      throw conflict('case-open', `household ${dto.householdId} already has an open case`);
    }
    for (;;) {
      const status = await this.statusOf(caseIdFor(dto.householdId, n));
      if (status === 'absent') break;
      if (status === 'running') throw conflict('case-open', `household ${dto.householdId} already has an open case`);
      n++;
    }
    const caseId = caseIdFor(dto.householdId, n);
    const workflowId = caseWorkflowId(caseId);
    const input: CaseWorkflowInput = {
      caseId,
      householdId: dto.householdId,
      township,
      scheme,
      applicant: dto.applicant,
      claimedMonthlyIncomeFen: dto.claimedMonthlyIncomeFen,
      registeredSeparately: dto.registeredSeparately ?? false,
      ...(dto.relatedStaff ? { relatedStaff: dto.relatedStaff } : {}),
      submittedBy: actor,
      correlationId: requestContext.correlationId(),
      ...(acceptedOn !== undefined ? { acceptedOn } : {}),
    };
    try {
      await this.client.workflow.start(CASE_WORKFLOW_TYPE, {
        workflowId,
        taskQueue: this.options.taskQueue,
        args: [input],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        typedSearchAttributes: [
          { key: CaseSearchAttributes.stage, value: 'application' },
          { key: CaseSearchAttributes.township, value: township },
          { key: CaseSearchAttributes.scheme, value: scheme },
          { key: CaseSearchAttributes.household, value: dto.householdId },
          { key: CaseSearchAttributes.caseKind, value: CASE_KIND_APPLICATION },
          { key: CaseSearchAttributes.overdue, value: false },
        ],
      });
    } catch (e) {
      if (e instanceof WorkflowExecutionAlreadyStartedError) {
        throw conflict('case-open', `household ${dto.householdId} already has a case being opened; try again in a moment`);
      }
      throw httpErrorForTemporal(e) ?? e;
    }
    return { caseId, workflowId, stage: 'application' };
  }

  private async count(query: string): Promise<number> {
    const res = await this.client.workflowService.countWorkflowExecutions({ namespace: this.options.namespace, query });
    return Number(res.count ?? 0);
  }

  /**
   * One look at the workflow (describe: township from its search attributes, no replay), then one read: the
   * query while it runs, its result (the final case view) once it is closed.
   */
  async get(actor: Actor, caseId: string): Promise<CaseView> {
    const { handle, running } = await this.locate(actor, caseId);
    if (!running) {
      // A completed case returns its view; one terminated by an operator has none, so it is asked once.
      const result = await (handle.result() as Promise<CaseView>).catch(() => undefined);
      if (result) return result;
      return this.guarded(() => handle.query(caseQueries.caseState));
    }
    // A case asked for in the first moment after its start may still be loading its settings.
    for (let attempt = 1; ; attempt++) {
      try {
        return await handle.query(caseQueries.caseState);
      } catch (e) {
        if (attempt < 20 && String(e instanceof Error ? e.message : e).includes('the case is starting')) {
          await new Promise((r) => setTimeout(r, 100));
          continue;
        }
        if (e instanceof WorkflowNotFoundError) throw notFound('case', caseId);
        throw httpErrorForTemporal(e) ?? e;
      }
    }
  }

  /**
   * Sends a step to the case as an update, with no look beforehand: the workflow's validator checks stage,
   * role and township. Only a refusal costs a second call (describe), to answer a closed case with 409 and
   * another township's case with 404.
   */
  async step(actor: Actor, caseId: string, name: CaseUpdateName, body: object): Promise<CaseView> {
    if (!ID_PATTERN.test(caseId)) throw notFound('case', caseId);
    const handle = this.client.workflow.getHandle(caseWorkflowId(caseId));
    try {
      return await this.client.withDeadline(Date.now() + this.options.stepTimeoutMs, () =>
        handle.executeUpdate(caseUpdates[name] as (typeof caseUpdates)['withdraw'], {
          args: [{ ...(body as object), actor, correlationId: requestContext.correlationId() } as never],
        }),
      );
    } catch (e) {
      const refusal = caseRefusalOf(e);
      if (e instanceof WorkflowNotFoundError || refusal?.type === CaseRefusal.NotAllowed || !refusal) {
        // Unknown, closed, another township's, or not delivered: one describe tells which.
        const where = await this.describe(handle).catch(() => undefined);
        if (e instanceof WorkflowNotFoundError && !where) throw notFound('case', caseId);
        if (where && !canAccessTownship(actor, where.township)) throw notFound('case', caseId);
        if (where && !where.running) {
          throw conflict('wrong-stage', `the case is closed (${where.stage}); no further steps are possible`, { currentStage: where.stage });
        }
      }
      const mapped = httpErrorForRefusal(e, caseId);
      if (mapped) throw mapped;
      if (isDeadlineExceeded(e)) {
        throw new AppException(503, 'case-worker-unavailable', `the case did not answer within ${this.options.stepTimeoutMs} ms; try again`);
      }
      throw httpErrorForTemporal(e) ?? e;
    }
  }

  async list(actor: Actor, query: ListCasesQueryDto): Promise<CaseListDto> {
    const visibilityQuery = caseListQuery({
      township: listTownship(actor, query.township, 'cases'),
      stage: query.stage,
      scheme: query.scheme,
      ...(query.overdue !== undefined ? { overdue: query.overdue === 'true' } : {}),
    });
    return visibilityPage(
      this.client,
      { namespace: this.options.namespace, query: visibilityQuery, pageSize: query.pageSize ?? 50, pageToken: query.pageToken, tokenSecret: this.secret },
      (x) => this.summary(x),
    );
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
  private async locate(actor: Actor, caseId: string): Promise<{ handle: WorkflowHandle; running: boolean }> {
    if (!ID_PATTERN.test(caseId)) throw notFound('case', caseId);
    const handle = this.client.workflow.getHandle(caseWorkflowId(caseId));
    const where = await this.describe(handle);
    if (!where || !canAccessTownship(actor, where.township)) throw notFound('case', caseId);
    return { handle, running: where.running };
  }

  /** Township, stage and status from the workflow's search attributes (no replay); undefined if it does not exist. */
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

  private async statusOf(caseId: string): Promise<'absent' | 'running' | 'closed'> {
    const where = await this.describe(this.client.workflow.getHandle(caseWorkflowId(caseId)));
    return !where ? 'absent' : where.running ? 'running' : 'closed';
  }

  /** Temporal's failures as clear 503/409 problems. */
  private async guarded<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (e) {
      throw httpErrorForTemporal(e) ?? e;
    }
  }
}

function isDeadlineExceeded(e: unknown): boolean {
  const text = String(e instanceof Error ? `${e.message} ${String((e as { cause?: unknown }).cause ?? '')}` : e);
  return /deadline exceeded|DEADLINE_EXCEEDED/i.test(text);
}
