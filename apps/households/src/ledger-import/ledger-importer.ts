import { randomUUID } from 'crypto';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { Actor, buildEnvelope, EventEnvelope, HouseholdRegistered, HouseholdStatusChanged } from '@dibao/contracts';
import { DibaoPolicy, LocalDate, maskResidentId } from '@dibao/domain';
import { OutboxService } from '@dibao/platform';
import { HouseholdsRepository } from '../households/households.repository';
import { assessPreparedHousehold } from '../households/household-assessment.util';
import { activeTownships, unknownTownshipProblem } from '../townships/townships';
import { LedgerRow, parseLedgerRow, ParsedLedgerRow } from './ledger-csv.util';

export interface LedgerRejection {
  line: number;
  ledgerNo?: string;
  reasons: string[];
}

export interface LedgerImportTotals {
  rows: number;
  imported: number;
  unchanged: number;
  /** Households imported earlier as registered that the ledger now gives as beneficiaries (same content). */
  statusChanged: number;
  rejected: LedgerRejection[];
}

type ValidRow = Extract<ParsedLedgerRow, { ok: true }>;

interface ExistingImport {
  import_key: string;
  import_hash: string;
  id: string;
  status: string;
  open_case_id: string | null;
  township: string;
  scheme: string;
}

class ChunkRaceError extends Error {}

/**
 * Applies the ledger chunk by chunk, each chunk in one transaction with set-based inserts (INSERT … SELECT
 * FROM unnest), the `created` history rows and the outbox rows. A row is applied whole or not at all:
 * invalid rows and rows whose ID numbers are in another active household are rejected with their line number.
 * A row already imported (same ledger number and head) with the same content changes nothing, except that a household
 * still `registered` (no case since) that the ledger now gives as `beneficiary` becomes one (`statusChanged`), so a
 * ledger imported before it had a status column can be completed. The status is never lowered by a re-import: after
 * the import a household's status follows its cases. Framework-free so the HTTP endpoint and the CLI share it.
 */
export class LedgerImporter {
  private readonly repo = new HouseholdsRepository();
  private readonly outbox = new OutboxService();
  /** Earlier lines of this file, by import key and by resident ID: duplicates inside the file are rejected. */
  private readonly keyLines = new Map<string, number>();
  private readonly idLines = new Map<string, number>();
  readonly totals: LedgerImportTotals = { rows: 0, imported: 0, unchanged: 0, statusChanged: 0, rejected: [] };

  constructor(
    private readonly dataSource: DataSource,
    private readonly actor: Actor,
    private readonly policy: DibaoPolicy,
    private readonly today: LocalDate,
    private readonly correlationId: string = randomUUID(),
  ) {}

  /** Imports one chunk; returns how many households it registered. */
  async importChunk(rows: LedgerRow[]): Promise<number> {
    this.totals.rows += rows.length;
    const valid: ValidRow[] = [];
    const parsedRows = rows.map((row) => parseLedgerRow(row, this.today, randomUUID));
    // The county's townships (reference data): a row of an unknown township is rejected with its line.
    const known = await activeTownships(this.dataSource.manager, [...new Set(parsedRows.flatMap((p) => (p.ok ? [p.household.draft.township] : [])))]);
    for (const parsed of parsedRows) {
      if (!parsed.ok) {
        this.reject(parsed.line, parsed.ledgerNo, parsed.reasons);
        continue;
      }
      const reasons = this.fileRules(parsed, known);
      if (reasons.length > 0) this.reject(parsed.line, parsed.ledgerNo, reasons);
      else valid.push(parsed);
    }
    if (valid.length === 0) return 0;

    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await this.dataSource.transaction((m) => this.apply(m, valid));
        this.totals.unchanged += outcome.unchanged;
        this.totals.imported += outcome.imported;
        this.totals.statusChanged += outcome.statusChanged;
        outcome.rejected.forEach((r) => this.reject(r.line, r.ledgerNo, r.reasons));
        return outcome.imported;
      } catch (e) {
        // Someone registered one of these IDs or keys between our check and our insert: check again.
        const race = e instanceof ChunkRaceError || (e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505');
        if (!race || attempt >= 3) throw e;
      }
    }
  }

  private fileRules(row: ValidRow, knownTownships: ReadonlySet<string>): string[] {
    const reasons: string[] = [];
    if (unknownTownshipProblem(row.household.draft.township, knownTownships)) {
      reasons.push(`township: ${row.household.draft.township} is not a township of the county`);
    }
    if (this.actor.township && row.household.draft.township !== this.actor.township) {
      reasons.push(`township: ${row.household.draft.township} is not the importer's township ${this.actor.township}`);
    }
    if (row.status === 'beneficiary' && this.actor.role !== 'admin') {
      // A beneficiary is made by a county approval; only the take-over of the county's existing ledger may say so.
      reasons.push('status: only an admin may import households as beneficiaries (the existing ledger); others become beneficiaries through their case');
    }
    const sameKey = this.keyLines.get(row.importKey);
    if (sameKey !== undefined) reasons.push(`ledger_no: the same household (ledger number and head) is on line ${sameKey}`);
    for (const member of row.household.members) {
      const other = this.idLines.get(member.residentId);
      if (other !== undefined && other !== row.line) {
        reasons.push(`members: ${maskResidentId(member.residentId)} is also on line ${other}`);
      }
    }
    if (sameKey === undefined) this.keyLines.set(row.importKey, row.line);
    for (const member of row.household.members) if (!this.idLines.has(member.residentId)) this.idLines.set(member.residentId, row.line);
    return reasons;
  }

  private async apply(
    m: EntityManager,
    rows: ValidRow[],
  ): Promise<{ imported: number; unchanged: number; statusChanged: number; rejected: LedgerRejection[] }> {
    const rejected: LedgerRejection[] = [];
    const existing: ExistingImport[] = await m.query(
      `SELECT import_key, import_hash, id, status, open_case_id, township, scheme FROM households WHERE import_key = ANY($1::text[])`,
      [rows.map((r) => r.importKey)],
    );
    const byKey = new Map(existing.map((e) => [e.import_key, e]));
    let unchanged = 0;
    const fresh: ValidRow[] = [];
    const promote: { row: ValidRow; household: ExistingImport }[] = [];
    for (const row of rows) {
      const before = byKey.get(row.importKey);
      const hash = before?.import_hash;
      if (before === undefined) fresh.push(row);
      else if (hash === row.importHash) {
        if (row.status === 'beneficiary' && before.status === 'registered' && before.open_case_id === null) promote.push({ row, household: before });
        else unchanged++;
      } else {
        rejected.push({
          line: row.line,
          ledgerNo: row.ledgerNo,
          reasons: ['ledger_no: this household was imported earlier with different content; change it through the API'],
        });
      }
    }

    const taken = await this.repo.activeResidentIds(
      m,
      fresh.flatMap((r) => r.household.members.map((x) => x.residentId)),
    );
    const takenBy = new Map(taken.map((t) => [t.residentId, t]));
    const toInsert = fresh.filter((row) => {
      const conflicts = row.household.members.filter((x) => takenBy.has(x.residentId));
      if (conflicts.length === 0) return true;
      rejected.push({
        line: row.line,
        ledgerNo: row.ledgerNo,
        reasons: conflicts.map((x) => {
          const t = takenBy.get(x.residentId);
          return `members: ${maskResidentId(x.residentId)} already belongs to active household ${t?.householdId} (township ${t?.township})`;
        }),
      });
      return false;
    });
    const statusChanged = await this.promote(m, promote);
    unchanged += promote.length - statusChanged;
    if (toInsert.length === 0) return { imported: 0, unchanged, statusChanged, rejected };

    const inserted = await this.repo.insertHouseholds(
      m,
      toInsert.map((r) => r.household),
      this.actor,
      this.correlationId,
      toInsert.map((r) => ({ importKey: r.importKey, importHash: r.importHash, status: r.status })),
    );
    if (inserted.size !== toInsert.length) throw new ChunkRaceError('an import key was taken concurrently');

    const now = new Date().toISOString();
    const events: EventEnvelope[] = toInsert.map((r) => {
      const h = r.household;
      const assessment = assessPreparedHousehold(h, this.policy, this.today);
      return buildEnvelope(
        HouseholdRegistered,
        { eventId: randomUUID(), occurredAt: now, correlationId: this.correlationId, actor: this.actor, key: h.id },
        {
          householdId: h.id,
          township: h.draft.township,
          scheme: h.scheme,
          village: h.draft.village,
          status: r.status,
          members: h.members.length,
          countedMembers: assessment.countedMembers,
          perCapitaMonthlyIncomeFen: assessment.perCapitaMonthlyIncomeFen,
          source: 'ledger-import',
          ledgerNo: r.ledgerNo,
        },
      );
    });
    await this.outbox.append(m, ...events);
    return { imported: toInsert.length, unchanged, statusChanged, rejected };
  }

  /** registered → beneficiary for households the ledger gives as beneficiaries, with history and events; returns how many. */
  private async promote(m: EntityManager, rows: { row: ValidRow; household: ExistingImport }[]): Promise<number> {
    if (rows.length === 0) return 0;
    // Only while still registered without a case: a household that moved on since keeps what its case made it.
    const changed: { id: string }[] = await m.query(
      `WITH u AS (
         UPDATE households SET status = 'beneficiary', version = version + 1, updated_at = now(), updated_by = $2, updated_by_role = $3
          WHERE id = ANY($1::uuid[]) AND status = 'registered' AND open_case_id IS NULL
          RETURNING id)
       SELECT id FROM u`,
      [rows.map((r) => r.household.id), this.actor.id, this.actor.role],
    );
    const done = new Set(changed.map((c) => c.id));
    const kept = rows.filter((r) => done.has(r.household.id));
    if (kept.length === 0) return 0;
    await this.repo.appendHistory(
      m,
      kept.map(({ row, household }) => ({
        householdId: household.id,
        entity: 'household' as const,
        entityId: household.id,
        action: 'status-changed',
        changes: { status: { from: 'registered', to: 'beneficiary' }, source: 'ledger-import', ledgerNo: row.ledgerNo },
      })),
      this.actor,
      this.correlationId,
    );
    const now = new Date().toISOString();
    await this.outbox.append(
      m,
      ...kept.map(({ row, household }) =>
        buildEnvelope(
          HouseholdStatusChanged,
          { eventId: randomUUID(), occurredAt: now, correlationId: this.correlationId, actor: this.actor, key: household.id },
          {
            householdId: household.id,
            township: household.township,
            scheme: household.scheme as 'urban' | 'rural',
            from: 'registered',
            to: 'beneficiary',
            openCaseId: null,
            reason: `ledger import: ${row.ledgerNo} already receives dibao`,
          },
        ),
      ),
    );
    return kept.length;
  }

  private reject(line: number, ledgerNo: string | undefined, reasons: string[]): void {
    this.totals.rejected.push({ line, ...(ledgerNo ? { ledgerNo } : {}), reasons });
  }
}
