import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { Actor, HouseholdIncomeChanged, HouseholdMemberChanged, HouseholdRegistered } from '@dibao/contracts';
import { checkResidentId, DibaoPolicy, LocalDate, maskResidentId } from '@dibao/domain';
import {
  AppException,
  badRequest,
  canAccessTownship,
  conflict,
  FieldProblem,
  forbidden,
  newEvent,
  notFound,
  OutboxService,
  requestContext,
  unprocessable,
  withActorNames,
} from '@dibao/platform';
import type {
  AddAssetDto,
  AddDeductionDto,
  AddIncomeDto,
  AddMemberDto,
  ListHouseholdsQuery,
  PutPayeeDto,
  UpdateHouseholdDto,
  UpdateMemberDto,
} from './dto/change-household.dto';
import type { HistoryEntryView, HouseholdPageView, HouseholdView, IncomeItemView, PayeeView } from './dto/household-view.dto';
import type { RegisterHouseholdDto } from './dto/register-household.dto';
import { HouseholdAsset } from './household-asset.entity';
import { assessHousehold, assessPreparedHousehold, HouseholdAssessment, incomeTreatment } from './household-assessment.util';
import { HouseholdIncome } from './household-income.entity';
import { HouseholdMember } from './household-member.entity';
import { prepareHousehold, PreparedHousehold } from './household-prepare.util';
import { HouseholdProxy } from './household-proxy.entity';
import { toHouseholdView, toIncomeView, toPayeeView, toSummaryView } from './household-view.util';
import { Household } from './household.entity';
import { DIBAO_POLICY } from './households.policy';
import { ActiveResidentId, HistoryEntry, HouseholdParts, HouseholdsRepository } from './households.repository';
import { maskAccountNumber } from './identifiers.util';
import { todayInChina } from './today.util';
import { activeTownships, unknownTownshipProblem } from '../townships/townships';

const ACTIVE_RESIDENT_ID_INDEX = 'household_members_active_resident_id';

/** The household registry: registration, members, income items, assets, payee; every change with history. */
@Injectable()
export class HouseholdsService {
  private readonly logger = new Logger(HouseholdsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: HouseholdsRepository,
    private readonly outbox: OutboxService,
    @Inject(DIBAO_POLICY) private readonly policy: DibaoPolicy,
  ) {}

  async register(dto: RegisterHouseholdDto, actor: Actor): Promise<HouseholdView> {
    if (!canAccessTownship(actor, dto.township)) {
      throw forbidden(`a ${actor.role} of township ${actor.township} registers households only in that township`);
    }
    const today = todayInChina();
    const result = prepareHousehold(dto, today, randomUUID);
    // The township is reference data of the registry (table township): an unknown one is named with the other problems.
    const township = unknownTownshipProblem(dto.township, await activeTownships(this.dataSource.manager, [dto.township]));
    const problems = [...(result.ok ? [] : result.problems), ...(township ? [township] : [])];
    if (!result.ok || problems.length > 0) throw invalid(problems);
    const h = result.household;
    const assessment = this.assessPrepared(h, today);
    await this.withResidentIdConflicts(h.members.map((m, i) => ({ residentId: m.residentId, field: `members[${i}].residentId` })), () =>
      this.dataSource.transaction(async (m) => {
        await this.assertNoActiveResidentIds(m, h.members.map((x, i) => ({ residentId: x.residentId, field: `members[${i}].residentId` })));
        await this.repo.insertHouseholds(m, [h], actor, requestContext.correlationId());
        await this.outbox.append(
          m,
          newEvent(
            HouseholdRegistered,
            h.id,
            {
              householdId: h.id,
              township: dto.township,
              scheme: h.scheme,
              village: dto.village,
              status: 'registered',
              members: h.members.length,
              countedMembers: assessment.countedMembers,
              perCapitaMonthlyIncomeFen: assessment.perCapitaMonthlyIncomeFen,
              source: 'api',
              ...(dto.ledgerNo ? { ledgerNo: dto.ledgerNo } : {}),
            },
            actor,
          ),
        );
      }),
    );
    this.logger.log(`household ${h.id} registered in ${dto.township} with ${h.members.length} member(s)`);
    return this.get(h.id, actor);
  }

  async get(id: string, actor: Actor): Promise<HouseholdView> {
    const m = this.dataSource.manager;
    const h = await this.visible(m, id, actor);
    const parts = await this.repo.loadParts(m, id);
    return toHouseholdView(h, parts, this.assess(h, parts, todayInChina()), actor.role);
  }

  async list(query: ListHouseholdsQuery, actor: Actor): Promise<HouseholdPageView> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const qb = this.dataSource.getRepository(Household).createQueryBuilder('h');
    // A township role sees only its own township, whatever filter it asks for.
    if (actor.township) qb.andWhere('h.township = :own', { own: actor.township });
    if (query.township) qb.andWhere('h.township = :township', { township: query.township });
    if (query.scheme) qb.andWhere('h.scheme = :scheme', { scheme: query.scheme });
    if (query.status) qb.andWhere('h.status = :status', { status: query.status });
    const [rows, total] = await qb
      .orderBy('h.created_at', 'ASC')
      .addOrderBy('h.id', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: rows.map(toSummaryView), page, pageSize, total };
  }

  /** The active household of a resident ID number (the number travels in the body, never in a URL). */
  async lookup(residentId: string, actor: Actor): Promise<HouseholdView> {
    const [found] = await this.repo.activeResidentIds(this.dataSource.manager, [residentId.toUpperCase()]);
    if (!found || !canAccessTownship(actor, found.township)) {
      throw new AppException(404, 'not-found', `no active household has member ${maskResidentId(residentId)}`);
    }
    return this.get(found.householdId, actor);
  }

  async update(id: string, dto: UpdateHouseholdDto, actor: Actor): Promise<HouseholdView> {
    await this.change(id, actor, async (m, h) => {
      const changes = diff(h, dto, ['village', 'address']);
      if (Object.keys(changes).length === 0) return;
      await this.repo.touch(m, id, actor, pick(dto, ['village', 'address']));
      await this.history(m, actor, [{ householdId: id, entity: 'household', entityId: id, action: 'updated', changes }]);
    });
    return this.get(id, actor);
  }

  async addMember(id: string, dto: AddMemberDto, actor: Actor): Promise<HouseholdView> {
    const check = checkResidentId(dto.residentId, todayInChina());
    if (!check.valid) throw invalid([{ field: 'residentId', rule: 'isResidentId', message: `residentId is invalid (${check.reason})` }]);
    if (dto.relation === 'head') throw invalid([{ field: 'relation', rule: 'oneHead', message: 'the household already has a head' }]);
    await this.withResidentIdConflicts([{ residentId: check.id, field: 'residentId' }], () =>
      this.change(id, actor, async (m, h) => {
        await this.assertNoActiveResidentIds(m, [{ residentId: check.id, field: 'residentId' }]);
        const memberId = randomUUID();
        await m.query(
          `INSERT INTO household_members (id, household_id, name, resident_id, relation, sex, birth_date, disability_grade, work_ability,
                                          seriously_ill, exclusion, created_by, created_by_role, updated_by, updated_by_role, active)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $12, $13, $14)`,
          [memberId, id, dto.name, check.id, dto.relation, check.sex, check.birthDate, dto.disabilityGrade ?? null, dto.workAbility,
            dto.seriouslyIll ?? false, dto.exclusion ?? null, actor.id, actor.role, h.status !== 'exited'],
        );
        await this.repo.touch(m, id, actor);
        await this.history(m, actor, [
          { householdId: id, entity: 'member', entityId: memberId, action: 'added', changes: { ...memberSnapshot(dto), residentId: maskResidentId(check.id) } },
        ]);
        await this.memberChanged(m, h, memberId, 'added', actor);
      }),
    );
    return this.get(id, actor);
  }

  async updateMember(id: string, memberId: string, dto: UpdateMemberDto, actor: Actor): Promise<HouseholdView> {
    await this.change(id, actor, async (m, h) => {
      const member = await this.currentMember(m, id, memberId);
      if (dto.relation !== undefined && (dto.relation === 'head') !== (member.relation === 'head')) {
        throw invalid([{ field: 'relation', rule: 'oneHead', message: 'the head changes only by registering the household again' }]);
      }
      const fields = ['name', 'relation', 'disabilityGrade', 'workAbility', 'seriouslyIll', 'exclusion'] as const;
      const changes = diff(member, dto, fields);
      if (Object.keys(changes).length === 0) return;
      await m
        .getRepository(HouseholdMember)
        .createQueryBuilder()
        .update()
        .set({ ...pick(dto, fields), updatedAt: () => 'now()', updatedBy: actor.id, updatedByRole: actor.role })
        .where('id = :memberId', { memberId })
        .execute();
      await this.repo.touch(m, id, actor);
      await this.history(m, actor, [{ householdId: id, entity: 'member', entityId: memberId, action: 'updated', changes }]);
      await this.memberChanged(m, h, memberId, 'updated', actor);
    });
    return this.get(id, actor);
  }

  async removeMember(id: string, memberId: string, reason: string, actor: Actor): Promise<HouseholdView> {
    await this.change(id, actor, async (m, h) => {
      const member = await this.currentMember(m, id, memberId);
      if (member.relation === 'head') throw unprocessable('head-not-removable', 'the head of the household cannot be removed');
      await m.query(
        `UPDATE household_members SET active = false, removed_at = now(), removed_by = $2, removed_by_role = $3, removal_reason = $4,
                updated_at = now(), updated_by = $2, updated_by_role = $3 WHERE id = $1`,
        [memberId, actor.id, actor.role, reason],
      );
      // The member's income no longer belongs to the household.
      const items: { id: string }[] = await m.query(
        `WITH removed AS (
           UPDATE household_incomes SET removed_at = now(), removed_by = $2, removed_by_role = $3
            WHERE member_id = $1 AND removed_at IS NULL RETURNING id)
         SELECT id FROM removed`,
        [memberId, actor.id, actor.role],
      );
      await this.repo.touch(m, id, actor);
      await this.history(m, actor, [
        { householdId: id, entity: 'member', entityId: memberId, action: 'removed', changes: { reason, residentId: maskResidentId(member.residentId) } },
        ...items.map((i) => ({ householdId: id, entity: 'income' as const, entityId: i.id, action: 'removed', changes: { reason: 'member removed' } })),
      ]);
      await this.memberChanged(m, h, memberId, 'removed', actor, { member, reason });
    });
    return this.get(id, actor);
  }

  async incomes(id: string, actor: Actor): Promise<IncomeItemView[]> {
    await this.visible(this.dataSource.manager, id, actor);
    return (await this.repo.loadParts(this.dataSource.manager, id)).incomes.map(toIncomeView);
  }

  async addIncomeItem(id: string, dto: AddIncomeDto | AddDeductionDto, item: 'income' | 'deduction', actor: Actor): Promise<HouseholdView> {
    await this.change(id, actor, async (m, h) => {
      await this.currentMember(m, id, dto.memberId, 'memberId');
      const itemId = randomUUID();
      const category = 'category' in dto ? dto.category : dto.kind;
      const costs = 'costsFen' in dto ? (dto.costsFen ?? 0) : 0;
      await m.query(
        `INSERT INTO household_incomes (id, household_id, member_id, kind, category, amount_fen, costs_fen, period, note, created_by, created_by_role)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [itemId, id, dto.memberId, item, category, dto.amountFen, costs, dto.period, dto.note ?? null, actor.id, actor.role],
      );
      await this.repo.touch(m, id, actor);
      await this.history(m, actor, [
        { householdId: id, entity: 'income', entityId: itemId, action: 'added', changes: { item, memberId: dto.memberId, category, amountFen: dto.amountFen, costsFen: costs, period: dto.period } },
      ]);
      await this.incomeChanged(m, h, { memberId: dto.memberId, itemId, item, category }, 'added', actor);
    });
    return this.get(id, actor);
  }

  async removeIncomeItem(id: string, itemId: string, actor: Actor): Promise<HouseholdView> {
    await this.change(id, actor, async (m, h) => {
      const item = await m.getRepository(HouseholdIncome).findOne({ where: { id: itemId, householdId: id } });
      if (!item || item.removedAt) throw notFound('income item', itemId);
      await m.query(`UPDATE household_incomes SET removed_at = now(), removed_by = $2, removed_by_role = $3 WHERE id = $1`, [itemId, actor.id, actor.role]);
      await this.repo.touch(m, id, actor);
      await this.history(m, actor, [{ householdId: id, entity: 'income', entityId: itemId, action: 'removed', changes: { item: item.kind, category: item.category } }]);
      await this.incomeChanged(m, h, { memberId: item.memberId, itemId, item: item.kind, category: item.category }, 'removed', actor);
    });
    return this.get(id, actor);
  }

  async addAsset(id: string, dto: AddAssetDto, actor: Actor): Promise<HouseholdView> {
    await this.change(id, actor, async (m) => {
      const assetId = randomUUID();
      await m.query(
        `INSERT INTO household_assets (id, household_id, kind, value_fen, description, created_by, created_by_role) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [assetId, id, dto.kind, dto.valueFen ?? 0, dto.description ?? null, actor.id, actor.role],
      );
      await this.repo.touch(m, id, actor);
      await this.history(m, actor, [{ householdId: id, entity: 'asset', entityId: assetId, action: 'added', changes: { ...dto } }]);
    });
    return this.get(id, actor);
  }

  async removeAsset(id: string, assetId: string, actor: Actor): Promise<HouseholdView> {
    await this.change(id, actor, async (m) => {
      const asset = await m.getRepository(HouseholdAsset).findOne({ where: { id: assetId, householdId: id } });
      if (!asset || asset.removedAt) throw notFound('asset', assetId);
      await m.query(`UPDATE household_assets SET removed_at = now(), removed_by = $2, removed_by_role = $3 WHERE id = $1`, [assetId, actor.id, actor.role]);
      await this.repo.touch(m, id, actor);
      await this.history(m, actor, [{ householdId: id, entity: 'asset', entityId: assetId, action: 'removed', changes: { kind: asset.kind } }]);
    });
    return this.get(id, actor);
  }

  async payee(id: string, actor: Actor): Promise<PayeeView> {
    const h = await this.visible(this.dataSource.manager, id, actor);
    const proxies = (await this.repo.loadParts(this.dataSource.manager, id)).proxies;
    return toPayeeView(h, proxies, actor.role, true);
  }

  async putPayee(id: string, dto: PutPayeeDto, actor: Actor): Promise<PayeeView> {
    await this.change(id, actor, async (m, h) => {
      const account = dto.account ?? null;
      const accountChanged =
        (h.accountKind ?? null) !== (account?.kind ?? null) ||
        (h.accountInstitution ?? null) !== (account?.institution ?? null) ||
        (h.accountNumber ?? null) !== (account?.number ?? null) ||
        (h.accountHolder ?? null) !== (account?.holderName ?? null);
      const current = await m.getRepository(HouseholdProxy).find({ where: { householdId: id } });
      const active = current.filter((p) => !p.revokedAt);
      const same = (p: HouseholdProxy, q: PutPayeeDto['proxies'][number]) =>
        p.residentId === q.residentId && p.entrustmentRef === q.entrustmentRef && p.name === q.name && (p.relation ?? null) === (q.relation ?? null);
      const revoked = active.filter((p) => !dto.proxies.some((q) => same(p, q)));
      const added = dto.proxies.filter((q) => !active.some((p) => same(p, q))).map((q) => ({ ...q, id: randomUUID(), householdId: id }));
      if (!accountChanged && revoked.length === 0 && added.length === 0) return;

      const entries: HistoryEntry[] = [];
      if (accountChanged) {
        await this.repo.touch(m, id, actor, {
          accountKind: account?.kind ?? null,
          accountInstitution: account?.institution ?? null,
          accountNumber: account?.number ?? null,
          accountHolder: account?.holderName ?? null,
        });
        entries.push({
          householdId: id,
          entity: 'payee',
          entityId: id,
          action: 'account-changed',
          changes: { kind: account?.kind ?? null, institution: account?.institution ?? null, number: account ? maskAccountNumber(account.number) : null },
        });
      } else {
        await this.repo.touch(m, id, actor);
      }
      if (revoked.length > 0) {
        await m.query(`UPDATE household_proxies SET revoked_at = now(), revoked_by = $2, revoked_by_role = $3 WHERE id = ANY($1::uuid[])`, [
          revoked.map((p) => p.id),
          actor.id,
          actor.role,
        ]);
        entries.push(...revoked.map((p) => ({ householdId: id, entity: 'proxy' as const, entityId: p.id, action: 'revoked', changes: { name: p.name } })));
      }
      if (added.length > 0) {
        await this.repo.insertProxies(m, added, actor);
        entries.push(
          ...added.map((p) => ({
            householdId: id,
            entity: 'proxy' as const,
            entityId: p.id,
            action: 'added',
            changes: { name: p.name, residentId: maskResidentId(p.residentId), entrustmentRef: p.entrustmentRef },
          })),
        );
      }
      await this.history(m, actor, entries);
    });
    return this.payee(id, actor);
  }

  async historyOf(id: string, actor: Actor, limit = 200, after?: string): Promise<HistoryEntryView[]> {
    await this.visible(this.dataSource.manager, id, actor);
    const rows = await this.repo.history(this.dataSource.manager, id, limit, after);
    return withActorNames(
      this.dataSource,
      rows.map((r) => ({
        id: r.id,
        entity: r.entity,
        entityId: r.entityId,
        action: r.action,
        changes: r.changes,
        actorId: r.actorId,
        actorRole: r.actorRole,
        at: r.at.toISOString(),
      })),
    );
  }

  /** Assessment of a stored household on `asOf`. */
  assess(h: Household, parts: HouseholdParts, asOf: LocalDate): HouseholdAssessment {
    return assessHousehold(h.scheme, parts.members, parts.incomes, parts.assets, this.policy, asOf);
  }

  private assessPrepared(h: PreparedHousehold, asOf: LocalDate): HouseholdAssessment {
    return assessPreparedHousehold(h, this.policy, asOf);
  }

  /** Loads a household the actor may see; another township's household is "not found". */
  private async visible(m: EntityManager, id: string, actor: Actor, lock = false): Promise<Household> {
    const h = await this.repo.findHousehold(m, id, lock);
    if (!h || !canAccessTownship(actor, h.township)) throw notFound('household', id);
    return h;
  }

  /** Runs a change of one household in a transaction holding its row lock. */
  private change(id: string, actor: Actor, fn: (m: EntityManager, h: Household) => Promise<void>): Promise<void> {
    return this.dataSource.transaction(async (m) => fn(m, await this.visible(m, id, actor, true)));
  }

  private async currentMember(m: EntityManager, householdId: string, memberId: string, field?: string): Promise<HouseholdMember> {
    const member = await m.getRepository(HouseholdMember).findOne({ where: { id: memberId, householdId } });
    if (!member || member.removedAt) {
      if (field) throw invalid([{ field, rule: 'currentMember', message: `${field} is not a current member of the household` }]);
      throw notFound('member', memberId);
    }
    return member;
  }

  private history(m: EntityManager, actor: Actor, entries: HistoryEntry[]): Promise<void> {
    return this.repo.appendHistory(m, entries, actor, requestContext.correlationId());
  }

  private async memberChanged(
    m: EntityManager,
    h: Household,
    memberId: string,
    change: 'added' | 'updated' | 'removed',
    actor: Actor,
    removed?: { member: HouseholdMember; reason: string },
  ): Promise<void> {
    const parts = await this.repo.loadParts(m, h.id);
    const member = removed?.member ?? parts.members.find((x) => x.id === memberId);
    if (!member) throw new Error(`member ${memberId} vanished inside its own transaction`);
    const assessment = this.assess(h, parts, todayInChina());
    await this.outbox.append(
      m,
      newEvent(
        HouseholdMemberChanged,
        h.id,
        {
          householdId: h.id,
          township: h.township,
          scheme: h.scheme,
          memberId,
          change,
          residentIdMasked: maskResidentId(member.residentId),
          relation: member.relation,
          counted: change !== 'removed' && member.exclusion === null,
          members: parts.members.length,
          countedMembers: assessment.countedMembers,
          perCapitaMonthlyIncomeFen: assessment.perCapitaMonthlyIncomeFen,
          ...(removed ? { reason: removed.reason } : {}),
        },
        actor,
      ),
    );
  }

  private async incomeChanged(
    m: EntityManager,
    h: Household,
    item: { memberId: string; itemId: string; item: 'income' | 'deduction'; category: string },
    change: 'added' | 'removed',
    actor: Actor,
  ): Promise<void> {
    const assessment = this.assess(h, await this.repo.loadParts(m, h.id), todayInChina());
    await this.outbox.append(
      m,
      newEvent(
        HouseholdIncomeChanged,
        h.id,
        {
          householdId: h.id,
          township: h.township,
          scheme: h.scheme,
          ...item,
          change,
          treatment: incomeTreatment({ kind: item.item, category: item.category }),
          countedMembers: assessment.countedMembers,
          perCapitaMonthlyIncomeFen: assessment.perCapitaMonthlyIncomeFen,
        },
        actor,
      ),
    );
  }

  private async assertNoActiveResidentIds(m: EntityManager, ids: { residentId: string; field: string }[]): Promise<void> {
    const found = await this.repo.activeResidentIds(m, ids.map((x) => x.residentId));
    if (found.length > 0) throw residentIdConflict(found, ids);
  }

  /** A concurrent registration can slip past the check: the unique index then answers, also as a 409. */
  private async withResidentIdConflicts<T>(ids: { residentId: string; field: string }[], fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (isUniqueViolation(e, ACTIVE_RESIDENT_ID_INDEX)) {
        const found = await this.repo.activeResidentIds(this.dataSource.manager, ids.map((x) => x.residentId));
        throw residentIdConflict(found, ids);
      }
      throw e;
    }
  }
}

function invalid(problems: FieldProblem[]): AppException {
  return badRequest('validation-failed', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
}

function residentIdConflict(found: ActiveResidentId[], ids: { residentId: string; field: string }[]): AppException {
  const conflicts = found.map((f) => ({
    field: ids.find((x) => x.residentId === f.residentId)?.field ?? 'residentId',
    residentId: maskResidentId(f.residentId),
    householdId: f.householdId,
    township: f.township,
  }));
  return conflict(
    'resident-id-registered',
    conflicts.map((c) => `${c.field} ${c.residentId} already belongs to active household ${c.householdId} (township ${c.township})`).join('; '),
    { conflicts },
  );
}

function isUniqueViolation(e: unknown, constraint: string): boolean {
  if (!(e instanceof QueryFailedError)) return false;
  const driver = e.driverError as { code?: string; constraint?: string };
  return driver.code === '23505' && driver.constraint === constraint;
}

function memberSnapshot(dto: AddMemberDto): Record<string, unknown> {
  return {
    name: dto.name,
    relation: dto.relation,
    disabilityGrade: dto.disabilityGrade ?? null,
    workAbility: dto.workAbility,
    seriouslyIll: dto.seriouslyIll ?? false,
    exclusion: dto.exclusion ?? null,
  };
}

function pick<T extends object, K extends keyof T>(obj: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
  return out;
}

/** `{ field: { from, to } }` for every given field that changes. */
function diff<T extends object>(before: T, change: object, keys: readonly string[]): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const k of keys) {
    const to = (change as Record<string, unknown>)[k];
    const from = (before as Record<string, unknown>)[k];
    if (to !== undefined && to !== from) out[k] = { from: from ?? null, to };
  }
  return out;
}
