import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, AuditEntry, EventEnvelope, PaymentStopped, PayloadOf, CaseApproved } from '@dibao/contracts';
import { Scheme } from '@dibao/domain';
import { AppException, badRequest, canAccessTownship, notFound, OutboxService, UnprocessableEventError, unprocessable, withActorNames } from '@dibao/platform';
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
  /** The last month still paid (a gradual exit's end, or a stop inside a period), null when none is set. */
  paidThroughMonth: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A payment already approved or paid for months after the enrolment's end: to be recovered (C art. 68). */
export interface OverpaymentView {
  id: string;
  paymentId: string;
  period: string;
  firstMonth: string;
  months: number;
  amountFen: number;
  reason: string;
  status: 'open' | 'cancelled' | 'recovered';
  causeRef: string;
  at: string;
}

/** Who set or cleared the last paid month, when and why. */
export interface PaidThroughChangeView {
  paidThroughMonth: string | null;
  change: 'gradual-exit' | 'gradual-exit-cancelled' | 'stopped';
  reason: string;
  changeRef: string;
  actor: { id: string; role: string };
  at: string;
}

/** A change of the last paid month, from the case side. */
export interface PaidThroughChange {
  kind: 'gradual-exit' | 'gradual-exit-cancelled';
  /** YYYY-MM, or null to clear it (a cancelled gradual exit). */
  lastPaidMonth: string | null;
  reason: string;
  changeRef: string;
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
  stop_reason, paid_through_month, created_at, updated_at`;

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
                payee = $7::jsonb, stop_reason = NULL, paid_through_month = NULL, updated_at = now() WHERE id = $1`,
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

  async get(id: string): Promise<EnrolmentDetail | undefined> {
    const rows: Record<string, unknown>[] = await this.ds.query(`SELECT ${ENROLMENT_COLUMNS} FROM enrolment WHERE id = $1`, [id]);
    if (!rows[0]) return undefined;
    const versions: Record<string, unknown>[] = await this.ds.query(
      `SELECT * FROM enrolment_version WHERE enrolment_id = $1 ORDER BY id`,
      [id],
    );
    const ends: Record<string, unknown>[] = await this.ds.query(`SELECT * FROM enrolment_paid_through WHERE enrolment_id = $1 ORDER BY id`, [id]);
    const over: Record<string, unknown>[] = await this.ds.query(`SELECT * FROM overpayment WHERE enrolment_id = $1 ORDER BY created_at, period`, [id]);
    return { ...toView(rows[0]), history: versions.map(toVersionView), paidThroughHistory: ends.map(toPaidThroughView), overpayments: over.map(toOverpaymentView) };
  }

  /**
   * The enrolment's audit read: every change (enrolled, adjusted, suspended, resumed, stopped, standard raised) with
   * the period it applies from, the amount, who made it and when, oldest first; and each last-paid month recorded.
   */
  async historyOf(id: string, actor: Actor): Promise<AuditEntry[]> {
    const rows: { township: string }[] = await this.ds.query(`SELECT township FROM enrolment WHERE id = $1`, [id]);
    if (!rows[0] || !canAccessTownship(actor, rows[0].township)) throw notFound('enrolment', id);
    const versions: Record<string, unknown>[] = await this.ds.query(
      `SELECT id, from_period, status, monthly_amount_fen, persons, change_kind, reason, change_ref, standard_id, actor_id, actor_role, created_at
         FROM enrolment_version WHERE enrolment_id = $1 ORDER BY id`,
      [id],
    );
    return withActorNames(this.ds, versions.map((v) => ({
      id: String(v['id']),
      entity: 'enrolment',
      entityId: id,
      action: String(v['change_kind']),
      changes: {
        fromPeriod: v['from_period'],
        status: v['status'],
        monthlyAmountFen: Number(v['monthly_amount_fen']),
        persons: Number(v['persons']),
        ...(v['reason'] ? { reason: v['reason'] } : {}),
        ...(v['change_ref'] ? { changeRef: v['change_ref'] } : {}),
        ...(v['standard_id'] ? { standardId: v['standard_id'] } : {}),
      },
      actorId: String(v['actor_id']),
      actorRole: String(v['actor_role']),
      at: (v['created_at'] as Date).toISOString(),
    })));
  }

  /**
   * Adjusts, suspends, resumes or stops an enrolment from a period. The same changeRef twice changes nothing.
   * An adjustment applies from a period not yet run; a stop or suspension may also reach a run period whose
   * batch is still a draft: the household's payments from then are cancelled and finance is told
   * (payment.stopped).
   */
  async change(id: string, dto: ChangeEnrolmentDto, actor: Actor): Promise<EnrolmentDetail> {
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
    // A stop that names its last paid month takes effect from the month after it, inside its period if need be
    // (a rural quarter partly paid). Payments past it are corrected (draft) or recorded as overpaid, not refused.
    if (dto.lastPaidMonth !== undefined && dto.kind !== 'stop') {
      throw badRequest('validation-failed', 'lastPaidMonth is for a stop only', [{ field: 'lastPaidMonth', rule: 'stopOnly', message: 'lastPaidMonth is for a stop only' }]);
    }
    const lastPaid = dto.lastPaidMonth !== undefined ? monthIndex(dto.lastPaidMonth) : undefined;
    let from: PeriodRange;
    if (lastPaid !== undefined) {
      from = periodOfMonth(e.scheme, lastPaid + 1);
      if (dto.fromPeriod !== undefined && dto.fromPeriod !== from.period) {
        throw unprocessable('inconsistent-stop', `fromPeriod: ${dto.fromPeriod} is not the period of the month after lastPaidMonth ${dto.lastPaidMonth} (${from.period})`);
      }
      from = { ...from, firstMonth: lastPaid + 1 };
    } else {
      from = await this.changePeriod(m, e, dto);
    }
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
    if (lastPaid !== undefined) {
      // The end is also the enrolment's last paid month, so no version of an earlier change can pay a month after it.
      const ref = dto.changeRef ?? `stop-v${version[0].id}`;
      await this.recordPaidThrough(m, e.id, lastPaid, 'stopped', dto.reason, ref, actor);
      await this.settlePaymentsAfter(m, e, lastPaid, `stopped: ${dto.reason}`, ref, `stop-v${version[0].id}`, true, actor);
    } else if (mayCancelDraftPayments(dto.kind)) {
      await this.stopPayments(m, e, from, `${decision.versionKind}: ${dto.reason}`, dto.kind === 'stop', Number(version[0].id), actor);
    }
    return 'applied';
  }

  /**
   * The last month paid changes without a change of terms: a gradual exit (渐退期) decided now with its last month,
   * or its cancellation (null). Payroll pays no month after it from now on; payments already made past it are
   * settled (see settlePaymentsAfter). The same changeRef twice changes nothing.
   */
  async paidThroughFromCase(
    m: EntityManager,
    ref: { householdId: string; scheme: Scheme; caseId: string },
    change: PaidThroughChange,
    actor: Actor,
  ): Promise<'applied' | 'unchanged'> {
    const rows: Record<string, unknown>[] = await m.query(`SELECT ${ENROLMENT_COLUMNS} FROM enrolment WHERE household_id = $1 AND scheme = $2 FOR UPDATE`, [
      ref.householdId,
      ref.scheme,
    ]);
    if (!rows[0]) throw new UnprocessableEventError(`household ${ref.householdId} (case ${ref.caseId}) has no ${ref.scheme} enrolment`);
    const e = toView(rows[0]);
    const seen: unknown[] = await m.query(`SELECT 1 FROM enrolment_paid_through WHERE enrolment_id = $1 AND change_ref = $2`, [e.id, change.changeRef]);
    if (seen.length > 0) return 'unchanged';
    const last = change.lastPaidMonth === null ? null : monthIndex(change.lastPaidMonth);
    const historyId = await this.recordPaidThrough(m, e.id, last, change.kind, change.reason, change.changeRef, actor);
    if (last !== null) {
      await this.settlePaymentsAfter(m, e, last, `${change.kind}: ${change.reason}`, change.changeRef, `paid-through-${historyId}`, false, actor);
    } else {
      // The exit no longer ends the benefit: what it recorded as overpaid is owed to the household after all.
      await m.query(
        `UPDATE overpayment SET status = 'cancelled', status_changed_at = now()
          WHERE enrolment_id = $1 AND status = 'open'
            AND cause_ref IN (SELECT change_ref FROM enrolment_paid_through WHERE enrolment_id = $1 AND change_kind = 'gradual-exit')`,
        [e.id],
      );
    }
    return 'applied';
  }

  private async recordPaidThrough(m: EntityManager, enrolmentId: string, last: number | null, kind: PaidThroughChangeView['change'], reason: string, changeRef: string, actor: Actor): Promise<number> {
    const rows: { id: string }[] = await m.query(
      `INSERT INTO enrolment_paid_through (enrolment_id, paid_through_month, change_kind, reason, change_ref, actor_id, actor_role)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (enrolment_id, change_ref) DO UPDATE SET reason = enrolment_paid_through.reason RETURNING id`,
      [enrolmentId, last, kind, reason, changeRef, actor.id, actor.role],
    );
    await m.query(`UPDATE enrolment SET paid_through_month = $2, updated_at = now() WHERE id = $1`, [enrolmentId, last]);
    return Number(rows[0].id);
  }

  /**
   * Payments of the household that cover months after `last` (a month index): a scheduled payment of a draft batch
   * is cut to its months up to `last` (cancelled when none is left); a payment already approved, released or paid
   * cannot change, so its months after `last` are recorded as an overpayment to recover (C art. 68). Finance is
   * told (payment.stopped with fromMonth, amendedPayments, overpayments) when anything changed, or always for a stop.
   */
  private async settlePaymentsAfter(m: EntityManager, e: EnrolmentView, last: number, reason: string, causeRef: string, keyTag: string, always: boolean, actor: Actor): Promise<void> {
    const payments: Record<string, unknown>[] = await m.query(
      `SELECT p.id, p.period, p.months, p.last_month, p.monthly_amount_fen, p.status, b.status AS batch_status
         FROM payment p JOIN batch b ON b.id = p.batch_id
        WHERE p.enrolment_id = $1 AND p.status NOT IN ('failed', 'stopped')
        ORDER BY p.period FOR UPDATE OF p`,
      [e.id],
    );
    const cancelled: string[] = [];
    const amended: { paymentId: string; period: string; months: number; amountFen: number }[] = [];
    const overpaid: { paymentId: string; period: string; months: number; amountFen: number }[] = [];
    for (const p of payments) {
      const period = String(p['period']);
      const range = periodRange(e.scheme, period);
      if (!range) continue;
      const months = Number(p['months']);
      const paidLast = p['last_month'] === null ? range.lastMonth : Number(p['last_month']);
      const excess = Math.min(months, paidLast - last);
      if (excess <= 0) continue;
      const monthly = toFen(p['monthly_amount_fen']);
      const id = String(p['id']);
      if (p['batch_status'] === 'draft' && p['status'] === 'scheduled') {
        if (excess >= months) {
          await m.query(`UPDATE payment SET status = 'stopped', result_reason = $2, status_changed_at = now(), status_changed_by = $3, status_changed_by_role = $4 WHERE id = $1`, [id, reason, actor.id, actor.role]);
          cancelled.push(id);
        } else {
          const kept = months - excess;
          await m.query(
            `UPDATE payment SET months = $2, amount_fen = $3, last_month = $4, result_reason = $5, status_changed_at = now(), status_changed_by = $6,
                    status_changed_by_role = $7 WHERE id = $1`,
            [id, kept, monthly * kept, last, reason, actor.id, actor.role],
          );
          amended.push({ paymentId: id, period, months: kept, amountFen: monthly * kept });
        }
        continue;
      }
      const inserted: { id: string }[] = await m.query(
        `INSERT INTO overpayment (payment_id, enrolment_id, household_id, scheme, period, township, first_month, months, monthly_amount_fen, amount_fen, reason, cause_ref)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (payment_id) WHERE status = 'open' DO NOTHING RETURNING id`,
        [id, e.id, e.householdId, e.scheme, period, e.township, paidLast - excess + 1, excess, monthly, monthly * excess, reason, causeRef],
      );
      if (inserted.length > 0) overpaid.push({ paymentId: id, period, months: excess, amountFen: monthly * excess });
    }
    if (!always && cancelled.length + amended.length + overpaid.length === 0) return;
    const stopPeriod = periodOfMonth(e.scheme, last + 1).period;
    await this.outbox.append(
      m,
      financeEvent(
        PaymentStopped,
        e.householdId,
        {
          idempotencyKey: `${e.householdId}/${e.scheme}/${stopPeriod}#${keyTag}`,
          householdId: e.householdId,
          scheme: e.scheme,
          period: stopPeriod,
          township: e.township,
          reason,
          cancelledPaymentIds: cancelled,
          fromMonth: monthText(last + 1),
          amendedPayments: amended,
          overpayments: overpaid,
        },
        actor,
      ),
    );
  }

  private async mustGet(id: string): Promise<EnrolmentDetail> {
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
      `UPDATE payment p SET status = 'stopped', result_reason = $3, status_changed_at = now(), status_changed_by = $4, status_changed_by_role = $5
         FROM batch b
        WHERE p.batch_id = b.id AND b.status = 'draft' AND p.enrolment_id = $1 AND p.status = 'scheduled' AND p.period >= $2
       RETURNING p.id`,
      [e.id, from.period, reason, actor.id, actor.role],
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
    paidThroughMonth: r['paid_through_month'] === null || r['paid_through_month'] === undefined ? null : monthText(Number(r['paid_through_month'])),
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

export type EnrolmentDetail = EnrolmentView & { history: EnrolmentVersionView[]; paidThroughHistory: PaidThroughChangeView[]; overpayments: OverpaymentView[] };

function toPaidThroughView(r: Record<string, unknown>): PaidThroughChangeView {
  return {
    paidThroughMonth: r['paid_through_month'] === null ? null : monthText(Number(r['paid_through_month'])),
    change: r['change_kind'] as PaidThroughChangeView['change'],
    reason: String(r['reason']),
    changeRef: String(r['change_ref']),
    actor: { id: String(r['actor_id']), role: String(r['actor_role']) },
    at: new Date(r['created_at'] as string).toISOString(),
  };
}

function toOverpaymentView(r: Record<string, unknown>): OverpaymentView {
  return {
    id: String(r['id']),
    paymentId: String(r['payment_id']),
    period: String(r['period']),
    firstMonth: monthText(Number(r['first_month'])),
    months: Number(r['months']),
    amountFen: toFen(r['amount_fen']),
    reason: String(r['reason']),
    status: r['status'] as OverpaymentView['status'],
    causeRef: String(r['cause_ref']),
    at: new Date(r['created_at'] as string).toISOString(),
  };
}
