import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor, EventEnvelope } from '@dibao/contracts';
import { fen, formatYuan } from '@dibao/domain';
import type { Scheme } from '@dibao/domain';
import { UnprocessableEventError } from '@dibao/platform';
import { HouseholdsRepository } from '../households/households.repository';
import { todayInChina } from '../households/today.util';
import type { PublicListingQuery, PublicListingRowView, PublicListingView } from './dto/public-listing.dto';
import { applyListingEvent, compareListingRows, ListingEvent, ListingEventType, ListingRow, ListingState } from './public-listing.util';

/** The name of the county office the listing is published under (config COUNTY_OFFICE_NAME). */
export const LISTING_OFFICE = Symbol('LISTING_OFFICE');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface DbRow {
  case_id: string;
  household_id: string;
  approved_on: string | null;
  start_period: string | null;
  monthly_amount_fen: string | null;
  persons: number | null;
  amount_from_period: string | null;
  amount_as_of: Date | null;
  state: ListingState;
  state_as_of: Date;
  suspended_from_period: string | null;
  ended_on: string | null;
  ended_from_period: string | null;
}

const fromDb = (r: DbRow): ListingRow => ({
  caseId: r.case_id,
  householdId: r.household_id,
  approvedOn: r.approved_on,
  startPeriod: r.start_period,
  monthlyAmountFen: r.monthly_amount_fen === null ? null : Number(r.monthly_amount_fen),
  persons: r.persons,
  amountFromPeriod: r.amount_from_period,
  amountAsOf: r.amount_as_of?.toISOString() ?? null,
  state: r.state,
  stateAsOf: r.state_as_of.toISOString(),
  suspendedFromPeriod: r.suspended_from_period,
  endedOn: r.ended_on,
  endedFromPeriod: r.ended_from_period,
});

/**
 * The long-term public listing (阳光低保, A art. 24). Follows the case events of a benefit inside the consumer's
 * transaction (which also records the event in the inbox: a redelivery changes nothing), and draws the listing up
 * from those rows and the registry's names and villages.
 */
@Injectable()
export class PublicListingService {
  private readonly logger = new Logger(PublicListingService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: HouseholdsRepository,
    @Inject(LISTING_OFFICE) private readonly office: string,
  ) {}

  /** Applies one case event to the listing row of its case, in the consumer's transaction `m`. */
  async follow(type: ListingEventType, envelope: EventEnvelope<Record<string, unknown>>, m: EntityManager): Promise<void> {
    const event = { ...envelope.payload, type, occurredAt: envelope.occurredAt } as unknown as ListingEvent;
    const { caseId, householdId } = event;
    if (!UUID.test(householdId) || !(await this.repo.findHousehold(m, householdId))) {
      throw new UnprocessableEventError(`household ${householdId} of case ${caseId} is not registered`);
    }
    const [current] = (await m.query(`SELECT * FROM public_listing WHERE case_id = $1 FOR UPDATE`, [caseId])) as DbRow[];
    if (current && current.household_id !== householdId) {
      throw new UnprocessableEventError(`case ${caseId} is listed for household ${current.household_id}, the event names ${householdId}`);
    }
    const before = current ? fromDb(current) : null;
    const decision = applyListingEvent(before, event);
    if (decision.kind === 'ignore') {
      this.logger.log(`${type} ${envelope.eventId}: ${decision.reason}`);
      return;
    }
    const r = decision.row;
    await m.query(
      `INSERT INTO public_listing (case_id, household_id, approved_on, start_period, monthly_amount_fen, persons, amount_from_period,
                                   amount_as_of, state, state_as_of, suspended_from_period, ended_on, ended_from_period)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (case_id) DO UPDATE SET
         approved_on = EXCLUDED.approved_on, start_period = EXCLUDED.start_period, monthly_amount_fen = EXCLUDED.monthly_amount_fen,
         persons = EXCLUDED.persons, amount_from_period = EXCLUDED.amount_from_period, amount_as_of = EXCLUDED.amount_as_of,
         state = EXCLUDED.state, state_as_of = EXCLUDED.state_as_of, suspended_from_period = EXCLUDED.suspended_from_period,
         ended_on = EXCLUDED.ended_on, ended_from_period = EXCLUDED.ended_from_period, updated_at = now()`,
      [
        r.caseId, r.householdId, r.approvedOn, r.startPeriod, r.monthlyAmountFen, r.persons, r.amountFromPeriod,
        r.amountAsOf, r.state, r.stateAsOf, r.suspendedFromPeriod, r.endedOn, r.endedFromPeriod,
      ],
    );
    await this.repo.appendHistory(
      m,
      [
        {
          householdId,
          entity: 'listing',
          entityId: caseId,
          action: 'listing-changed',
          changes: {
            event: type,
            eventId: envelope.eventId,
            state: { from: before?.state ?? null, to: r.state },
            monthlyAmountFen: { from: before?.monthlyAmountFen ?? null, to: r.monthlyAmountFen },
            persons: { from: before?.persons ?? null, to: r.persons },
            reason: decision.reason,
          },
        },
      ],
      envelope.actor,
      envelope.correlationId,
    );
    this.logger.log(`listing of household ${householdId}: ${decision.reason}`);
  }

  /** The listing an actor may see: a township role only its own township, whatever it asks for (like GET /households). */
  async listing(query: PublicListingQuery, actor: Actor): Promise<PublicListingView> {
    const where = [`h.status = 'beneficiary'`, `l.state <> 'ended'`, `l.monthly_amount_fen IS NOT NULL`];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (actor.township) add('h.township = ?', actor.township);
    if (query.township) add('h.township = ?', query.township);
    if (query.village) add('h.village = ?', query.village);
    if (query.scheme) add('h.scheme = ?', query.scheme);
    // Only what the listing shows is selected: the head's name, never an ID number, an address or an account.
    const rows: {
      household_id: string;
      township: string;
      township_name: string | null;
      village: string;
      scheme: Scheme;
      head_name: string | null;
      persons: number;
      monthly_amount_fen: string;
      start_period: string | null;
      approved_on: string | null;
      amount_from_period: string | null;
      state: ListingState;
      suspended_from_period: string | null;
    }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (l.household_id)
              l.household_id, h.township, t.name AS township_name, h.village, h.scheme, head.name AS head_name,
              l.persons, l.monthly_amount_fen, l.start_period, l.approved_on::text AS approved_on, l.amount_from_period,
              l.state, l.suspended_from_period
         FROM public_listing l
         JOIN households h ON h.id = l.household_id
         LEFT JOIN township t ON t.code = h.township
         LEFT JOIN LATERAL (
           SELECT m.name FROM household_members m
            WHERE m.household_id = h.id AND m.relation = 'head' AND m.removed_at IS NULL
            ORDER BY m.created_at LIMIT 1) head ON true
        WHERE ${where.join(' AND ')}
        ORDER BY l.household_id, l.approved_on DESC NULLS LAST, l.state_as_of DESC`,
      params,
    );
    const views: PublicListingRowView[] = rows
      .map((r) => {
        const amount = Number(r.monthly_amount_fen);
        return {
          householdId: r.household_id,
          township: r.township,
          townshipName: r.township_name ?? r.township,
          village: r.village,
          scheme: r.scheme,
          headName: r.head_name,
          persons: r.persons,
          monthlyAmountFen: amount,
          monthlyAmountYuan: formatYuan(fen(amount)),
          since: r.start_period,
          approvedOn: r.approved_on,
          amountFromPeriod: r.amount_from_period,
          suspended: r.state === 'suspended',
          suspendedFromPeriod: r.suspended_from_period,
        };
      })
      .sort(compareListingRows);
    return {
      township: actor.township ?? query.township ?? null,
      village: query.village ?? null,
      scheme: query.scheme ?? null,
      drawnUpOn: todayInChina(),
      office: this.office,
      households: views.length,
      persons: views.reduce((n, v) => n + v.persons, 0),
      monthlyAmountFen: views.reduce((n, v) => n + v.monthlyAmountFen, 0),
      rows: views,
    };
  }
}
