import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, EventEnvelope, PaymentStopped, PayloadOf, CaseApproved } from '@dibao/contracts';
import { Scheme } from '@dibao/domain';
import { AppException, notFound, OutboxService, UnprocessableEventError, unprocessable } from '@dibao/platform';
import { decideChange, EnrolmentStatus, mayCancelDraftPayments, Payee } from './enrolment-change.util';
import { financeEvent } from '../common/finance-event.util';
import { monthIndex, monthText, nextPeriodOf, periodOfMonth, periodRange, PeriodRange } from '../common/period.util';
import { toFen } from '../common/sql.util';
import { StandardsService } from '../standards/standards.service';
import { ChangeEnrolmentDto } from './dto/change-enrolment.dto';

type CaseApprovedPayload = PayloadOf<typeof CaseApproved>;

export interface EnrolmentView {
  id: string;
  householdId: string;
  scheme: Scheme;
  township: string;
  caseId: string;
  startPeriod: string;
  status: 'active' | 'suspended' | 'stopped';
  monthlyAmountFen: number;
  persons: number;
  payee: Payee;
  stopReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface EnrolmentVersionView {
  fromPeriod: string;
  fromMonth: string;
  /** First month no longer governed by this version (exclusive); null while it is the open one. */
  untilMonth: string | null;
  status: string;
  monthlyAmountFen: number;
  persons: number;
  payee: Payee;
  change: string;
  reason: string | null;
  changeRef: string | null;
  standardId: string | null;
  actor: { id: string; role: string };
  at: string;
}

const ENROLMENT_COLUMNS = `id, household_id, scheme, township, case_id, start_period, status, monthly_amount_fen, persons, payee,
  stop_reason, created_at, updated_at`;

/**
 * Enrolment (纳入发放) from `case.approved`, and its later changes (adjust, suspend, resume, stop) from the
 * next period. Every change is a version row with who, when and why; versions say which months they govern.
 */
@Injectable()
export class EnrolmentService {
  private readonly logger = new Logger(EnrolmentService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly standards: StandardsService,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Enrols a household from an approved case, inside the consumer's transaction (the inbox makes a
   * redelivery a no-op). A second approval of an enrolled household changes nothing; one after a stop
   * re-enrols from its start period. A message that cannot be enrolled throws and is dead-lettered.
   */
  async enrolFromCase(m: EntityManager, event: EventEnvelope<CaseApprovedPayload>): Promise<'enrolled' | 're-enrolled' | 'unchanged'> {
    const p = event.payload;
    const range = periodRange(p.scheme, p.startPeriod);
    if (!range) throw new UnprocessableEventError(`startPeriod ${p.startPeriod} is not a ${p.scheme} payment period`);
    // Benefits start the month after approval; a rural quarter pays only the months from then on.
    const fromMonth = Math.max(range.firstMonth, monthIndex(p.approvedOn) + 1);
    if (fromMonth > range.lastMonth) throw new UnprocessableEventError(`startPeriod ${p.startPeriod} ends before the month after approval ${p.approvedOn}`);
    const income = await this.standards.impliedIncome(m, p.scheme, p.township, fromMonth, p.persons, p.monthlyAmountFen);

    const existing: { id: string; status: string }[] = await m.query(
      `SELECT id, status FROM enrolment WHERE household_id = $1 AND scheme = $2 FOR UPDATE`,
      [p.householdId, p.scheme],
    );
    if (existing[0] && existing[0].status !== 'stopped') {
      this.logger.warn(`household ${p.householdId} is already enrolled in ${p.scheme}; case ${p.caseId} approval changes nothing`);
      return 'unchanged';
    }
    let enrolmentId: string;
    let kind: 'enrolled' | 're-enrolled';
    if (existing[0]) {
      kind = 're-enrolled';
      enrolmentId = existing[0].id;
      const open: { from_month: number }[] = await m.query(`SELECT from_month FROM enrolment_version WHERE enrolment_id = $1 AND to_month IS NULL`, [enrolmentId]);
      const closeAt = Math.max(fromMonth, open[0]?.from_month ?? fromMonth);
      await m.query(`UPDATE enrolment_version SET to_month = $2 WHERE enrolment_id = $1 AND to_month IS NULL`, [enrolmentId, closeAt]);
      await m.query(
        `UPDATE enrolment SET township = $2, case_id = $3, start_period = $4, status = 'active', monthly_amount_fen = $5, persons = $6,
                payee = $7::jsonb, stop_reason = NULL, updated_at = now() WHERE id = $1`,
        [enrolmentId, p.township, p.caseId, p.startPeriod, p.monthlyAmountFen, p.persons, JSON.stringify(p.payee)],
      );
    } else {
      kind = 'enrolled';
      const rows: { id: string }[] = await m.query(
        `INSERT INTO enrolment (household_id, scheme, township, case_id, start_period, status, monthly_amount_fen, persons, payee, created_by, created_by_role)
         VALUES ($1, $2, $3, $4, $5, 'active', $6, $7, $8::jsonb, $9, $10) RETURNING id`,
        [p.householdId, p.scheme, p.township, p.caseId, p.startPeriod, p.monthlyAmountFen, p.persons, JSON.stringify(p.payee), event.actor.id, event.actor.role],
      );
      enrolmentId = rows[0].id;
    }
    await m.query(
      `INSERT INTO enrolment_version (enrolment_id, from_month, from_period, status, monthly_amount_fen, persons, assessed_annual_income_fen,
                                      payee, change_kind, reason, change_ref, actor_id, actor_role)
       VALUES ($1, $2, $3, 'active', $4, $5, $6, $7::jsonb, $8, $9, $10, $11, $12)`,
      [
        enrolmentId,
        fromMonth,
        p.startPeriod,
        p.monthlyAmountFen,
        p.persons,
        income,
        JSON.stringify(p.payee),
        kind,
        `case ${p.caseId} approved on ${p.approvedOn}`,
        `case.approved/${event.eventId}`,
        event.actor.id,
        event.actor.role,
      ],
    );
    return kind;
  }

  async list(filter: { township?: string; scheme?: Scheme; status?: string; householdId?: string; limit: number; offset: number }): Promise<EnrolmentView[]> {
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT ${ENROLMENT_COLUMNS} FROM enrolment
        WHERE ($1::text IS NULL OR township = $1) AND ($2::text IS NULL OR scheme = $2)
          AND ($3::text IS NULL OR status = $3) AND ($4::text IS NULL OR household_id = $4)
        ORDER BY township, household_id, scheme LIMIT $5 OFFSET $6`,
      [filter.township ?? null, filter.scheme ?? null, filter.status ?? null, filter.householdId ?? null, filter.limit, filter.offset],
    );
    return rows.map(toView);
  }

  async get(id: string): Promise<(EnrolmentView & { history: EnrolmentVersionView[] }) | undefined> {
    const rows: Record<string, unknown>[] = await this.ds.query(`SELECT ${ENROLMENT_COLUMNS} FROM enrolment WHERE id = $1`, [id]);
    if (!rows[0]) return undefined;
    const versions: Record<string, unknown>[] = await this.ds.query(
      `SELECT * FROM enrolment_version WHERE enrolment_id = $1 ORDER BY id`,
      [id],
    );
    return { ...toView(rows[0]), history: versions.map(toVersionView) };
  }

  /**
   * Adjusts, suspends, resumes or stops an enrolment from a period. The same changeRef twice changes nothing.
   * An adjustment applies from a period not yet run; a stop or suspension may also reach a run period whose
   * batch is still a draft: the household's payments from then are cancelled and finance is told
   * (payment.stopped).
   */
  async change(id: string, dto: ChangeEnrolmentDto, actor: Actor): Promise<EnrolmentView & { history: EnrolmentVersionView[] }> {
    await this.ds.transaction((m) => this.applyChange(m, id, dto, actor));
    return this.mustGet(id);
  }

  /**
   * The same change, from a beneficiary lifecycle event of the case side (`beneficiary.amount-changed`,
   * `suspended`, `resumed`, `terminated`), inside the consumer's transaction. The event's changeRef is the
   * idempotency key; its period is used unless payroll has already passed it, then the next period not yet run.
   */
  async changeFromCase(
    m: EntityManager,
    ref: { householdId: string; scheme: Scheme; caseId: string },
    dto: ChangeEnrolmentDto,
    actor: Actor,
  ): Promise<'applied' | 'unchanged'> {
    const rows: { id: string }[] = await m.query(`SELECT id FROM enrolment WHERE household_id = $1 AND scheme = $2`, [ref.householdId, ref.scheme]);
    if (!rows[0]) throw new UnprocessableEventError(`household ${ref.householdId} (case ${ref.caseId}) has no ${ref.scheme} enrolment`);
    try {
      return await this.applyChange(m, rows[0].id, dto, actor);
    } catch (e) {
      const passed = e instanceof AppException && (e.code === 'period-already-run' || e.code === 'period-already-approved');
      if (!passed || dto.fromPeriod === undefined) throw e;
      return this.applyChange(m, rows[0].id, { ...dto, fromPeriod: undefined }, actor);
    }
  }

  private async applyChange(m: EntityManager, id: string, dto: ChangeEnrolmentDto, actor: Actor): Promise<'applied' | 'unchanged'> {
    const rows: Record<string, unknown>[] = await m.query(`SELECT ${ENROLMENT_COLUMNS} FROM enrolment WHERE id = $1 FOR UPDATE`, [id]);
    if (!rows[0]) throw notFound('enrolment', id);
    const e = toView(rows[0]);
    if (dto.changeRef) {
      const seen: unknown[] = await m.query(`SELECT 1 FROM enrolment_version WHERE enrolment_id = $1 AND change_ref = $2`, [id, dto.changeRef]);
      if (seen.length > 0) return 'unchanged';
    }
    const from = await this.changePeriod(m, e, dto);
    const open: Record<string, unknown>[] = await m.query(`SELECT * FROM enrolment_version WHERE enrolment_id = $1 AND to_month IS NULL`, [id]);
    const current = open[0];
    const decision = decideChange(
      {
        status: current['status'] as EnrolmentStatus,
        monthlyAmountFen: toFen(current['monthly_amount_fen']),
        persons: Number(current['persons']),
        payee: current['payee'] as Payee,
      },
      { kind: dto.kind, monthlyAmountFen: dto.monthlyAmountFen, persons: dto.persons, payee: dto.payee as Payee | undefined },
    );
    if (!decision.ok) throw new AppException(decision.status, decision.code, `enrolment ${id}: ${decision.message}`);
    const next = decision.next;
    const income =
      dto.kind === 'adjust'
        ? await this.standards.impliedIncome(m, e.scheme, e.township, from.firstMonth, next.persons, next.monthlyAmountFen)
        : toFen(current['assessed_annual_income_fen']);
    const fromMonth = Math.max(from.firstMonth, Number(current['from_month']));
    await m.query(`UPDATE enrolment_version SET to_month = $2 WHERE enrolment_id = $1 AND to_month IS NULL`, [id, fromMonth]);
    const version: { id: string }[] = await m.query(
      `INSERT INTO enrolment_version (enrolment_id, from_month, from_period, status, monthly_amount_fen, persons, assessed_annual_income_fen,
                                      payee, change_kind, reason, change_ref, actor_id, actor_role)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13) RETURNING id`,
      [id, fromMonth, from.period, next.status, next.monthlyAmountFen, next.persons, income, JSON.stringify(next.payee), decision.versionKind, dto.reason, dto.changeRef ?? null, actor.id, actor.role],
    );
    await m.query(
      `UPDATE enrolment SET status = $2, monthly_amount_fen = $3, persons = $4, payee = $5::jsonb, stop_reason = $6, updated_at = now() WHERE id = $1`,
      [id, next.status, next.monthlyAmountFen, next.persons, JSON.stringify(next.payee), dto.kind === 'stop' ? dto.reason : null],
    );
    if (mayCancelDraftPayments(dto.kind)) await this.stopPayments(m, e, from, `${decision.versionKind}: ${dto.reason}`, dto.kind === 'stop', Number(version[0].id), actor);
    return 'applied';
  }

  private async mustGet(id: string): Promise<EnrolmentView & { history: EnrolmentVersionView[] }> {
    const e = await this.get(id);
    if (!e) throw notFound('enrolment', id);
    return e;
  }

  /**
   * The period a change applies from: the one asked for, or by default the one after the scheme's latest
   * run. A run period is refused unless the change may cancel draft payments and none of the household's
   * payments from then is beyond a draft batch.
   */
  private async changePeriod(m: EntityManager, e: EnrolmentView, dto: ChangeEnrolmentDto): Promise<PeriodRange> {
    const latest: { period: string | null }[] = await m.query(`SELECT max(period) AS period FROM payroll_run WHERE scheme = $1`, [e.scheme]);
    const lastRun = latest[0]?.period ? periodRange(e.scheme, latest[0].period) : undefined;
    const start = periodRange(e.scheme, e.startPeriod) ?? periodOfMonth(e.scheme, monthIndex(e.startPeriod));
    if (dto.fromPeriod === undefined) {
      const afterRun = lastRun ? nextPeriodOf(lastRun) : start;
      return afterRun.firstMonth >= start.firstMonth ? afterRun : start;
    }
    const range = periodRange(e.scheme, dto.fromPeriod);
    if (!range) throw unprocessable('invalid-period', `fromPeriod: ${dto.fromPeriod} is not a ${e.scheme} payment period`);
    if (lastRun && range.firstMonth <= lastRun.lastMonth) {
      if (!mayCancelDraftPayments(dto.kind)) {
        throw unprocessable('period-already-run', `fromPeriod: ${dto.fromPeriod} already has a payroll run (latest ${lastRun.period}); an ${dto.kind} applies from a later period`);
      }
      const beyondDraft: { period: string }[] = await m.query(
        `SELECT p.period FROM payment p JOIN batch b ON b.id = p.batch_id
          WHERE p.enrolment_id = $1 AND p.period >= $2 AND (b.status <> 'draft' OR p.status NOT IN ('scheduled', 'stopped'))
          ORDER BY p.period LIMIT 1`,
        [e.id, range.period],
      );
      if (beyondDraft.length > 0) {
        throw unprocessable('period-already-approved', `fromPeriod: the payment of ${beyondDraft[0].period} is already approved or paid; choose a later period`);
      }
    }
    return range;
  }

  /** Cancels the household's scheduled payments of draft batches from a period and tells finance (payment.stopped). */
  private async stopPayments(m: EntityManager, e: EnrolmentView, from: PeriodRange, reason: string, always: boolean, versionId: number, actor: Actor): Promise<void> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected].
    const [cancelled]: [{ id: string }[], number] = await m.query(
      `UPDATE payment p SET status = 'stopped', result_reason = $3, status_changed_at = now(), status_changed_by = $4
         FROM batch b
        WHERE p.batch_id = b.id AND b.status = 'draft' AND p.enrolment_id = $1 AND p.status = 'scheduled' AND p.period >= $2
       RETURNING p.id`,
      [e.id, from.period, reason, actor.id],
    );
    if (!always && cancelled.length === 0) return;
    await this.outbox.append(
      m,
      financeEvent(
        PaymentStopped,
        e.householdId,
        {
          idempotencyKey: `${e.householdId}/${e.scheme}/${from.period}#stop-v${versionId}`,
          householdId: e.householdId,
          scheme: e.scheme,
          period: from.period,
          township: e.township,
          reason,
          cancelledPaymentIds: cancelled.map((c) => c.id),
        },
        actor,
      ),
    );
  }
}

function toView(r: Record<string, unknown>): EnrolmentView {
  return {
    id: String(r['id']),
    householdId: String(r['household_id']),
    scheme: r['scheme'] as Scheme,
    township: String(r['township']),
    caseId: String(r['case_id']),
    startPeriod: String(r['start_period']),
    status: r['status'] as EnrolmentView['status'],
    monthlyAmountFen: toFen(r['monthly_amount_fen']),
    persons: Number(r['persons']),
    payee: r['payee'] as Payee,
    stopReason: (r['stop_reason'] as string | null) ?? null,
    createdAt: new Date(r['created_at'] as string).toISOString(),
    updatedAt: new Date(r['updated_at'] as string).toISOString(),
  };
}

function toVersionView(r: Record<string, unknown>): EnrolmentVersionView {
  return {
    fromPeriod: String(r['from_period']),
    fromMonth: monthText(Number(r['from_month'])),
    untilMonth: r['to_month'] === null ? null : monthText(Number(r['to_month'])),
    status: String(r['status']),
    monthlyAmountFen: toFen(r['monthly_amount_fen']),
    persons: Number(r['persons']),
    payee: r['payee'] as Payee,
    change: String(r['change_kind']),
    reason: (r['reason'] as string | null) ?? null,
    changeRef: (r['change_ref'] as string | null) ?? null,
    standardId: (r['standard_id'] as string | null) ?? null,
    actor: { id: String(r['actor_id']), role: String(r['actor_role']) },
    at: new Date(r['created_at'] as string).toISOString(),
  };
}
