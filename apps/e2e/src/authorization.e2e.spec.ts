import { randomUUID } from 'crypto';
import * as path from 'path';
import { AUTHORIZATION_MATRIX, isTownshipRole, Permission, Role, ROLES, ServiceWithApi } from '@dibao/contracts';
import { AppName, call, startSystem, System } from './support/system';
import { baseBody, seededParam } from './support/hostile/cases';
import { destroyAgent, pool, RawResponse, send } from './support/hostile/http';
import { RESIDENT_ID_PLACEHOLDER, withFreshIds } from './support/hostile/ids';
import { Operation, operationsOf, typeOf } from './support/hostile/openapi';
import { writeJson } from './support/hostile/report';
import { seed, Seeded } from './support/hostile/seed';
import { diffSnapshots, e2eDatabases, settledSnapshot } from './support/hostile/snapshot';

/**
 * Issue 15: the authorization matrix (libs/contracts/src/authorization/matrix.ts) walked on the real system.
 *
 * For every operation of the four OpenAPI documents, every role, and, for the township roles, their own township
 * (T02, where the records are seeded) and another (T01):
 * - a role the matrix does not list gets exactly 403;
 * - a township role reaching another township's record (or creating one there) gets 403 or 404, and a list answers it
 *   with nothing of the other township;
 * - a role the matrix lists, in its own township or county-wide, is never refused for who it is (not 401/403);
 * - nothing answers 5xx;
 * - the refused requests change nothing in any database (checked by reading every table before and after them).
 * An operation of a document that the matrix does not list fails the test.
 */
const SERVICES: ServiceWithApi[] = ['households', 'payments', 'inspections', 'case-api'];
const OWN = 'T02';
const OTHER = 'T01';
const RESULTS_FILE = path.join(__dirname, '../../../.local/test-results/reports/authorization.json');

/**
 * - forbidden: exactly 403 (the role is not listed).
 * - hidden: 403 or 404 (another township's record; the answer must not reveal it exists).
 * - refused-create: any 4xx, or a 2xx that created nothing (a ledger import reports a row of another township as
 *   rejected); either way the database is unchanged, which the state check proves.
 * - list-other: a list asked for another township: 403 or 404, or a 2xx without any of that township's records.
 * - allowed: anything but 401/403 (the body may still be wrong for the record's state: 400/404/409/422 are fine).
 */
type Expectation = 'forbidden' | 'hidden' | 'refused-create' | 'list-other' | 'allowed';

interface Probe {
  service: ServiceWithApi;
  port: number;
  op: string;
  role: Role;
  township?: string;
  method: string;
  path: string;
  body?: string;
  contentType?: string;
  expect: Expectation;
}

function expectationFor(permission: Permission, role: Role, township: string | undefined): Expectation {
  if (role !== 'admin' && !permission.roles.includes(role)) return 'forbidden';
  if (!isTownshipRole(role) || township === OWN) return 'allowed';
  if (permission.township === 'record') return 'hidden';
  if (permission.township === 'create') return 'refused-create';
  return permission.township === 'list' ? 'list-other' : 'allowed';
}

/** A body for the operation: the documented example pointing at the seeded T02 records, or a small file. */
function bodyFor(op: Operation, seeded: Seeded, service: string): { body?: string; contentType?: string } {
  // A JSON body documented as a bare string (the bank return's JSON alternative) is sent as its file instead.
  const json = op.body?.['application/json'];
  const example = json && typeOf(json) !== 'string' ? baseBody(op, seeded.refs[service] ?? {}) : undefined;
  if (example !== undefined) return { body: JSON.stringify(example), contentType: 'application/json' };
  if (op.body?.['text/csv']) {
    const csv =
      service === 'households'
        ? 'ledger_no,township,village,address,hukou,account_kind,account_institution,account_number,account_holder,members\n' +
          `AUTHZ-1,${OWN},红星村,一组9号,agricultural,,,,,陈九|${RESIDENT_ID_PLACEHOLDER}|head||full|||\n`
        : 'payment_id,result,reason\n';
    return { body: csv, contentType: 'text/csv' };
  }
  return {};
}

function fillPath(op: Operation, seeded: Seeded, service: string): string {
  const seeds = seeded.seeds[service] ?? {};
  const fixed = seeded.fixed[service] ?? {};
  const filled = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const p = op.params.find((x) => x.in === 'path' && x.name === name) ?? { name, in: 'path' as const, required: true, schema: {} };
    const value = seededParam(op, p, seeds) ?? seededParam(op, p, fixed);
    if (value) return encodeURIComponent(value);
    if (/township|^code$/i.test(name)) return OWN;
    if (/period/i.test(name)) return '2026-03';
    return randomUUID();
  });
  const query = op.params.filter((p) => p.in === 'query' && (p.required || /township/i.test(p.name)));
  const parts = query.map((p) => `${p.name}=${/township/i.test(p.name) ? OWN : /period/i.test(p.name) ? '2026-03' : 'x'}`);
  return parts.length ? `${filled}?${parts.join('&')}` : filled;
}

describe('authorization: every operation × role × own/other township, on the real system', () => {
  let system: System;
  let seeded: Seeded;
  const ops: Record<string, Operation[]> = {};

  beforeAll(async () => {
    system = await startSystem({ apps: ['households', 'payments', 'inspections', 'case-api', 'case-worker'] });
    for (const service of SERVICES) {
      const res = await fetch(`${system.url(service as AppName)}/api/docs/openapi.json`);
      expect(res.status).toBe(200);
      ops[service] = operationsOf(service, (await res.json()) as Record<string, unknown>).filter((o) => !o.isPublic);
    }
    seeded = await seed(Object.fromEntries(SERVICES.map((s) => [s, system.url(s as AppName)])), system.token('admin'));
    // The inspector of the tokens below belongs to the seeded inspection group (findings and orders need it).
    const groupId = seeded.seeds['inspections']?.['groups:id'];
    if (groupId) {
      const r = await call('PUT', `${system.url('inspections')}/api/v1/groups/${groupId}/members`, system.token('admin'), { inspectorId: 'e2e-inspector', name: '赵督查' });
      if (r.status >= 300) seeded.notes.push(`seed group member: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
    }
    // A case of the T02 household, opened by a T02 caseworker, so the case operations act on a real T02 record.
    const householdId = seeded.seeds['households']?.['households:id'];
    if (householdId) {
      seeded.refs['case-api'] = { householdId, township: OWN, scheme: 'rural' };
      const submit = ops['case-api']!.find((o) => o.method === 'POST' && o.path === '/api/v1/cases')!;
      const r = await call('POST', `${system.url('case-api')}/api/v1/cases`, system.token('caseworker', OWN), JSON.parse(withFreshIds(bodyFor(submit, seeded, 'case-api').body!)));
      if (r.status === 201 && r.body?.caseId) {
        seeded.seeds['case-api'] = { ...(seeded.seeds['case-api'] ?? {}), 'cases:caseId': r.body.caseId, 'beneficiaries:householdId': householdId };
        seeded.t02Ids.push(r.body.caseId);
      } else seeded.notes.push(`seed case: POST /api/v1/cases → ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
    }
  }, 300000);

  afterAll(async () => {
    destroyAgent();
    await system?.stop();
  });

  it('every documented operation is in the matrix', () => {
    const missing = SERVICES.flatMap((s) => (ops[s] ?? []).filter((o) => !(`${o.method} ${o.path}` in AUTHORIZATION_MATRIX[s])).map((o) => `${s}: ${o.method} ${o.path}`));
    expect(missing).toEqual([]);
    expect(SERVICES.reduce((n, s) => n + (ops[s]?.length ?? 0), 0)).toBeGreaterThanOrEqual(100);
  });

  it('answers each role as the matrix says, hides other townships, and a refused call changes nothing', async () => {
    const started = Date.now();
    const probes: Probe[] = [];
    for (const service of SERVICES) {
      const port = Number(new URL(system.url(service as AppName)).port);
      for (const op of ops[service] ?? []) {
        const permission = AUTHORIZATION_MATRIX[service][`${op.method} ${op.path}` as keyof (typeof AUTHORIZATION_MATRIX)[typeof service]];
        if (!permission) continue;
        const { body, contentType } = bodyFor(op, seeded, service);
        for (const role of ROLES) {
          for (const township of isTownshipRole(role) ? [OWN, OTHER] : [undefined]) {
            probes.push({ service, port, op: `${op.method} ${op.path}`, role, township, method: op.method, path: fillPath(op, seeded, service), body, contentType, expect: expectationFor(permission, role, township) });
          }
        }
      }
    }
    const send1 = (p: Probe) =>
      send(p.port, {
        method: p.method,
        path: p.path,
        headers: { authorization: `Bearer ${system.token(p.role, p.township)}`, ...(p.contentType ? { 'content-type': p.contentType } : {}) },
        body: withFreshIds(p.body),
      });

    const dbs = await e2eDatabases();
    // Everything but the allowed calls must leave the databases as they were (reads of other townships too).
    const refusedProbes = probes.filter((p) => p.expect !== 'allowed');
    const before = await settledSnapshot(dbs);
    const refusedResults = await pool(refusedProbes, 8, async (p) => ({ p, r: await send1(p) }));
    const after = await settledSnapshot(dbs);
    // The system shares Kafka with whatever else runs on the machine: a database whose inbox grew consumed an event
    // from another run, and its changes are reported, not failed on (as in the hostile-input sweep).
    const allChanges = diffSnapshots(before.snap, after.snap);
    const consuming = dbs.filter((db) => (after.snap[`${db}.inbox`]?.rows ?? 0) !== (before.snap[`${db}.inbox`]?.rows ?? 0));
    const changes = allChanges.filter((c) => !consuming.some((db) => c.startsWith(`${db}.`)));
    if (allChanges.length > changes.length) seeded.notes.push(`changed while consuming other runs' events (not failed on): ${allChanges.filter((c) => !changes.includes(c)).join('; ')}`);
    // Allowed calls may write (they run after the state check); reads go last so they see the writes.
    const allowed = probes.filter((p) => p.expect === 'allowed');
    const allowedResults = [
      ...(await pool(allowed.filter((p) => p.method !== 'GET'), 4, async (p) => ({ p, r: await send1(p) }))),
      ...(await pool(allowed.filter((p) => p.method === 'GET'), 8, async (p) => ({ p, r: await send1(p) }))),
    ];

    // A township role's request for another township's record answered with a 4xx other than 403/404 is fine only
    // when the answer does not depend on the record: the same request for records that do not exist must get the
    // same status (the body was wrong whatever the household). Otherwise the answer reveals the record.
    const seedIds = Object.values(seeded.seeds).flatMap((m) => Object.values(m));
    const controls = new Map<Probe, number>();
    for (const { p, r } of refusedResults) {
      if (p.expect !== 'hidden' || r.status === 403 || r.status === 404 || r.status < 400 || r.status >= 500) continue;
      const unknownPath = seedIds.reduce((path, id) => path.split(encodeURIComponent(id)).join(randomUUID()), p.path);
      controls.set(p, (await send1({ ...p, path: unknownPath })).status);
    }

    const problems: string[] = [];
    const judge = ({ p, r }: { p: Probe; r: RawResponse }) => {
      const who = `${p.role}${p.township ? `@${p.township}` : ''}`;
      const what = `${p.service} ${p.op} as ${who} → ${r.status}${r.error ? ` (${r.error})` : ''}`;
      if (r.error || r.status >= 500) return problems.push(`5xx or no answer: ${what}: ${r.text.slice(0, 200)}`);
      if (p.expect === 'forbidden' && r.status !== 403) return problems.push(`expected 403 (role not in the matrix): ${what}: ${r.text.slice(0, 200)}`);
      if (p.expect === 'hidden' && r.status !== 403 && r.status !== 404 && controls.get(p) !== r.status) return problems.push(`expected 403/404 (another township's record): ${what}: ${r.text.slice(0, 200)}`);
      if (p.expect === 'refused-create' && r.status >= 300 && r.status < 400) return problems.push(`expected a refusal (a record in another township): ${what}`);
      if (p.expect === 'list-other' && r.status !== 403 && r.status !== 404 && (r.status >= 300 || seeded.t02Ids.some((id) => r.text.includes(id)))) {
        return problems.push(`a list for another township answered with its records or an odd status: ${what}: ${r.text.slice(0, 200)}`);
      }
      if (p.expect === 'allowed' && (r.status === 401 || r.status === 403)) return problems.push(`refused although the matrix allows it: ${what}: ${r.text.slice(0, 200)}`);
      return undefined;
    };
    refusedResults.forEach(judge);
    allowedResults.forEach(judge);
    problems.push(...changes.map((c) => `state changed during the refused calls: ${c}`));

    const operations = SERVICES.reduce((n, s) => n + (ops[s]?.length ?? 0), 0);
    const report = {
      operations,
      roles: ROLES.length,
      probes: probes.length,
      refused: refusedProbes.length,
      allowed: allowed.length,
      seconds: (Date.now() - started) / 1000,
      statuses: [...refusedResults, ...allowedResults].reduce<Record<string, number>>((m, { r }) => ((m[r.status] = (m[r.status] ?? 0) + 1), m), {}),
      notes: seeded.notes,
      problems,
    };
    writeJson(RESULTS_FILE, report);
    console.log(
      `authorization matrix: ${operations} operations × ${ROLES.length} roles (township roles in ${OWN} and ${OTHER}) = ${probes.length} requests ` +
        `(${refusedProbes.length} to be refused, ${allowed.length} allowed) in ${report.seconds.toFixed(1)} s; statuses ${JSON.stringify(report.statuses)}; ` +
        `problems ${problems.length}${seeded.notes.length ? `; seed notes: ${seeded.notes.join(' | ')}` : ''}`,
    );
    if (problems.length) throw new Error(`${problems.length} problems (all in ${RESULTS_FILE}):\n${problems.slice(0, 60).join('\n')}`);
  }, 600000);
});
