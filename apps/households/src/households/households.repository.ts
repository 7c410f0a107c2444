import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import type { Actor } from '@dibao/contracts';
import { HouseholdAsset } from './household-asset.entity';
import { HouseholdHistory } from './household-history.entity';
import { HouseholdIncome } from './household-income.entity';
import { HouseholdMember } from './household-member.entity';
import type { PreparedHousehold } from './household-prepare.util';
import { HouseholdProxy } from './household-proxy.entity';
import { Household } from './household.entity';

export interface HistoryEntry {
  householdId: string;
  entity: 'household' | 'member' | 'income' | 'asset' | 'payee' | 'proxy' | 'case' | 'listing';
  entityId: string;
  action: string;
  changes: Record<string, unknown>;
}

/** The current parts of a household (removed members and items are left out). */
export interface HouseholdParts {
  members: HouseholdMember[];
  incomes: HouseholdIncome[];
  assets: HouseholdAsset[];
  proxies: HouseholdProxy[];
}

export interface ImportMark {
  importKey: string;
  importHash: string;
  /** The status the ledger gives (default registered): `beneficiary` for households receiving dibao before the system. */
  status?: 'registered' | 'beneficiary';
}

/** A resident ID already in an active household. */
export interface ActiveResidentId {
  residentId: string;
  householdId: string;
  township: string;
  importKey: string | null;
}

/**
 * Database access of the registry. Inserts are set-based (one INSERT … SELECT FROM unnest per table), so
 * registering one household and importing thousands take the same path.
 */
@Injectable()
export class HouseholdsRepository {
  /**
   * Inserts prepared households with everything they contain and a `created` history row each.
   * Returns the ids actually inserted (a household whose import key exists is skipped by ON CONFLICT).
   */
  async insertHouseholds(
    m: EntityManager,
    households: PreparedHousehold[],
    actor: Actor,
    correlationId: string,
    marks?: ImportMark[],
  ): Promise<Set<string>> {
    if (households.length === 0) return new Set();
    const col = <T>(f: (h: PreparedHousehold, i: number) => T) => households.map(f);
    const inserted: { id: string }[] = await m.query(
      `INSERT INTO households (id, scheme, hukou, township, village, address, status, ledger_no, import_key, import_hash,
                               account_kind, account_institution, account_number, account_holder,
                               created_by, created_by_role, updated_by, updated_by_role)
       SELECT u.id, u.scheme, u.hukou, u.township, u.village, u.address, u.status, u.ledger_no, u.import_key, u.import_hash,
              u.account_kind, u.account_institution, u.account_number, u.account_holder, $16, $17, $16, $17
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                     $10::text[], $11::text[], $12::text[], $13::text[], $14::int[], $15::text[])
           AS u(id, scheme, hukou, township, village, address, ledger_no, import_key, import_hash,
                account_kind, account_institution, account_number, account_holder, ord, status)
        ORDER BY u.ord
       ON CONFLICT (import_key) DO NOTHING
       RETURNING id`,
      [
        col((h) => h.id),
        col((h) => h.scheme),
        col((h) => h.draft.hukou),
        col((h) => h.draft.township),
        col((h) => h.draft.village),
        col((h) => h.draft.address),
        col((h) => h.draft.ledgerNo ?? null),
        col((_, i) => marks?.[i]?.importKey ?? null),
        col((_, i) => marks?.[i]?.importHash ?? null),
        col((h) => h.account?.kind ?? null),
        col((h) => h.account?.institution ?? null),
        col((h) => h.account?.number ?? null),
        col((h) => h.account?.holderName ?? null),
        col((_, i) => i),
        col((_, i) => marks?.[i]?.status ?? 'registered'),
        actor.id,
        actor.role,
      ],
    );
    const ids = new Set(inserted.map((r) => r.id));
    const kept = households.filter((h) => ids.has(h.id));
    if (kept.length === 0) return ids;

    const members = kept.flatMap((h) => h.members.map((mem) => ({ h, mem })));
    await m.query(
      `INSERT INTO household_members (id, household_id, name, resident_id, relation, sex, birth_date, disability_grade, work_ability,
                                      seriously_ill, exclusion, created_by, created_by_role, updated_by, updated_by_role)
       SELECT u.*, $12, $13, $12, $13
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[], $8::smallint[], $9::text[],
                     $10::boolean[], $11::text[]) AS u`,
      [
        members.map((x) => x.mem.id),
        members.map((x) => x.h.id),
        members.map((x) => x.mem.name),
        members.map((x) => x.mem.residentId),
        members.map((x) => x.mem.relation),
        members.map((x) => x.mem.sex),
        members.map((x) => x.mem.birthDate),
        members.map((x) => x.mem.disabilityGrade ?? null),
        members.map((x) => x.mem.workAbility),
        members.map((x) => x.mem.seriouslyIll ?? false),
        members.map((x) => x.mem.exclusion ?? null),
        actor.id,
        actor.role,
      ],
    );

    const incomes = kept.flatMap((h) => h.incomes.map((item) => ({ h, item })));
    if (incomes.length > 0) {
      await m.query(
        `INSERT INTO household_incomes (id, household_id, member_id, kind, category, amount_fen, costs_fen, period, note, created_by, created_by_role)
         SELECT u.*, $10, $11
           FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::text[], $9::text[]) AS u`,
        [
          incomes.map((x) => x.item.id),
          incomes.map((x) => x.h.id),
          incomes.map((x) => x.item.memberId),
          incomes.map((x) => x.item.item),
          incomes.map((x) => (x.item.item === 'income' ? x.item.category : x.item.kind)),
          incomes.map((x) => x.item.amountFen),
          incomes.map((x) => (x.item.item === 'income' ? (x.item.costsFen ?? 0) : 0)),
          incomes.map((x) => x.item.period),
          incomes.map((x) => x.item.note ?? null),
          actor.id,
          actor.role,
        ],
      );
    }

    const assets = kept.flatMap((h) => h.assets.map((a) => ({ h, a })));
    if (assets.length > 0) {
      await m.query(
        `INSERT INTO household_assets (id, household_id, kind, value_fen, description, created_by, created_by_role)
         SELECT u.*, $6, $7 FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::bigint[], $5::text[]) AS u`,
        [
          assets.map((x) => x.a.id),
          assets.map((x) => x.h.id),
          assets.map((x) => x.a.kind),
          assets.map((x) => x.a.valueFen ?? 0),
          assets.map((x) => x.a.description ?? null),
          actor.id,
          actor.role,
        ],
      );
    }

    const proxies = kept.flatMap((h) => h.proxies.map((p) => ({ h, p })));
    if (proxies.length > 0) await this.insertProxies(m, proxies.map((x) => ({ householdId: x.h.id, ...x.p })), actor);

    const statusOf = new Map(households.map((h, i) => [h.id, marks?.[i]?.status ?? 'registered']));
    await this.appendHistory(
      m,
      kept.map((h) => ({
        householdId: h.id,
        entity: 'household' as const,
        entityId: h.id,
        action: 'registered',
        changes: {
          source: marks ? 'ledger-import' : 'api',
          status: statusOf.get(h.id),
          scheme: h.scheme,
          township: h.draft.township,
          village: h.draft.village,
          members: h.members.length,
          incomeItems: h.incomes.length,
          ...(h.draft.ledgerNo ? { ledgerNo: h.draft.ledgerNo } : {}),
        },
      })),
      actor,
      correlationId,
    );
    return ids;
  }

  async insertProxies(
    m: EntityManager,
    proxies: { id: string; householdId: string; name: string; residentId: string; relation?: string; entrustmentRef: string }[],
    actor: Actor,
  ): Promise<void> {
    await m.query(
      `INSERT INTO household_proxies (id, household_id, name, resident_id, relation, entrustment_ref, created_by, created_by_role)
       SELECT u.*, $7, $8 FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u`,
      [
        proxies.map((p) => p.id),
        proxies.map((p) => p.householdId),
        proxies.map((p) => p.name),
        proxies.map((p) => p.residentId),
        proxies.map((p) => p.relation ?? null),
        proxies.map((p) => p.entrustmentRef),
        actor.id,
        actor.role,
      ],
    );
  }

  async appendHistory(m: EntityManager, entries: HistoryEntry[], actor: Actor, correlationId: string): Promise<void> {
    if (entries.length === 0) return;
    await m.query(
      `INSERT INTO household_history (household_id, entity, entity_id, action, changes, actor_id, actor_role, correlation_id)
       SELECT u.*, $6, $7, $8 FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[]) AS u`,
      [
        entries.map((e) => e.householdId),
        entries.map((e) => e.entity),
        entries.map((e) => e.entityId),
        entries.map((e) => e.action),
        entries.map((e) => JSON.stringify(e.changes)),
        actor.id,
        actor.role,
        correlationId,
      ],
    );
  }

  /** Which of these ID numbers already belong to an active household member. */
  async activeResidentIds(m: EntityManager, residentIds: string[]): Promise<ActiveResidentId[]> {
    if (residentIds.length === 0) return [];
    const rows: { resident_id: string; household_id: string; township: string; import_key: string | null }[] = await m.query(
      `SELECT mem.resident_id, mem.household_id, h.township, h.import_key
         FROM household_members mem JOIN households h ON h.id = mem.household_id
        WHERE mem.active AND mem.resident_id = ANY($1::text[])`,
      [residentIds],
    );
    return rows.map((r) => ({ residentId: r.resident_id, householdId: r.household_id, township: r.township, importKey: r.import_key }));
  }

  async findHousehold(m: EntityManager, id: string, lock = false): Promise<Household | null> {
    return m.getRepository(Household).findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  async loadParts(m: EntityManager, householdId: string): Promise<HouseholdParts> {
    // One after another: inside a transaction they share one connection.
    const order = { createdAt: 'ASC', id: 'ASC' } as const;
    // The head first, then by age: members registered together share one timestamp.
    const members = (await m.getRepository(HouseholdMember).find({ where: { householdId, removedAt: IsNull() }, order })).sort(
      (a, b) => Number(b.relation === 'head') - Number(a.relation === 'head') || a.birthDate.localeCompare(b.birthDate),
    );
    const incomes = await m.getRepository(HouseholdIncome).find({ where: { householdId, removedAt: IsNull() }, order });
    const assets = await m.getRepository(HouseholdAsset).find({ where: { householdId, removedAt: IsNull() }, order });
    const proxies = await m.getRepository(HouseholdProxy).find({ where: { householdId, revokedAt: IsNull() }, order });
    return { members, incomes, assets, proxies };
  }

  async history(m: EntityManager, householdId: string, limit: number, afterId?: string): Promise<HouseholdHistory[]> {
    const qb = m
      .getRepository(HouseholdHistory)
      .createQueryBuilder('h')
      .where('h.household_id = :householdId', { householdId })
      .orderBy('h.id', 'ASC')
      .limit(limit);
    if (afterId) qb.andWhere('h.id > :afterId', { afterId });
    return qb.getMany();
  }

  /** Marks the household changed by `actor` and bumps its version. */
  async touch(m: EntityManager, householdId: string, actor: Actor, set: Partial<Record<string, unknown>> = {}): Promise<void> {
    await m
      .getRepository(Household)
      .createQueryBuilder()
      .update()
      .set({ ...set, updatedAt: () => 'now()', updatedBy: actor.id, updatedByRole: actor.role, version: () => 'version + 1' })
      .where('id = :id', { id: householdId })
      .execute();
  }
}
