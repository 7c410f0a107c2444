import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, StandardRaised } from '@dibao/contracts';
import { DEFAULT_POLICY, formatYuan, fen, isLocalDate, localDate, ruleAt, Scheme, STANDARD_UNIT } from '@dibao/domain';
import { badRequest, conflict, OutboxService, unprocessable } from '@dibao/platform';
import { financeEvent } from '../common/finance-event.util';
import { firstPeriodStartingAtOrAfter, monthIndex, monthText } from '../common/period.util';
import { isUniqueViolation, toFen } from '../common/sql.util';
import { impliedAnnualIncome, monthlyAmountAt } from './amount.util';
import { RaiseStandardDto } from './dto/raise-standard.dto';
import { StandardRow, StandardsRepository, toStandard } from './standards.repository';

export interface Recalculation {
  fromPeriod: string;
  /** Enrolments without a beneficiary workflow (ledger imports) recalculated here. */
  households: number;
  unchanged: number;
  /**
   * Enrolments of the scope that a beneficiary workflow manages (enrolled from case.approved): their workflow
   * recalculates them from the household's facts when standard.raised reaches it (beneficiary.amount-changed).
   */
  viaBeneficiaryWorkflows: number;
}

const SYSTEM: Actor = { id: 'payments', role: 'system' };
const CHUNK = 5000;

/**
 * Standards per scheme and area with an effective date (urban per person per month, rural per person per
 * year). A raised standard (提标) applies from the first period starting on or after its date. The amount paid
 * comes from one rule, libs/domain's calculateHouseholdAmount, applied once per household by whoever holds its
 * facts: a household approved through a case has a beneficiary workflow, which recalculates it from the
 * verified facts when `standard.raised` (published here, in the same transaction) reaches it, and sends
 * beneficiary.amount-changed; only the enrolments without one (ledger imports, case_id `ledger/…`) are
 * recalculated here, from the income implied by their amount. Each such recalculation is an enrolment version
 * of kind 'standard-raised' with the reason.
 */
@Injectable()
export class StandardsService implements OnModuleInit {
  private readonly logger = new Logger(StandardsService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: StandardsRepository,
    private readonly outbox: OutboxService,
  ) {}

  /** Seeds the county standards from libs/domain's DEFAULT_POLICY when the table is empty. */
  async onModuleInit(): Promise<void> {
    const seeds = [
      ...DEFAULT_POLICY.urbanStandardMonthly.map((e) => ['urban', e.value, e.effectiveFrom] as const),
      ...DEFAULT_POLICY.ruralStandardAnnual.map((e) => ['rural', e.value, e.effectiveFrom] as const),
    ];
    for (const [scheme, amount, from] of seeds) {
      await this.ds.query(
        `INSERT INTO standard (scheme, area, amount_fen, unit, effective_from, reason, created_by, created_by_role)
         SELECT $1, 'county', $2, $3, $4, 'DEFAULT_POLICY (libs/domain)', $5, $6
          WHERE NOT EXISTS (SELECT 1 FROM standard WHERE scheme = $1)
         ON CONFLICT (scheme, area, effective_from) DO NOTHING`,
        [scheme, amount, STANDARD_UNIT[scheme], from, SYSTEM.id, SYSTEM.role],
      );
    }
  }

  list(scheme?: Scheme): Promise<StandardRow[]> {
    return this.repo.list(scheme);
  }

  async raise(dto: RaiseStandardDto, actor: Actor): Promise<{ standard: StandardRow; recalculation: Recalculation }> {
    if (!isLocalDate(dto.effectiveFrom)) {
      throw badRequest('validation-failed', `effectiveFrom: ${dto.effectiveFrom} is not a calendar date`, [
        { field: 'effectiveFrom', rule: 'isDate', message: 'effectiveFrom must be a real calendar date' },
      ]);
    }
    const area = dto.area ?? 'county';
    const fromMonth = monthIndex(dto.effectiveFrom);
    const first = firstPeriodStartingAtOrAfter(dto.scheme, dto.effectiveFrom.endsWith('-01') ? fromMonth : fromMonth + 1);
    return this.ds.transaction(async (m) => {
      // One standard change at a time per scheme, and no payroll run may start meanwhile.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('standard/' || $1))`, [dto.scheme]);
      const run: { period: string }[] = await m.query(
        `SELECT period FROM payroll_run WHERE scheme = $1 AND period >= $2 ORDER BY period DESC LIMIT 1`,
        [dto.scheme, first.period],
      );
      if (run.length > 0) {
        throw unprocessable(
          'period-already-run',
          `effectiveFrom: the standard would apply from ${first.period}, but a payroll run for ${run[0].period} exists; ` +
            `choose a date after the last run period`,
        );
      }
      const previous = await this.repo.latestBefore(m, dto.scheme, area, dto.effectiveFrom);
      let inserted: Record<string, unknown>[];
      try {
        inserted = await m.query(
          `INSERT INTO standard (scheme, area, amount_fen, unit, effective_from, reason, created_by, created_by_role)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           RETURNING id, scheme, area, amount_fen, unit, to_char(effective_from, 'YYYY-MM-DD') AS effective_from, reason,
                     created_by, created_by_role, created_at`,
          [dto.scheme, area, dto.amountFen, STANDARD_UNIT[dto.scheme], dto.effectiveFrom, dto.reason, actor.id, actor.role],
        );
      } catch (e) {
        if (isUniqueViolation(e)) throw conflict('standard-exists', `a ${dto.scheme} standard for ${area} from ${dto.effectiveFrom} already exists`);
        throw e;
      }
      const standard = toStandard(inserted[0]);
      const unit = dto.scheme === 'urban' ? 'per person per month' : 'per person per year';
      const reason =
        `提标: ${dto.scheme} standard ${previous ? formatYuan(fen(previous.amountFen)) + ' → ' : ''}${formatYuan(fen(dto.amountFen))} yuan ` +
        `${unit} from ${first.period} (${dto.reason})`;
      const rounding = ruleAt(DEFAULT_POLICY, 'rounding', localDate(`${monthText(first.firstMonth)}-01`));

      // Townships with their own standard in force on that date: a county raise does not reach them.
      const own: { area: string }[] =
        area === 'county'
          ? await m.query(`SELECT DISTINCT area FROM standard WHERE scheme = $1 AND area <> 'county' AND effective_from <= $2::date ORDER BY area`, [
              dto.scheme,
              dto.effectiveFrom,
            ])
          : [];
      const exceptTownships = own.map((r) => r.area);
      // The beneficiary workflows take the raise from here (case-worker: standard.raised → a throttled fan-out).
      await this.outbox.append(
        m,
        financeEvent(
          StandardRaised,
          standard.id,
          {
            idempotencyKey: `standard/${standard.id}`,
            standardId: standard.id,
            scheme: dto.scheme,
            area,
            amountFen: dto.amountFen,
            effectiveFrom: dto.effectiveFrom,
            fromPeriod: first.period,
            reason: dto.reason,
            exceptTownships,
          },
          actor,
        ),
      );
      // Every enrolment whose open version is active or suspended, in the area (for 'county': townships
      // without their own standard in force on that date). Those a beneficiary workflow manages are left to it.
      const inScope = `FROM enrolment e JOIN enrolment_version v ON v.enrolment_id = e.id AND v.to_month IS NULL
            WHERE e.scheme = $1 AND v.status IN ('active', 'suspended')
              AND (CASE WHEN $2 = 'county' THEN NOT (e.township = ANY($3::text[])) ELSE e.township = $2 END)`;
      const managed: { n: string }[] = await m.query(`SELECT count(*) AS n ${inScope} AND e.case_id NOT LIKE 'ledger/%'`, [dto.scheme, area, exceptTownships]);
      const open: { enrolment_id: string; from_month: number; persons: number; monthly_amount_fen: string; assessed_annual_income_fen: string; status: string; payee: unknown }[] =
        await m.query(
          `SELECT v.enrolment_id, v.from_month, v.persons, v.monthly_amount_fen, v.assessed_annual_income_fen, v.status, v.payee
             ${inScope} AND e.case_id LIKE 'ledger/%'`,
          [dto.scheme, area, exceptTownships],
        );
      let changed = 0;
      for (let i = 0; i < open.length; i += CHUNK) {
        const ids: string[] = [];
        const months: number[] = [];
        const amounts: number[] = [];
        for (const v of open.slice(i, i + CHUNK)) {
          const amount = monthlyAmountAt({
            scheme: dto.scheme,
            period: first.period,
            persons: v.persons,
            annualIncomeFen: toFen(v.assessed_annual_income_fen),
            standardFen: dto.amountFen,
            rounding,
          });
          if (amount === toFen(v.monthly_amount_fen)) continue;
          ids.push(v.enrolment_id);
          months.push(Math.max(first.firstMonth, v.from_month));
          amounts.push(amount);
        }
        if (ids.length === 0) continue;
        changed += ids.length;
        await m.query(
          `WITH input AS (SELECT * FROM unnest($1::uuid[], $2::int[], $3::bigint[]) AS t(enrolment_id, from_month, amount)),
           closed AS (
             UPDATE enrolment_version v SET to_month = i.from_month FROM input i
              WHERE v.enrolment_id = i.enrolment_id AND v.to_month IS NULL
             RETURNING v.*, i.from_month AS new_from, i.amount AS new_amount
           ),
           added AS (
             INSERT INTO enrolment_version (enrolment_id, from_month, from_period, status, monthly_amount_fen, persons,
                                            assessed_annual_income_fen, payee, change_kind, reason, standard_id, actor_id, actor_role)
             SELECT c.enrolment_id, c.new_from, $4, c.status, c.new_amount, c.persons, c.assessed_annual_income_fen, c.payee,
                    'standard-raised', $5, $6, $7, $8
               FROM closed c
             RETURNING enrolment_id, monthly_amount_fen
           )
           UPDATE enrolment e SET monthly_amount_fen = a.monthly_amount_fen, updated_at = now()
             FROM added a WHERE e.id = a.enrolment_id`,
          [ids, months, amounts, first.period, reason, standard.id, actor.id, actor.role],
        );
      }
      const viaBeneficiaryWorkflows = Number(managed[0]?.n ?? 0);
      this.logger.log(
        `${dto.scheme} standard ${dto.amountFen} fen from ${dto.effectiveFrom}: ${changed} ledger households recalculated from ${first.period}; ` +
          `${viaBeneficiaryWorkflows} left to their beneficiary workflows (standard.raised)`,
      );
      return { standard, recalculation: { fromPeriod: first.period, households: changed, unchanged: open.length - changed, viaBeneficiaryWorkflows } };
    });
  }

  /** The assessed yearly income implied by an amount at the standard in force (see amount.util). */
  async impliedIncome(m: DataSource | EntityManager, scheme: Scheme, township: string, fromMonth: number, persons: number, monthlyAmountFen: number): Promise<number> {
    const standard = await this.repo.inForce(m, scheme, township, `${monthText(fromMonth)}-01`);
    if (!standard) return 0;
    return impliedAnnualIncome(scheme, persons, monthlyAmountFen, standard.amountFen);
  }
}
