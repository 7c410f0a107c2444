import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  Actor,
  InspectionOrderClosed,
  InspectionOrderIssued,
  InspectionOrderOverdue,
  InspectionOrderReopened,
  InspectionOrderResponded,
  isTownshipRole,
} from '@dibao/contracts';
import { badRequest, canAccessTownship, conflict, newEvent, notFound, OutboxService, unprocessable, withActorNames } from '@dibao/platform';
import { randomUUID } from 'crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { daysBetween, isLocalDate } from '../common/local-date.util';
import { GroupsService } from '../groups/groups.service';
import { FindingEntity } from '../visits/finding.entity';
import { VisitEntity } from '../visits/visit.entity';
import { AuditEntryView, IssueOrderDto, ListOrdersQuery, OrderView, RespondOrderDto, VerifyOrderDto } from './dto/order.dto';
import { OrderAction, OrderHistoryEntity } from './order-history.entity';
import { RectificationOrderEntity } from './rectification-order.entity';

export const OVERDUE_SWEEP_ACTOR: Actor = { id: 'inspections-overdue-sweep', role: 'system' };
const OUTBOX_CHUNK = 500;

export interface OverdueSweepResult {
  flaggedOn: string;
  flagged: number;
  orderIds: string[];
}

function view(o: RectificationOrderEntity): OrderView {
  return {
    id: o.id,
    findingId: o.findingId,
    campaignId: o.campaignId,
    township: o.townshipCode,
    requirement: o.requirement,
    status: o.status,
    deadline: o.deadline,
    issuedOn: o.issuedOn,
    overdue: o.overdue,
    response: o.response,
    respondedOn: o.respondedOn,
    closedOn: o.closedOn,
    closedOnTime: o.closedOnTime,
    reopenCount: o.reopenCount,
  };
}

/** Rectification orders (整改): issued from findings, answered by the township, verified on a follow-up visit. */
@Injectable()
export class OrdersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly groups: GroupsService,
  ) {}

  /** A deadline must be a real date, today or later. */
  requireFutureDeadline(deadline: string, field: string): void {
    if (!isLocalDate(deadline)) {
      throw badRequest('validation-failed', `${field}: ${deadline} is not a calendar date`, [
        { field, rule: 'calendarDate', message: `${deadline} is not a calendar date` },
      ]);
    }
    const today = this.clock.today();
    if (deadline < today) {
      throw badRequest('deadline-in-past', `${field}: the deadline ${deadline} is before today (${today})`, [
        { field, rule: 'notInPast', message: `${deadline} is before today (${today})` },
      ]);
    }
  }

  /** Issues the order of a finding inside the caller's transaction. */
  async issueTx(m: EntityManager, finding: FindingEntity, dto: IssueOrderDto, actor: Actor): Promise<OrderView> {
    this.requireFutureDeadline(dto.deadline, 'deadline');
    const existing = await m.getRepository(RectificationOrderEntity).findOneBy({ findingId: finding.id });
    if (existing) throw conflict('order-exists', `finding ${finding.id} already has rectification order ${existing.id}`, { orderId: existing.id });
    const order = m.getRepository(RectificationOrderEntity).create({
      id: randomUUID(),
      findingId: finding.id,
      campaignId: finding.campaignId,
      townshipCode: finding.townshipCode,
      requirement: dto.requirement.trim(),
      status: 'open',
      deadline: dto.deadline,
      issuedOn: this.clock.today(),
      overdue: false,
      overdueFlaggedDeadline: null,
      response: null,
      respondedOn: null,
      closedOn: null,
      closedOnTime: null,
      reopenCount: 0,
      issuedBy: actor.id,
      issuedRole: actor.role,
    });
    await m.getRepository(RectificationOrderEntity).insert(order);
    await this.history(m, order, 'issued', actor, null, null);
    await this.outbox.append(
      m,
      newEvent(
        InspectionOrderIssued,
        order.id,
        {
          orderId: order.id,
          findingId: finding.id,
          campaignId: order.campaignId,
          township: order.townshipCode,
          requirement: order.requirement,
          deadline: order.deadline,
        },
        actor,
      ),
    );
    return view(order);
  }

  /** Issues the order of an already recorded finding. */
  async issue(findingId: string, dto: IssueOrderDto, actor: Actor, m: EntityManager): Promise<OrderView> {
    const finding = await m.getRepository(FindingEntity).findOneBy({ id: findingId });
    if (!finding) throw notFound('finding', findingId);
    const visit = await m.getRepository(VisitEntity).findOneByOrFail({ id: finding.visitId });
    await this.groups.requireMember(m, visit.groupId, actor);
    return this.issueTx(m, finding, dto, actor);
  }

  async list(query: ListOrdersQuery, actor: Actor): Promise<OrderView[]> {
    const qb = this.dataSource.getRepository(RectificationOrderEntity).createQueryBuilder('o').orderBy('o.deadline', 'ASC').addOrderBy('o.id', 'ASC');
    // A township role sees its own township's orders only, whatever it asks for.
    if (actor.township && isTownshipRole(actor.role)) {
      if (query.township && query.township !== actor.township) return [];
      qb.andWhere('o.township_code = :own', { own: actor.township });
    } else if (query.township) {
      qb.andWhere('o.township_code = :township', { township: query.township });
    }
    if (query.status) qb.andWhere('o.status = :status', { status: query.status });
    if (query.overdue !== undefined) qb.andWhere('o.overdue = :overdue', { overdue: query.overdue === 'true' });
    if (query.campaignId) qb.andWhere('o.campaign_id = :campaignId', { campaignId: query.campaignId });
    return (await qb.take(1000).getMany()).map(view);
  }

  async get(id: string, actor: Actor): Promise<OrderView> {
    const order = await this.loadVisible(this.dataSource.manager, id, actor);
    const history = await this.dataSource.getRepository(OrderHistoryEntity).find({ where: { orderId: id }, order: { id: 'ASC' } });
    return {
      ...view(order),
      history: history.map((h) => ({
        action: h.action,
        note: h.note,
        visitId: h.visitId,
        deadline: h.deadline,
        actorId: h.actorId,
        actorRole: h.actorRole,
        at: h.at.toISOString(),
      })),
    };
  }

  /**
   * Who did what to the order and when, oldest first: the audit read, in the shape every service uses for its
   * records (households' /households/{id}/history: entity, action, changes, actor, at).
   */
  async historyOf(id: string, actor: Actor): Promise<AuditEntryView[]> {
    await this.loadVisible(this.dataSource.manager, id, actor);
    const rows = await this.dataSource.getRepository(OrderHistoryEntity).find({ where: { orderId: id }, order: { id: 'ASC' } });
    return withActorNames(this.dataSource, rows.map((h) => ({
      id: String(h.id),
      entity: 'rectification-order',
      entityId: id,
      action: h.action,
      changes: {
        deadline: h.deadline,
        ...(h.note !== null ? { note: h.note } : {}),
        ...(h.visitId !== null ? { visitId: h.visitId } : {}),
      },
      actorId: h.actorId,
      actorRole: h.actorRole,
      at: h.at.toISOString(),
    })));
  }

  /** The township's answer (整改情况反馈). */
  async respond(id: string, dto: RespondOrderDto, actor: Actor): Promise<OrderView> {
    return this.dataSource.transaction(async (m) => {
      const order = await this.loadVisible(m, id, actor, true);
      if (order.status !== 'open') {
        throw conflict('order-not-open', `order ${id} is ${order.status}; only an open order can be answered`);
      }
      order.status = 'responded';
      order.response = dto.response.trim();
      order.respondedOn = this.clock.today();
      await m.getRepository(RectificationOrderEntity).save(order);
      await this.history(m, order, 'responded', actor, order.response, null);
      await this.outbox.append(
        m,
        newEvent(
          InspectionOrderResponded,
          order.id,
          {
            orderId: order.id,
            campaignId: order.campaignId,
            township: order.townshipCode,
            respondedOn: order.respondedOn,
            deadline: order.deadline,
            onTime: order.respondedOn <= order.deadline,
          },
          actor,
        ),
      );
      return view(order);
    });
  }

  /** A follow-up visit checks the rectification: closes the order, or reopens it with a new deadline. */
  async verify(id: string, dto: VerifyOrderDto, actor: Actor): Promise<OrderView> {
    return this.dataSource.transaction(async (m) => {
      const order = await this.loadVisible(m, id, actor, true);
      if (order.status !== 'responded') {
        throw conflict('order-not-responded', `order ${id} is ${order.status}; only an answered order can be verified`);
      }
      const visit = await m.getRepository(VisitEntity).findOneBy({ id: dto.visitId });
      if (!visit) throw badRequest('unknown-visit', `visit ${dto.visitId} does not exist`, [{ field: 'visitId', rule: 'exists', message: 'no such visit' }]);
      await this.groups.requireMember(m, visit.groupId, actor);
      if (visit.townshipCode !== order.townshipCode) {
        throw unprocessable('visit-other-township', `visit ${visit.id} was to township ${visit.townshipCode}, the order is addressed to ${order.townshipCode}`);
      }
      if (visit.visitedOn < order.issuedOn) {
        throw unprocessable('visit-before-order', `visit ${visit.id} on ${visit.visitedOn} took place before the order was issued on ${order.issuedOn}`);
      }
      if (dto.outcome === 'closed') {
        order.status = 'closed';
        order.closedOn = visit.visitedOn;
        order.closedOnTime = order.respondedOn !== null && order.respondedOn <= order.deadline;
        await m.getRepository(RectificationOrderEntity).save(order);
        await this.history(m, order, 'closed', actor, dto.note ?? null, visit.id);
        await this.outbox.append(
          m,
          newEvent(
            InspectionOrderClosed,
            order.id,
            {
              orderId: order.id,
              campaignId: order.campaignId,
              township: order.townshipCode,
              verifiedByVisitId: visit.id,
              closedOn: order.closedOn,
              deadline: order.deadline,
              onTime: order.closedOnTime,
            },
            actor,
          ),
        );
      } else {
        const newDeadline = dto.newDeadline;
        if (newDeadline === undefined) {
          throw badRequest('validation-failed', 'newDeadline: a reopened order needs a new deadline', [
            { field: 'newDeadline', rule: 'requiredWhenReopened', message: 'a reopened order needs a new deadline' },
          ]);
        }
        this.requireFutureDeadline(newDeadline, 'newDeadline');
        const previousDeadline = order.deadline;
        order.status = 'open';
        order.deadline = newDeadline;
        order.overdue = false;
        order.response = null;
        order.respondedOn = null;
        order.reopenCount += 1;
        await m.getRepository(RectificationOrderEntity).save(order);
        await this.history(m, order, 'reopened', actor, dto.note ?? null, visit.id);
        await this.outbox.append(
          m,
          newEvent(
            InspectionOrderReopened,
            order.id,
            {
              orderId: order.id,
              campaignId: order.campaignId,
              township: order.townshipCode,
              verifiedByVisitId: visit.id,
              previousDeadline,
              deadline: order.deadline,
              reopenCount: order.reopenCount,
            },
            actor,
          ),
        );
      }
      return view(order);
    });
  }

  /**
   * Flags every open order past its deadline, once per deadline: one set-based UPDATE … RETURNING and the
   * overdue events in the outbox, in one transaction. A concurrent sweep waits on the row locks and then
   * finds nothing left to flag.
   */
  async sweepOverdue(actor: Actor = OVERDUE_SWEEP_ACTOR): Promise<OverdueSweepResult> {
    const today = this.clock.today();
    return this.dataSource.transaction(async (m) => {
      const rows: { id: string; campaign_id: string; township_code: string; deadline: string }[] = await m.query(
        // (wrapped in a CTE so the driver returns the rows, not an UPDATE's [rows, count] pair)
        `WITH flagged AS (
           UPDATE rectification_order
              SET overdue = true, overdue_flagged_deadline = deadline, version = version + 1
            WHERE status = 'open' AND deadline < $1::date AND overdue_flagged_deadline IS DISTINCT FROM deadline
            RETURNING id, campaign_id, township_code, deadline::text AS deadline)
         SELECT * FROM flagged`,
        [today],
      );
      if (rows.length > 0) {
        await m.query(
          `INSERT INTO order_history (order_id, action, deadline, actor_id, actor_role, note)
           SELECT o.id, 'overdue', o.deadline, $2, $3, $4 FROM unnest($1::uuid[]) AS x(id) JOIN rectification_order o ON o.id = x.id`,
          [rows.map((r) => r.id), actor.id, actor.role, `past its deadline on ${today}`],
        );
        const events = rows.map((r) =>
          newEvent(
            InspectionOrderOverdue,
            r.id,
            {
              orderId: r.id,
              campaignId: r.campaign_id,
              township: r.township_code,
              deadline: r.deadline,
              flaggedOn: today,
              daysLate: daysBetween(r.deadline, today),
            },
            actor,
          ),
        );
        for (let i = 0; i < events.length; i += OUTBOX_CHUNK) await this.outbox.append(m, ...events.slice(i, i + OUTBOX_CHUNK));
      }
      return { flaggedOn: today, flagged: rows.length, orderIds: rows.map((r) => r.id).sort() };
    });
  }

  /** Loads an order the actor may see; another township's order is "not found" so its existence is not revealed. */
  private async loadVisible(m: EntityManager, id: string, actor: Actor, forUpdate = false): Promise<RectificationOrderEntity> {
    const order = await m.getRepository(RectificationOrderEntity).findOne({
      where: { id },
      ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!order || !canAccessTownship(actor, order.townshipCode)) throw notFound('rectification order', id);
    return order;
  }

  private async history(m: EntityManager, order: RectificationOrderEntity, action: OrderAction, actor: Actor, note: string | null, visitId: string | null): Promise<void> {
    await m.getRepository(OrderHistoryEntity).insert({
      orderId: order.id,
      action,
      note,
      visitId,
      deadline: order.deadline,
      actorId: actor.id,
      actorRole: actor.role,
    });
  }
}
