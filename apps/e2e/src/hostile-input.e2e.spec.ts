import jwt from 'jsonwebtoken';
import * as path from 'path';
import { signToken } from '@dibao/platform';
import { testStack } from '@dibao/platform/testing';
import { AppName, startSystem, System } from './support/system';
import { appCases, Case, casesFor, Context, rereadCases, Tokens } from './support/hostile/cases';
import { check, Finding } from './support/hostile/checks';
import { destroyAgent, pool, RawResponse, resentCount, send } from './support/hostile/http';
import { withFreshIds } from './support/hostile/ids';
import { operationsOf, Operation } from './support/hostile/openapi';
import { countByApp, groupFindings, summaryTable, writeJson } from './support/hostile/report';
import { seed, Seeded } from './support/hostile/seed';
import { diffSnapshots, e2eDatabases, inboxEvents, outboxCounts, settledSnapshot, Snapshot } from './support/hostile/snapshot';

/**
 * Issue #9, the hostile-input sweep: every operation of every app's OpenAPI document gets malformed JSON,
 * wrong types, missing and extra fields, huge bodies, long strings, SQL and script strings, bad tokens and
 * other townships' ids. Every answer must be a 4xx with a problem body (never a 500), and the databases must
 * not change. Add an app here when it serves its document; the sweep reads the rest from the document.
 */
const APPS: AppName[] = ['households', 'payments', 'inspections', 'case-api'];

const CONCURRENCY = 8;
const RESULTS_FILE = path.join(__dirname, '../../../.local/test-results/reports/hostile-input.json');

function hostileTokens(system: System): Tokens {
  const secret = testStack.jwtSecret;
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return {
    admin: system.token('admin'),
    caseworkerT01: system.token('caseworker', 'T01'),
    expired: jwt.sign({ role: 'admin' }, secret, { algorithm: 'HS256', subject: 'e2e-admin', issuer: 'dibao', expiresIn: -10 }),
    wrongSecret: signToken({ sub: 'e2e-admin', role: 'admin' }, 'another-secret-that-is-long-enough'),
    algNone: `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ role: 'admin', sub: 'e2e-admin', iss: 'dibao', iat: now, exp: now + 3600 })}.`,
    noRole: jwt.sign({ township: 'T01' }, secret, { algorithm: 'HS256', subject: 'e2e-nobody', issuer: 'dibao', expiresIn: '1h' }),
  };
}

describe('hostile input: every endpoint of every OpenAPI document', () => {
  let system: System;
  const docs: Record<string, Operation[]> = {};
  const notes: string[] = [];
  let seeded: Seeded;
  let dbs: string[];
  let before: Snapshot;

  beforeAll(async () => {
    system = await startSystem({ apps: APPS });
    for (const app of APPS) {
      const res = await fetch(`${system.url(app)}/api/docs/openapi.json`).catch((e: unknown) => ({ ok: false, status: String(e) }) as const);
      if (!res.ok || !('json' in res)) {
        notes.push(`${app}: no OpenAPI document (${res.status}); only its health was checked`);
        continue;
      }
      docs[app] = operationsOf(app, (await res.json()) as Record<string, unknown>);
    }
    seeded = await seed(Object.fromEntries(Object.keys(docs).map((a) => [a, system.url(a as AppName)])), system.token('admin'));
    notes.push(...seeded.notes);
    dbs = await e2eDatabases();
  }, 240000);

  afterAll(async () => {
    destroyAgent();
    await system?.stop();
  });

  it('answers every hostile request with a 4xx problem body, never a 5xx, and changes nothing', async () => {
    const started = Date.now();
    const tokens = hostileTokens(system);
    const cases: Case[] = [];
    const rereads: Case[] = [];
    for (const [app, ops] of Object.entries(docs)) {
      const ctx: Context = {
        app,
        port: Number(new URL(system.url(app as AppName)).port),
        tokens,
        seeds: seeded.seeds[app] ?? {},
        fixed: seeded.fixed[app] ?? {},
        refs: seeded.refs[app] ?? {},
        t02Ids: seeded.t02Ids,
      };
      cases.push(...appCases(ctx));
      for (const op of ops) cases.push(...casesFor(op, ctx));
      rereads.push(...rereadCases(ops, ctx));
    }
    // HOSTILE_SKIP=<regex over "kind: label">: leave cases out while investigating (reported in the notes).
    const skip = process.env['HOSTILE_SKIP'] ? new RegExp(process.env['HOSTILE_SKIP']) : undefined;
    if (skip) {
      const before = cases.length;
      cases.splice(0, cases.length, ...cases.filter((c) => !skip.test(`${c.kind}: ${c.label}`)));
      notes.push(`HOSTILE_SKIP=${skip.source} left out ${before - cases.length} cases`);
    }
    const strict = cases.filter((c) => c.phase === 'strict');
    const deep = cases.filter((c) => c.phase === 'deep');

    const first = await settledSnapshot(dbs);
    before = first.snap;
    const outboxBefore = await outboxCounts(dbs);
    const inboxBefore = await inboxEvents(dbs);
    if (first.unsettled.length) notes.push(`state was still moving before the sweep: ${first.unsettled.join('; ')}`);

    const run = (list: Case[]) => pool(list, CONCURRENCY, async (c) => ({ c, r: (await send(c.port, { method: c.method, path: c.path, headers: c.headers, body: withFreshIds(c.body) })) as RawResponse }));
    const strictResults = await run(strict);
    const strictMs = Date.now() - started;

    const second = await settledSnapshot(dbs);
    // The apps share Kafka with whatever else runs on this machine: an event another run publishes (a case
    // approved, say) is consumed here too. A database whose inbox grew changed for a reason outside this sweep;
    // its changes are reported, not failed on.
    const allChanges = diffSnapshots(before, second.snap);
    const consumingDbs = dbs.filter((db) => (second.snap[`${db}.inbox`]?.rows ?? 0) !== (before[`${db}.inbox`]?.rows ?? 0));
    const external = allChanges.filter((d) => consumingDbs.some((db) => d.startsWith(`${db}.`)));
    const stateChanges = allChanges.filter((d) => !external.includes(d));
    if (external.length) {
      const inboxAfter = await inboxEvents(consumingDbs);
      const consumed = consumingDbs.map((db) => `${db}: ${(inboxAfter[db] ?? []).filter((e) => !(inboxBefore[db] ?? []).includes(e)).join(', ')}`);
      notes.push(`events from other runs on the shared Kafka were consumed during the sweep (${consumed.join('; ')}); changes in those databases are not failed on: ${external.join('; ')}`);
    }
    const outboxAfter = await outboxCounts(dbs);
    const outboxGrowth = Object.entries(outboxAfter)
      .filter(([db, o]) => o.rows !== (outboxBefore[db]?.rows ?? 0) && !consumingDbs.includes(db))
      .map(([db, o]) => `${db}: outbox ${outboxBefore[db]?.rows ?? 0} → ${o.rows} rows`);

    // Content that may legitimately be stored (SQL-looking or RTL text in a name): after the snapshot.
    // Then the script tags once more (so they are what is stored last), and every GET read back.
    const deepResults = [...(await run(deep)), ...(await run(deep.filter((c) => c.label.endsWith(': script tag')))), ...(await run(rereads))];

    // Every app must still be up.
    const down: string[] = [];
    for (const app of APPS) {
      const h = await fetch(`${system.url(app)}/health`).catch(() => undefined);
      if (!h || h.status !== 200) down.push(`${app}: /health ${h?.status ?? 'no answer'} after the sweep`);
    }

    const results = [...strictResults, ...deepResults];
    const byKind: Record<string, Record<string, number>> = {};
    for (const { c, r } of results) {
      const k = (byKind[c.kind] ??= {});
      k[String(r.status)] = (k[String(r.status)] ?? 0) + 1;
    }
    const byPair = new Map(results.filter(({ c }) => c.pairKey).map(({ c, r }) => [c.pairKey!, r]));
    const findings: Finding[] = results.flatMap(({ c, r }) => check(c, r, c.pairKey ? byPair.get(`${c.pairKey} control`) : undefined));
    const counts = countByApp(results);
    const countsStrict = countByApp(strictResults);
    // Writes the strict phase should not have made: they explain any state change.
    const acceptedStrict = strictResults.filter(({ c, r }) => c.isWrite && r.status >= 200 && r.status < 300);
    const acceptedDeep = deepResults.filter(({ c, r }) => c.isWrite && r.status >= 200 && r.status < 300);
    const seconds = (Date.now() - started) / 1000;

    const failing = findings;
    const grouped = groupFindings(findings);
    const table = summaryTable(counts);
    const report = {
      apps: APPS,
      operations: Object.fromEntries(Object.entries(docs).map(([a, ops]) => [a, ops.length])),
      seconds,
      strictSeconds: strictMs / 1000,
      seedRequests: seeded.requests,
      counts,
      countsStrictPhase: countsStrict,
      statusesByCaseKind: byKind,
      stateChanges,
      stateChangesWhileConsumingEvents: external,
      outboxGrowth,
      appsDown: down,
      notes,
      findingsByKind: findings.reduce<Record<string, number>>((m, f) => ((m[f.kind] = (m[f.kind] ?? 0) + 1), m), {}),
      findings: grouped,
      acceptedStrictWrites: acceptedStrict.map(({ c, r }) => ({ op: c.op, case: c.label, status: r.status })),
      acceptedDeepWrites: acceptedDeep.map(({ c, r }) => ({ op: c.op, case: c.label, status: r.status })),
      slowest: [...results].sort((a, b) => b.r.ms - a.r.ms).slice(0, 10).map(({ c, r }) => ({ op: c.op, case: c.label, ms: r.ms, status: r.status })),
    };
    writeJson(RESULTS_FILE, report);

    console.log(
      [
        `hostile-input sweep: ${results.length} requests (${strict.length} before the state check, ${results.length - strict.length} content cases and re-reads after it) in ${seconds.toFixed(1)} s`,
        table,
        `findings: ${JSON.stringify(report.findingsByKind)}`,
        `sent again on a fresh connection after a reused keep-alive socket was reset: ${resentCount()}`,
        ...grouped.map((g) => `  ${g.count}× ${g.key}\n      e.g. ${g.examples[0]!.case}: ${g.examples[0]!.request.slice(0, 300)}\n      → ${g.examples[0]!.body.slice(0, 300)}`),
        `state changes: ${stateChanges.length ? stateChanges.join('; ') : 'none'}`,
        `outbox growth: ${outboxGrowth.length ? outboxGrowth.join('; ') : 'none'}`,
        `writes accepted before the state check (they explain a state change): ${acceptedStrict.length ? acceptedStrict.map(({ c, r }) => `${c.op} [${c.label}] → ${r.status}`).join('; ') : 'none'}`,
        `content writes accepted after the state check (allowed, listed in the JSON): ${acceptedDeep.length}`,
        ...notes.map((n) => `note: ${n}`),
        `written to ${RESULTS_FILE}`,
      ].join('\n'),
    );

    const problems = [
      ...failing.map((f) => `${f.kind}: ${f.app} ${f.op} [${f.case}] → ${f.status}: ${f.message}\n    ${f.request.slice(0, 300)}\n    ${f.body.slice(0, 300)}`),
      ...stateChanges.map((s) => `state change: ${s}`),
      ...outboxGrowth.map((s) => `outbox grew: ${s}`),
      ...down,
    ];
    if (problems.length) {
      const shown = problems.slice(0, 60).join('\n');
      throw new Error(`${problems.length} problems (all in ${RESULTS_FILE}):\n${shown}${problems.length > 60 ? `\n… and ${problems.length - 60} more` : ''}`);
    }
  }, 300000);
});
