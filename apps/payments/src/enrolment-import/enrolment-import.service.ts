import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor } from '@dibao/contracts';
import { badRequest } from '@dibao/platform';
import { periodRange } from '../common/period.util';
import type { Scheme } from '@dibao/domain';
import { StandardsService } from '../standards/standards.service';
import { EnrolmentImportDto } from './dto/enrolment-import.dto';

/**
 * Enrolment of a county's existing beneficiaries from its ledger (台帐), set-based: the households were approved
 * before the system existed, so there is no case to approve them again. One statement inserts the enrolments and
 * their first versions; a household already enrolled in the scheme is left as it is (`unchanged`), so importing the
 * same rows again changes nothing. New beneficiaries still come only from `case.approved`.
 */
@Injectable()
export class EnrolmentImportService {
  private readonly logger = new Logger(EnrolmentImportService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly standards: StandardsService,
  ) {}

  async import(dto: EnrolmentImportDto, actor: Actor): Promise<{ rows: number; enrolled: number; unchanged: number }> {
    const start = { urban: periodRange('urban', dto.urbanStartPeriod), rural: periodRange('rural', dto.ruralStartPeriod) };
    for (const scheme of ['urban', 'rural'] as const) {
      if (!start[scheme]) {
        const field = `${scheme}StartPeriod`;
        throw badRequest('validation-failed', `${field}: not a ${scheme} payment period`, [{ field, rule: 'paymentPeriod', message: `${field} must be a ${scheme} payment period` }]);
      }
    }
    const seen = new Set<string>();
    dto.rows.forEach((r, i) => {
      const key = `${r.householdId}/${r.scheme}`;
      if (seen.has(key)) {
        throw badRequest('validation-failed', `rows[${i}].householdId: ${r.householdId} appears twice for ${r.scheme}`, [
          { field: `rows[${i}].householdId`, rule: 'unique', message: 'a household appears once per scheme' },
        ]);
      }
      seen.add(key);
    });
    // The standard in force at each scheme's first month: it turns the ledger's amount back into the assessed income.
    const standardFen: Record<Scheme, number> = { urban: 0, rural: 0 };
    for (const scheme of ['urban', 'rural'] as const) {
      const first = start[scheme]?.firstMonth ?? 0;
      // impliedIncome of one person paid nothing is the standard per person per year.
      const perYear = await this.standards.impliedIncome(this.ds, scheme, 'county', first, 1, 0);
      standardFen[scheme] = perYear;
    }
    const reason = dto.reason ?? `existing beneficiary of the ledger ${dto.reference}`;
    const input = dto.rows.map((r) => {
      const range = start[r.scheme];
      return {
        household_id: r.householdId,
        township: r.township,
        scheme: r.scheme,
        persons: r.persons,
        monthly_amount_fen: r.monthlyAmountFen,
        start_period: r.scheme === 'urban' ? dto.urbanStartPeriod : dto.ruralStartPeriod,
        from_month: range?.firstMonth ?? 0,
        income: Math.max(0, r.persons * standardFen[r.scheme] - 12 * r.monthlyAmountFen),
        case_id: `ledger/${r.ledgerNo}`,
        change_ref: `enrolment-import/${dto.reference}/${r.ledgerNo}`,
      };
    });
    const [result] = (await this.ds.query(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(household_id text, township text, scheme text, persons int,
                monthly_amount_fen bigint, start_period text, from_month int, income bigint, case_id text, change_ref text)),
       ins AS (
         INSERT INTO enrolment (household_id, scheme, township, case_id, start_period, status, monthly_amount_fen, persons, payee, created_by, created_by_role)
         SELECT household_id, scheme, township, case_id, start_period, 'active', monthly_amount_fen, persons, '{"kind":"own-account"}'::jsonb, $2, $3
           FROM input
         ON CONFLICT (household_id, scheme) DO NOTHING
         RETURNING id, household_id, scheme),
       ver AS (
         INSERT INTO enrolment_version (enrolment_id, from_month, from_period, status, monthly_amount_fen, persons, assessed_annual_income_fen,
                                        payee, change_kind, reason, change_ref, actor_id, actor_role)
         SELECT ins.id, i.from_month, i.start_period, 'active', i.monthly_amount_fen, i.persons, i.income, '{"kind":"own-account"}'::jsonb,
                'enrolled', $4, i.change_ref, $2, $3
           FROM ins JOIN input i ON i.household_id = ins.household_id AND i.scheme = ins.scheme
         RETURNING 1)
       SELECT (SELECT count(*) FROM ver)::int AS enrolled`,
      [JSON.stringify(input), actor.id, actor.role, reason],
    )) as { enrolled: number }[];
    const enrolled = result?.enrolled ?? 0;
    this.logger.log(`enrolment import ${dto.reference}: ${dto.rows.length} rows, ${enrolled} enrolled, ${dto.rows.length - enrolled} unchanged`);
    return { rows: dto.rows.length, enrolled, unchanged: dto.rows.length - enrolled };
  }
}
