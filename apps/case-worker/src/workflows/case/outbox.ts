import * as wf from '@temporalio/workflow';
import { Actor, buildEnvelope, CASE_KIND_APPLICATION, CaseSearchAttributes, CaseWorkflowInput, EventDefinition, EventEnvelope, PayloadOf, StepBase } from '@dibao/contracts';
import type { CaseActivities, RejectionNotice } from '../case-activities';
import type { CaseProcess } from '../case-process';
import { Change } from './changes';

const commitOptions = { startToCloseTimeout: '30s', retry: { initialInterval: '1s', maximumInterval: '1m', backoffCoefficient: 2 } } as const;
const activities = wf.proxyActivities<CaseActivities>(commitOptions);
/** CASE_LEAN_HISTORY: the same commit (idempotent by event and notice ids) as a local activity. */
const localActivities = wf.proxyLocalActivities<CaseActivities>(commitOptions);

/**
 * Turns changes into event envelopes (ids from the workflow's deterministic uuid4) and search-attribute
 * upserts, and writes them through the commit activity one batch at a time, in order (a local activity in a case
 * started under CASE_LEAN_HISTORY).
 */
export class OutboxQueue {
  private pending: { events: EventEnvelope[]; notices: RejectionNotice[] } = { events: [], notices: [] };
  private flushing = false;
  private lastUpsert = '';

  constructor(
    private readonly input: CaseWorkflowInput,
    private readonly process: CaseProcess,
    private readonly lean: boolean,
  ) {
    // CASE_LEAN_HISTORY: the search attributes the case was started with (case-api sets them) are not upserted again.
    if (lean) this.lastUpsert = this.startedWith();
  }

  async commit(changes: Change[], step: StepBase, _action: string): Promise<void> {
    const correlationId = step.correlationId ?? this.input.correlationId ?? wf.workflowInfo().workflowId;
    for (const change of changes) {
      if (change.kind === 'event') {
        this.pending.events.push(this.envelope(change.def, change.payload, step.actor, correlationId));
      } else if (change.kind === 'notice') {
        this.pending.notices.push(change.notice);
      }
    }
    this.upsertSearchAttributes();
    const nothingPending = () => this.pending.events.length === 0 && this.pending.notices.length === 0;
    if (nothingPending()) return;
    // One flusher at a time, in order; a flusher that is running also sends what was queued meanwhile.
    while (this.flushing) await wf.condition(() => !this.flushing);
    if (nothingPending()) return;
    this.flushing = true;
    try {
      while (this.pending.events.length > 0 || this.pending.notices.length > 0) {
        const batch = this.pending;
        this.pending = { events: [], notices: [] };
        await (this.lean ? localActivities : activities).commitCaseChange({ events: batch.events, notices: batch.notices });
      }
    } finally {
      this.flushing = false;
    }
  }

  private envelope<D extends EventDefinition>(def: D, payload: PayloadOf<D>, actor: Actor, correlationId: string): EventEnvelope {
    return buildEnvelope(
      def,
      { eventId: wf.uuid4(), occurredAt: new Date().toISOString(), correlationId, actor, key: this.input.caseId },
      payload,
    );
  }

  /** The key of the search attributes the workflow was started with, when they are all the case's own; else ''. */
  private startedWith(): string {
    const sa = wf.workflowInfo().typedSearchAttributes;
    const stage = sa.get(CaseSearchAttributes.stage);
    const overdue = sa.get(CaseSearchAttributes.overdue);
    const own =
      sa.get(CaseSearchAttributes.township) === this.input.township &&
      sa.get(CaseSearchAttributes.scheme) === this.input.scheme &&
      sa.get(CaseSearchAttributes.household) === this.input.householdId &&
      sa.get(CaseSearchAttributes.caseKind) === CASE_KIND_APPLICATION;
    if (!own || stage === undefined || overdue === undefined) return '';
    return `${stage}|${overdue}|${sa.get(CaseSearchAttributes.stageDeadline)?.getTime() ?? ''}`;
  }

  private upsertSearchAttributes(): void {
    const sa = this.process.searchAttributes();
    // Only when something changed: every upsert is a command in the history.
    const key = `${sa.stage}|${sa.overdue}|${sa.stageDeadline?.getTime() ?? ''}`;
    if (key === this.lastUpsert) return;
    this.lastUpsert = key;
    wf.upsertSearchAttributes([
      { key: CaseSearchAttributes.stage, value: sa.stage },
      { key: CaseSearchAttributes.township, value: this.input.township },
      { key: CaseSearchAttributes.scheme, value: this.input.scheme },
      { key: CaseSearchAttributes.household, value: this.input.householdId },
      { key: CaseSearchAttributes.caseKind, value: CASE_KIND_APPLICATION },
      { key: CaseSearchAttributes.overdue, value: sa.overdue },
      { key: CaseSearchAttributes.stageDeadline, value: sa.stageDeadline ?? null },
    ]);
  }
}
