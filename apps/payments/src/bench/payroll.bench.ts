import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '@dibao/contracts';
import { postgresOptions } from '@dibao/platform';
import { freshDatabase } from '@dibao/platform/testing';
import { PAYMENTS_MIGRATIONS } from '../migrations';
import { PayrollService } from '../payroll/payroll.service';

/**
 * Payroll benchmark: seeds N enrolments (set-based) into a fresh database `payments_bench`, runs the payroll
 * of one period, then runs it again (the idempotent rerun), and prints households/s and outbox rows.
 *
 *   npm run build
 *   node -r ./tools/register-paths.js dist/apps/payments/src/bench/payroll.bench.js --households 100000 [--townships 32] [--scheme rural]
 *
 * Needs PostgreSQL from `npm run infra:up` (DIBAO_PG_URL_BASE / DIBAO_PG_PORT as for the tests).
 */
function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const households = Number(arg('households', '100000'));
  const townships = Number(arg('townships', '32'));
  const scheme = arg('scheme', 'rural') === 'urban' ? 'urban' : 'rural';
  const period = scheme === 'urban' ? '2026-03' : '2026-Q2';
  if (!Number.isSafeInteger(households) || households < 1 || !Number.isSafeInteger(townships) || townships < 1) {
    throw new Error('--households and --townships must be positive integers');
  }
  Logger.overrideLogger(['error', 'warn']);

  const url = await freshDatabase('payments_bench');
  const ds = new DataSource(postgresOptions({ url, entities: [], migrations: PAYMENTS_MIGRATIONS, poolSize: 4 }));
  await ds.initialize();
  try {
    let t = Date.now();
    // Households spread evenly over townships; 1–5 persons; amounts of 50–400 yuan a month.
    await ds.query(
      `INSERT INTO enrolment (household_id, scheme, township, case_id, start_period, status, monthly_amount_fen, persons, payee, created_by, created_by_role)
       SELECT 'H' || lpad(g::text, 7, '0'), $2, 'T' || lpad((g % $3)::text, 2, '0'), 'C' || g, $4, 'active',
              5000 + (g * 37 % 35000), 1 + g % 5,
              CASE WHEN g % 20 = 0 THEN jsonb_build_object('kind', 'proxy', 'proxyName', '代领人' || g, 'entrustmentRef', 'WT-' || g)
                   ELSE '{"kind":"own-account"}'::jsonb END,
              'bench', 'system'
         FROM generate_series(1, $1) AS g`,
      [households, scheme, townships, period],
    );
    const firstMonth = scheme === 'urban' ? 2026 * 12 + 2 : 2026 * 12 + 3;
    await ds.query(
      `INSERT INTO enrolment_version (enrolment_id, from_month, from_period, status, monthly_amount_fen, persons,
                                      assessed_annual_income_fen, payee, change_kind, reason, actor_id, actor_role)
       SELECT id, $1, start_period, 'active', monthly_amount_fen, persons, 0, payee, 'enrolled', 'bench', 'bench', 'system' FROM enrolment`,
      [firstMonth],
    );
    await ds.query('ANALYZE');
    console.log(`seeded ${households} ${scheme} enrolments in ${townships} townships in ${Date.now() - t} ms`);

    const actor: Actor = { id: 'bench', role: 'finance' };
    const payroll = new PayrollService(ds);
    const runId = await payroll.open(scheme, period, actor);
    const progress = setInterval(() => {
      void payroll.get(runId).then((r) => r && console.log(`  … ${r.progress.townshipsDone}/${r.progress.townshipsTotal} townships, ${r.progress.householdsProcessed} households`));
    }, 1000);
    t = Date.now();
    try {
      await payroll.execute(runId, actor);
    } finally {
      clearInterval(progress);
    }
    const firstMs = Date.now() - t;
    const counts: { payments: string; amount: string; outbox: string; batches: string }[] = await ds.query(
      `SELECT (SELECT count(*) FROM payment) AS payments, (SELECT sum(amount_fen) FROM payment) AS amount,
              (SELECT count(*) FROM outbox) AS outbox, (SELECT count(*) FROM batch) AS batches`,
    );
    t = Date.now();
    await payroll.execute(runId, actor);
    const rerunMs = Date.now() - t;
    const after: { payments: string; outbox: string }[] = await ds.query(`SELECT (SELECT count(*) FROM payment) AS payments, (SELECT count(*) FROM outbox) AS outbox`);

    const c = counts[0];
    console.log(`payroll ${scheme} ${period}: ${households} households in ${firstMs} ms = ${Math.round((households / firstMs) * 1000)} households/s`);
    console.log(`  payments ${c.payments}, batches ${c.batches}, amount ${c.amount} fen, outbox rows ${c.outbox}`);
    console.log(`rerun (idempotent): ${rerunMs} ms, payments ${after[0].payments}, outbox rows ${after[0].outbox}`);
    if (after[0].payments !== c.payments || after[0].outbox !== c.outbox) throw new Error('the rerun changed the payroll');
  } finally {
    await ds.destroy();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
