import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { decodeTypedSearchAttributes } from '@temporalio/common/lib/converter/payload-search-attributes';
import { temporal } from '@temporalio/proto';
import { DataSource } from 'typeorm';
import { ACTIVE_CASE_STAGES } from '@dibao/domain';
import { caseIdOfWorkflowId, CaseSearchAttributes } from '@dibao/contracts';
import { AppException, JWT_SECRET } from '@dibao/platform';
import { TEMPORAL_CLIENT, TEMPORAL_OPTIONS, TemporalOptions } from '../temporal/temporal.module';
import { decodePageToken, encodePageToken } from '../cases/page-token.util';
import { SUPERVISION_DB, SUPERVISION_SETTINGS, SupervisionSettings } from './supervision.tokens';
import { daysBetween, inParallel, OpenCaseFilter, OpenCaseKind, openCasesQuery, stalledRule } from './supervision.util';

export interface TownshipOverview {
  township: string;
  open: number;
  byStage: Record<string, number>;
  overdue: number;
  stalled: number;
}

export interface SupervisedCase {
  caseId: string;
  township: string;
  stage: string;
  scheme: string;
  householdId: string;
  overdue: boolean;
  startedAt: string;
  stageDeadline?: string;
  /** When the case entered its stage (from case.stage-changed events), when known. */
  stageEnteredAt?: string;
  /** Days waiting in the stage (since it entered, or since the case started when that is not known). */
  waitingDays: number;
  /** Days past the stage deadline (0 when not past). */
  daysPastDeadline: number;
  stalled: boolean;
}

export interface Overview {
  generatedAt: string;
  scheme?: string;
  rule: { stalledDays: number; stalledCaseDays: number };
  townships: TownshipOverview[];
  totals: { open: number; overdue: number; stalled: number; byStage: Record<string, number> };
  visibility: { queries: number; concurrency: number; elapsedMs: number };
}

/** Where cases stall, read from Temporal visibility (search attributes) and the supervision tables. */
@Injectable()
export class SupervisionService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(TEMPORAL_OPTIONS) private readonly options: TemporalOptions,
    @Inject(JWT_SECRET) private readonly secret: string,
    @Inject(SUPERVISION_SETTINGS) private readonly settings: SupervisionSettings,
    @Inject(SUPERVISION_DB) private readonly db: DataSource | null,
  ) {}

  private readonly cache = new Map<string, { at: number; value: Promise<Overview> }>();

  /**
   * The overview, recomputed at most every `overviewCacheMs` per filter (concurrent requests share one computation):
   * at 100,000 open cases the counts take seconds on the dev server's SQLite visibility, and a supervisor's "at a
   * glance" may be a few seconds old (`generatedAt` says how old). `fresh` recomputes now.
   */
  overviewCached(filter: { scheme?: string; townships?: string[] }, fresh = false): Promise<Overview> {
    const key = JSON.stringify([filter.scheme ?? null, filter.townships ?? null]);
    const hit = this.cache.get(key);
    if (!fresh && hit && Date.now() - hit.at < this.settings.overviewCacheMs) return hit.value;
    const value = this.overview(filter);
    this.cache.set(key, { at: Date.now(), value });
    value.catch(() => this.cache.delete(key));
    return value;
  }

  /**
   * Open cases per township and stage, overdue and stalled per township. Temporal's visibility groups only by
   * ExecutionStatus, so this is one count per township × stage plus two per township, a few in flight at a time.
   */
  async overview(filter: { scheme?: string; townships?: string[] }, now = new Date()): Promise<Overview> {
    const started = Date.now();
    const townships = filter.townships ?? this.settings.townships;
    const rule = stalledRule(now, this.settings.stalledDays, this.settings.stalledCaseDays);
    const tasks: (() => Promise<number>)[] = [];
    for (const township of townships) {
      for (const stage of ACTIVE_CASE_STAGES) tasks.push(() => this.count(openCasesQuery({ township, stage, scheme: filter.scheme }, 'open', now)));
      tasks.push(() => this.count(openCasesQuery({ township, scheme: filter.scheme }, 'overdue', now)));
      tasks.push(() => this.count(openCasesQuery({ township, scheme: filter.scheme }, 'stalled', now, rule)));
    }
    const counts = await inParallel(tasks, this.settings.concurrency);
    const per = ACTIVE_CASE_STAGES.length + 2;
    const rows: TownshipOverview[] = townships.map((township, t) => {
      const c = counts.slice(t * per, (t + 1) * per);
      const at = (i: number) => c[i] ?? 0;
      const byStage = Object.fromEntries(ACTIVE_CASE_STAGES.map((s, i) => [s, at(i)]));
      return {
        township,
        open: ACTIVE_CASE_STAGES.reduce((n, _s, i) => n + at(i), 0),
        byStage,
        overdue: at(ACTIVE_CASE_STAGES.length),
        stalled: at(ACTIVE_CASE_STAGES.length + 1),
      };
    });
    const totals = rows.reduce(
      (t, r) => {
        for (const s of ACTIVE_CASE_STAGES) t.byStage[s] = (t.byStage[s] ?? 0) + (r.byStage[s] ?? 0);
        return { ...t, open: t.open + r.open, overdue: t.overdue + r.overdue, stalled: t.stalled + r.stalled };
      },
      { open: 0, overdue: 0, stalled: 0, byStage: {} as Record<string, number> },
    );
    return {
      generatedAt: now.toISOString(),
      ...(filter.scheme ? { scheme: filter.scheme } : {}),
      rule: { stalledDays: this.settings.stalledDays, stalledCaseDays: this.settings.stalledCaseDays },
      townships: rows,
      totals,
      visibility: { queries: tasks.length, concurrency: this.settings.concurrency, elapsedMs: Date.now() - started },
    };
  }

  /** The open (or overdue, or stalled) cases of a township, most overdue first within the page Temporal returns. */
  async cases(filter: OpenCaseFilter, kind: OpenCaseKind, pageSize: number, pageToken?: string, now = new Date()) {
    const rule = stalledRule(now, this.settings.stalledDays, this.settings.stalledCaseDays);
    let token: Uint8Array | undefined;
    if (pageToken) {
      token = decodePageToken(pageToken, this.secret);
      if (!token) {
        const message = 'pageToken is not a token returned by this API';
        throw new AppException(400, 'validation-failed', message, {}, [{ field: 'pageToken', rule: 'isPageToken', message }]);
      }
    }
    const res = await this.client.workflowService.listWorkflowExecutions({
      namespace: this.options.namespace,
      query: openCasesQuery(filter, kind, now, rule),
      pageSize,
      ...(token ? { nextPageToken: token } : {}),
    });
    const items = (res.executions ?? []).map((x) => this.summary(x, now, rule.deadlineBefore, rule.startedBefore)).filter((x): x is SupervisedCase => !!x);
    await this.addStageEntered(items, now);
    items.sort((a, b) => b.daysPastDeadline - a.daysPastDeadline || b.waitingDays - a.waitingDays);
    const next = res.nextPageToken && res.nextPageToken.length > 0 ? encodePageToken(res.nextPageToken, this.secret) : undefined;
    return { kind, ...filter, items, ...(next ? { nextPageToken: next } : {}) };
  }

  private async count(query: string): Promise<number> {
    const res = await this.client.workflowService.countWorkflowExecutions({ namespace: this.options.namespace, query });
    return Number(res.count ?? 0);
  }

  private summary(
    x: temporal.api.workflow.v1.IWorkflowExecutionInfo,
    now: Date,
    deadlineBefore: Date,
    startedBefore: Date,
  ): SupervisedCase | undefined {
    const caseId = caseIdOfWorkflowId(x.execution?.workflowId ?? '');
    if (!caseId) return undefined;
    const sa = decodeTypedSearchAttributes(x.searchAttributes?.indexedFields);
    const deadline = sa.get(CaseSearchAttributes.stageDeadline);
    const startedAt = new Date(Number(x.startTime?.seconds ?? 0) * 1000);
    return {
      caseId,
      township: sa.get(CaseSearchAttributes.township) ?? '',
      stage: sa.get(CaseSearchAttributes.stage) ?? '',
      scheme: sa.get(CaseSearchAttributes.scheme) ?? '',
      householdId: sa.get(CaseSearchAttributes.household) ?? '',
      overdue: (sa.get(CaseSearchAttributes.overdue) ?? false) || (deadline !== undefined && deadline < now),
      startedAt: startedAt.toISOString(),
      ...(deadline ? { stageDeadline: deadline.toISOString() } : {}),
      waitingDays: Math.max(0, daysBetween(startedAt, now)),
      daysPastDeadline: deadline ? Math.max(0, daysBetween(deadline, now)) : 0,
      stalled: (deadline !== undefined && deadline < deadlineBefore) || startedAt < startedBefore,
    };
  }

  /** Waiting time in the stage, from the stage intervals the event consumer keeps (when the feed is on). */
  private async addStageEntered(items: SupervisedCase[], now: Date): Promise<void> {
    if (!this.db || items.length === 0) return;
    const rows: { case_id: string; stage: string; entered_at: Date }[] = await this.db.query(
      `SELECT case_id, stage, max(entered_at) AS entered_at FROM case_stage_interval
        WHERE case_id = ANY($1) AND left_at IS NULL GROUP BY case_id, stage`,
      [items.map((i) => i.caseId)],
    );
    const entered = new Map(rows.map((r) => [`${r.case_id}/${r.stage}`, new Date(r.entered_at)]));
    for (const item of items) {
      const at = entered.get(`${item.caseId}/${item.stage}`);
      if (!at) continue;
      item.stageEnteredAt = at.toISOString();
      item.waitingDays = Math.max(0, daysBetween(at, now));
    }
  }
}
