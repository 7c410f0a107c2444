import { randomUUID } from 'crypto';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { Actor, buildEnvelope, EventEnvelope, HouseholdRegistered } from '@dibao/contracts';
import { DibaoPolicy, LocalDate, maskResidentId } from '@dibao/domain';
import { OutboxService } from '@dibao/platform';
import { HouseholdsRepository } from '../households/households.repository';
import { assessPreparedHousehold } from '../households/household-assessment.util';
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
  rejected: LedgerRejection[];
}

type ValidRow = Extract<ParsedLedgerRow, { ok: true }>;

class ChunkRaceError extends Error {}

/**
 * Applies the ledger chunk by chunk, each chunk in one transaction with set-based inserts (INSERT … SELECT
 * FROM unnest), the `created` history rows and the outbox rows. A row is applied whole or not at all:
 * invalid rows and rows whose ID numbers are in another active household are rejected with their line number.
 * A row already imported (same ledger number and head) with the same content changes nothing.
 * Framework-free so the HTTP endpoint and the CLI share it.
 */
export class LedgerImporter {
  private readonly repo = new HouseholdsRepository();
  private readonly outbox = new OutboxService();
  /** Earlier lines of this file, by import key and by resident ID: duplicates inside the file are rejected. */
  private readonly keyLines = new Map<string, number>();
  private readonly idLines = new Map<string, number>();
  readonly totals: LedgerImportTotals = { rows: 0, imported: 0, unchanged: 0, rejected: [] };

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
    for (const row of rows) {
      const parsed = parseLedgerRow(row, this.today, randomUUID);
      if (!parsed.ok) {
        this.reject(parsed.line, parsed.ledgerNo, parsed.reasons);
        continue;
      }
      const reasons = this.fileRules(parsed);
      if (reasons.length > 0) this.reject(parsed.line, parsed.ledgerNo, reasons);
      else valid.push(parsed);
    }
    if (valid.length === 0) return 0;

    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await this.dataSource.transaction((m) => this.apply(m, valid));
        this.totals.unchanged += outcome.unchanged;
        this.totals.imported += outcome.imported;
        outcome.rejected.forEach((r) => this.reject(r.line, r.ledgerNo, r.reasons));
        return outcome.imported;
      } catch (e) {
        // Someone registered one of these IDs or keys between our check and our insert: check again.
        const race = e instanceof ChunkRaceError || (e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505');
        if (!race || attempt >= 3) throw e;
      }
    }
  }

  private fileRules(row: ValidRow): string[] {
    const reasons: string[] = [];
    if (this.actor.township && row.household.draft.township !== this.actor.township) {
      reasons.push(`township: ${row.household.draft.township} is not the importer's township ${this.actor.township}`);
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

  private async apply(m: EntityManager, rows: ValidRow[]): Promise<{ imported: number; unchanged: number; rejected: LedgerRejection[] }> {
    const rejected: LedgerRejection[] = [];
    const existing: { import_key: string; import_hash: string }[] = await m.query(
      `SELECT import_key, import_hash FROM households WHERE import_key = ANY($1::text[])`,
      [rows.map((r) => r.importKey)],
    );
    const hashByKey = new Map(existing.map((e) => [e.import_key, e.import_hash]));
    let unchanged = 0;
    const fresh: ValidRow[] = [];
    for (const row of rows) {
      const hash = hashByKey.get(row.importKey);
      if (hash === undefined) fresh.push(row);
      else if (hash === row.importHash) unchanged++;
      else {
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
    if (toInsert.length === 0) return { imported: 0, unchanged, rejected };

    const inserted = await this.repo.insertHouseholds(
      m,
      toInsert.map((r) => r.household),
      this.actor,
      this.correlationId,
      toInsert.map((r) => ({ importKey: r.importKey, importHash: r.importHash })),
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
          status: 'registered',
          members: h.members.length,
          countedMembers: assessment.countedMembers,
          perCapitaMonthlyIncomeFen: assessment.perCapitaMonthlyIncomeFen,
          source: 'ledger-import',
          ledgerNo: r.ledgerNo,
        },
      );
    });
    await this.outbox.append(m, ...events);
    return { imported: toInsert.length, unchanged, rejected };
  }

  private reject(line: number, ledgerNo: string | undefined, reasons: string[]): void {
    this.totals.rejected.push({ line, ...(ledgerNo ? { ledgerNo } : {}), reasons });
  }
}
