import { randomUUID } from 'crypto';
import { exampleOf, fieldName, fieldsOf, JsonType, Operation, Param, REMOVE, setAt, typeOf } from './openapi';
import {
  binaryBytes,
  deeplyNested,
  garbageCsv,
  hugeCsv,
  hugeJson,
  LONG_PARAM,
  LONG_STRING,
  NON_NEGATIVE_INTEGER_FIELD,
  NUMBER_EDGES,
  PATH_PARAM_VALUES,
  QUERY_NUMBER_VALUES,
  QUERY_STRING_VALUES,
  STRING_CONTENT,
} from './payloads';

/**
 * What a case expects:
 * - `401`: a token problem; exactly 401.
 * - `413`: a body over the limit; exactly 413.
 * - `4xx`: the input is wrong; any 4xx (a 2xx is a failure: the input was accepted).
 * - `hidden`: a township role against another township's record: 403 or 404, never the record.
 * - `not-5xx`: the input may be fine (a free-text filter, SQL-looking text in a name); anything but a 5xx.
 */
export type Expect = '401' | '413' | '4xx' | 'hidden' | 'not-5xx';

export interface Case {
  app: string;
  port: number;
  /** `METHOD /template` */
  op: string;
  method: string;
  path: string;
  kind: string;
  label: string;
  /** strict: before the "after" snapshot, must not change state; deep: after it, may write (reported) */
  phase: 'strict' | 'deep';
  headers: Record<string, string>;
  body?: string | Buffer;
  expect: Expect;
  /** The field a 400's `errors` list should name. */
  field?: string;
  /** Any 4xx is fine, with or without a problem body (rejected by Node's HTTP parser before the app). */
  transportLevel?: boolean;
  /** Pairs a township case with its control (the same request against unknown ids). */
  pairKey?: string;
  /** Ids this actor must never see in a 2xx answer. */
  mustNotContain?: string[];
  isWrite: boolean;
}

export interface Tokens {
  admin: string;
  caseworkerT01: string;
  expired: string;
  wrongSecret: string;
  algNone: string;
  noRole: string;
}

/** Seeded records (all in township T02) by `<segment before the param>:<param name>`, e.g. `households:id`. */
export type Seeds = Record<string, string>;
/** Body fields that should point at seeded records, by field name (e.g. memberId, campaignId). */
export type BodyRefs = Record<string, unknown>;

const JSON_CT = 'application/json';

/** `{"k":v, ...rest}` written as text, so keys like __proto__ survive (JSON.stringify would drop them). */
function prependField(objectJson: string, field: string): string {
  return objectJson === '{}' ? `{${field}}` : objectJson.replace(/^\{/, `{${field},`);
}

function pathParamKey(op: Operation, p: Param): string {
  const segs = op.path.split('/');
  const i = segs.indexOf(`{${p.name}}`);
  return `${segs[i - 1] ?? ''}:${p.name}`;
}

export function seededParam(op: Operation, p: Param, seeds: Seeds): string | undefined {
  return seeds[pathParamKey(op, p)];
}

function defaultParam(op: Operation, p: Param, seeds: Seeds, fixed: Seeds): string {
  const seeded = seededParam(op, p, seeds) ?? fixed[pathParamKey(op, p)];
  if (seeded) return encodeURIComponent(seeded);
  if (/township|^code$/i.test(p.name)) return 'T02';
  if (/period/i.test(p.name)) return '2026-03';
  return randomUUID();
}

function buildPath(op: Operation, seeds: Seeds, fixed: Seeds, override?: { name: string; raw: string }, unknownRecords = false): string {
  return op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    if (override && override.name === name) return override.raw === 'UNKNOWN_UUID' ? randomUUID() : override.raw;
    const p = op.params.find((x) => x.in === 'path' && x.name === name) ?? { name, in: 'path' as const, required: true, schema: {} };
    if (unknownRecords && seededParam(op, p, seeds)) return randomUUID();
    return defaultParam(op, p, seeds, fixed);
  });
}

function withRefs(value: unknown, refs: BodyRefs): unknown {
  if (Array.isArray(value)) return value.map((v) => withRefs(v, refs));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = refs[k] !== undefined ? refs[k] : withRefs(v, refs);
    return out;
  }
  return value;
}

export function baseBody(op: Operation, refs: BodyRefs): unknown {
  const schema = op.body?.[JSON_CT];
  if (!schema) return undefined;
  return withRefs(exampleOf(schema), refs);
}

const OTHER_TYPES: Record<JsonType, unknown> = {
  string: 'a string',
  number: 12345,
  boolean: true,
  object: { nested: 'object' },
  array: ['an', 'array'],
  null: null,
};

function requiredQuery(op: Operation): string[] {
  // Required query params get a harmless value so each bad value is tested alone.
  return op.params.filter((p) => p.in === 'query' && p.required).map((p) => `${p.name}=${typeOf(p.schema) === 'number' ? '1' : 'x'}`);
}

function withQuery(path: string, parts: string[]): string {
  return parts.length ? `${path}?${parts.join('&')}` : path;
}

export interface Context {
  app: string;
  port: number;
  tokens: Tokens;
  /** Seeded records: a T01 caseworker must not reach them. */
  seeds: Seeds;
  /** Other path param values that exist (reference data, e.g. township codes, fund account codes). */
  fixed: Seeds;
  refs: BodyRefs;
  /** Ids of township T02 records a T01 caseworker must never see. */
  t02Ids: string[];
}

let hugeJsonBody: string | undefined;
let hugeCsvBody: Buffer | undefined;

export function casesFor(op: Operation, ctx: Context): Case[] {
  const out: Case[] = [];
  const isWrite = op.method !== 'GET';
  const jsonSchema = op.body?.[JSON_CT];
  const csv = op.body && Object.keys(op.body).find((ct) => ct.startsWith('text/'));
  const objectBody = jsonSchema && typeOf(jsonSchema) === 'object' && jsonSchema['properties'] ? jsonSchema : undefined;
  const base = objectBody ? baseBody(op, ctx.refs) : undefined;
  const basePath = withQuery(buildPath(op, ctx.seeds, ctx.fixed), requiredQuery(op));
  const opName = `${op.method} ${op.path}`;
  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
  const json = (t: string) => ({ ...bearer(t), 'content-type': JSON_CT });
  const add = (c: Omit<Case, 'app' | 'port' | 'op' | 'method' | 'isWrite' | 'path' | 'phase'> & { path?: string; phase?: Case['phase'] }) =>
    out.push({ app: ctx.app, port: ctx.port, op: opName, method: op.method, isWrite, path: basePath, phase: 'strict', ...c });
  const baseJson = base === undefined ? undefined : JSON.stringify(base);

  if (op.isPublic) return out;

  // ---- tokens: every operation, with a body that would otherwise be accepted
  const authBody = baseJson !== undefined ? { body: baseJson } : {};
  const authCt: Record<string, string> = baseJson !== undefined ? { 'content-type': JSON_CT } : {};
  add({ kind: 'auth', label: 'no token', headers: authCt, ...authBody, expect: '401' });
  add({ kind: 'auth', label: 'malformed token', headers: { ...authCt, authorization: 'Bearer not.a.jwt' }, ...authBody, expect: '401' });
  add({ kind: 'auth', label: 'expired token', headers: { ...authCt, ...bearer(ctx.tokens.expired) }, ...authBody, expect: '401' });
  add({ kind: 'auth', label: 'token signed with another secret', headers: { ...authCt, ...bearer(ctx.tokens.wrongSecret) }, ...authBody, expect: '401' });
  add({ kind: 'auth', label: 'unsigned token (alg none)', headers: { ...authCt, ...bearer(ctx.tokens.algNone) }, ...authBody, expect: '401' });
  add({ kind: 'auth', label: 'token without a role', headers: { ...authCt, ...bearer(ctx.tokens.noRole) }, ...authBody, expect: '401' });
  add({ kind: 'auth', label: 'Basic instead of Bearer', headers: { ...authCt, authorization: 'Basic YWRtaW46YWRtaW4=' }, ...authBody, expect: '401' });

  const admin = ctx.tokens.admin;

  // ---- bodies every write gets, whatever its schema
  if (isWrite) {
    add({ kind: 'malformed-json', label: 'malformed JSON {"a":', headers: json(admin), body: '{"a":', expect: '4xx' });
    add({ kind: 'malformed-json', label: 'JSON scalar null', headers: json(admin), body: 'null', expect: '4xx' });
    add({ kind: 'huge-body', label: '5 MB JSON body', headers: json(admin), body: (hugeJsonBody ??= hugeJson()), expect: '413' });
  }

  // ---- JSON object bodies
  if (objectBody && base !== undefined) {
    const required: string[] = objectBody['required'] ?? [];
    // Invalid UTF-8 inside an unknown field: decoded leniently or not, the field must be refused.
    add({ kind: 'malformed-json', label: 'invalid UTF-8 bytes', headers: json(admin), body: Buffer.concat([Buffer.from('{"hostileBytes":"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]), Buffer.from('",' + baseJson!.slice(1))]), expect: '4xx', field: 'hostileBytes' });
    add({ kind: 'shape', label: 'JSON array instead of an object', headers: json(admin), body: JSON.stringify([base]), expect: '4xx' });
    add({ kind: 'shape', label: 'JSON string instead of an object', headers: json(admin), body: JSON.stringify('a string'), expect: '4xx' });
    if (required.length) {
      add({ kind: 'shape', label: 'empty body', headers: json(admin), expect: '4xx' });
      add({ kind: 'shape', label: 'empty object {}', headers: json(admin), body: '{}', expect: '4xx' });
      add({ kind: 'content-type', label: 'JSON sent as text/plain', headers: { ...bearer(admin), 'content-type': 'text/plain' }, body: baseJson, expect: '4xx' });
      add({ kind: 'content-type', label: 'JSON sent as form-urlencoded', headers: { ...bearer(admin), 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1&b=2', expect: '4xx' });
    }
    add({ kind: 'extra-field', label: 'unknown top-level field', headers: json(admin), body: JSON.stringify({ ...(base as object), hostileExtra: 1 }), expect: '4xx', field: 'hostileExtra' });
    add({ kind: 'extra-field', label: '__proto__ field', headers: json(admin), body: prependField(baseJson!, '"__proto__":{"role":"admin","isAdmin":true}'), expect: '4xx', field: '__proto__' });
    add({ kind: 'extra-field', label: 'constructor.prototype field', headers: json(admin), body: prependField(baseJson!, '"constructor":{"prototype":{"polluted":true}}'), expect: '4xx', field: 'constructor' });

    const fields = fieldsOf(objectBody);
    for (const f of fields) {
      const name = fieldName(f.path);
      const parentIsPresent = f.path.length === 1 || base !== undefined;
      if (f.required && parentIsPresent) {
        add({ kind: 'missing-field', label: `missing required ${name}`, headers: json(admin), body: JSON.stringify(setAt(base, f.path, REMOVE)), expect: '4xx', field: name });
      }
      const own = typeOf(f.schema);
      for (const t of Object.keys(OTHER_TYPES) as JsonType[]) {
        if (t === own) continue;
        if (t === 'null' && (f.schema['nullable'] || !f.required)) continue; // null may mean "none" or "leave out"
        if (own === 'number' && t === 'string') {
          // A numeric string is the interesting wrong type for a number.
          add({ kind: 'wrong-type', label: `${name}: numeric string instead of number`, headers: json(admin), body: JSON.stringify(setAt(base, f.path, '100')), expect: '4xx', field: name });
          continue;
        }
        if (Array.isArray(f.schema['enum']) && t === 'string') continue; // covered by the unknown enum value
        add({ kind: 'wrong-type', label: `${name}: ${t} instead of ${own}`, headers: json(admin), body: JSON.stringify(setAt(base, f.path, OTHER_TYPES[t])), expect: '4xx', field: name });
      }
      if (Array.isArray(f.schema['enum'])) {
        add({ kind: 'wrong-type', label: `${name}: unknown enum value`, headers: json(admin), body: JSON.stringify(setAt(base, f.path, 'not_a_known_value')), expect: '4xx', field: name });
      }
      if (own === 'array' && f.path.length === 1) {
        add({ kind: 'nesting', label: `${name}: 5000 levels of nested arrays`, headers: json(admin), body: JSON.stringify(setAt(base, f.path, '@@NESTED@@')).replace('"@@NESTED@@"', deeplyNested(5000)), expect: '4xx', field: name });
        add({ kind: 'nesting', label: `${name}: 20000 elements`, headers: json(admin), body: JSON.stringify(setAt(base, f.path, Array.from({ length: 20000 }, () => ({})))), expect: '4xx', field: name });
      }
      if (own === 'object' && f.path.length === 1) {
        add({ kind: 'nesting', label: `${name}: 5000 levels of nested objects`, headers: json(admin), body: JSON.stringify(setAt(base, f.path, '@@NESTED@@')).replace('"@@NESTED@@"', '{"a":'.repeat(5000) + '1' + '}'.repeat(5000)), expect: '4xx', field: name });
      }

      // ---- content: after the final snapshot (a valid body with odd but legal text may be stored)
      if (own === 'string' && !Array.isArray(f.schema['enum'])) {
        add({ phase: 'deep', kind: 'long-string', label: `${name}: 100,000 characters`, headers: json(admin), body: JSON.stringify(setAt(base, f.path, LONG_STRING)), expect: '4xx', field: name });
        for (const s of STRING_CONTENT) {
          add({ phase: 'deep', kind: 'string-content', label: `${name}: ${s.label}`, headers: json(admin), body: JSON.stringify(setAt(base, f.path, s.value)), expect: 'not-5xx' });
        }
      }
      if (own === 'number') {
        for (const n of NUMBER_EDGES) {
          const invalid = n.alwaysInvalid || NON_NEGATIVE_INTEGER_FIELD.test(String(f.path[f.path.length - 1]));
          add({ phase: 'deep', kind: 'number-edge', label: `${name}: ${n.label}`, headers: json(admin), body: JSON.stringify(setAt(base, f.path, n.value)), expect: invalid ? '4xx' : 'not-5xx', field: name });
        }
      }
    }
  } else if (jsonSchema && isWrite) {
    // A JSON body the document describes only as a string (bank returns as JSON): hostile shapes.
    add({ kind: 'shape', label: 'JSON array', headers: json(admin), body: '[1,2,3]', expect: '4xx' });
    add({ kind: 'shape', label: 'empty object {}', headers: json(admin), body: '{}', expect: '4xx' });
    add({ kind: 'shape', label: 'results of wrong types', headers: json(admin), body: JSON.stringify({ results: [null, 1, 'x', [], { paymentId: 'not-a-uuid', result: 'maybe' }] }), expect: '4xx' });
    add({ kind: 'extra-field', label: '__proto__ field', headers: json(admin), body: '{"__proto__":{"polluted":true},"results":[]}', expect: '4xx' });
  }

  // ---- CSV bodies
  if (csv) {
    const ct = (t: string) => ({ ...bearer(admin), 'content-type': t });
    add({ kind: 'csv', label: 'garbage CSV', headers: ct(csv), body: garbageCsv(), expect: 'not-5xx' });
    add({ kind: 'csv', label: 'binary bytes as CSV', headers: ct(csv), body: binaryBytes(), expect: 'not-5xx' });
    add({ kind: 'csv', label: 'empty CSV', headers: ct(csv), body: '', expect: 'not-5xx' });
    add({ kind: 'csv', label: 'header only', headers: ct(csv), body: 'a,b,c\n', expect: 'not-5xx' });
    add({ kind: 'csv', label: 'one line of 2 MB', headers: ct(csv), body: 'z'.repeat(2 * 1024 * 1024), expect: 'not-5xx' });
    add({ kind: 'huge-body', label: 'CSV over the body limit (56 MB)', headers: ct(csv), body: (hugeCsvBody ??= hugeCsv(55 * 1024 * 1024)), expect: '413' });
    add({ kind: 'content-type', label: 'CSV sent as application/octet-stream', headers: ct('application/octet-stream'), body: garbageCsv(), expect: '4xx' });
  }

  // ---- path params
  for (const p of op.params.filter((x) => x.in === 'path')) {
    for (const v of PATH_PARAM_VALUES) {
      const isUuidParam = !!seededParam(op, p, ctx.seeds) || /id$/i.test(p.name);
      add({
        kind: 'path-param',
        label: `${p.name}: ${v.label.replace(/^path: /, '')}`,
        path: withQuery(buildPath(op, ctx.seeds, ctx.fixed, { name: p.name, raw: v.raw }), requiredQuery(op)),
        headers: baseJson !== undefined ? json(admin) : bearer(admin),
        ...(baseJson !== undefined ? { body: baseJson } : {}),
        // An id that is not one of ours never finds anything; a code or a period may be a harmless miss.
        expect: isUuidParam && /^[a-z]*id$/i.test(p.name) ? '4xx' : 'not-5xx',
        transportLevel: v.raw === LONG_PARAM,
      });
    }
  }

  // ---- query params
  for (const p of op.params.filter((x) => x.in === 'query')) {
    const others = requiredQuery(op).filter((q) => !q.startsWith(`${p.name}=`));
    const q = (label: string, raw: string, expect: Expect) =>
      add({ kind: 'query-param', label: `${p.name}: ${label}`, path: withQuery(buildPath(op, ctx.seeds, ctx.fixed), [...others, raw]), headers: bearer(admin), expect, field: expect === '4xx' ? p.name : undefined });
    const t = typeOf(p.schema);
    if (t === 'number') {
      for (const v of QUERY_NUMBER_VALUES) {
        const min = p.schema['minimum'];
        const max = p.schema['maximum'];
        const n = Number(v);
        const unboundedSize = max === undefined && /size|limit/i.test(p.name) && n > 100000;
        const valid = v !== '' && /^-?\d+$/.test(v) && (min === undefined || n >= min) && (max === undefined || n <= max) && !unboundedSize && n >= 0;
        q(`'${v}'`, `${p.name}=${encodeURIComponent(v)}`, valid ? 'not-5xx' : '4xx');
      }
    } else if (Array.isArray(p.schema['enum'])) {
      q('unknown enum value', `${p.name}=not_a_known_value`, '4xx');
      q('enum in upper case', `${p.name}=${encodeURIComponent(String(p.schema['enum'][0]).toUpperCase())}`, '4xx');
    } else {
      for (const v of QUERY_STRING_VALUES) q(v.label, `${p.name}=${v.raw}`, 'not-5xx');
    }
    q('given twice (array)', `${p.name}=${encodeURIComponent(String(exampleOf(p.schema, p.name)))}&${p.name}=${encodeURIComponent(String(exampleOf(p.schema, p.name)))}`, 'not-5xx');
    q('bracket array', `${p.name}[]=a&${p.name}[]=b`, 'not-5xx');
    q('bracket object', `${p.name}[a][b]=c`, 'not-5xx');
  }
  if (!isWrite) {
    add({ kind: 'query-param', label: 'unknown query parameter', path: withQuery(basePath.split('?')[0]!, [...requiredQuery(op), 'hostileUnknown=1']), headers: bearer(admin), expect: 'not-5xx' });
  }

  // ---- township: a caseworker of T01 against T02's records
  const seededParams = op.params.filter((p) => p.in === 'path' && seededParam(op, p, ctx.seeds));
  const cw = ctx.tokens.caseworkerT01;
  if (seededParams.length) {
    const pairKey = `${opName} township`;
    const cwBody = { headers: baseJson !== undefined ? json(cw) : bearer(cw), ...(baseJson !== undefined ? { body: baseJson } : {}) };
    add({ kind: 'township', label: "T01 caseworker on T02's record", ...cwBody, expect: 'hidden', mustNotContain: ctx.t02Ids, pairKey });
    // The control: the same request against ids that do not exist. A 400 the control gets too reveals nothing.
    add({
      kind: 'township',
      label: 'T01 caseworker on unknown ids (control)',
      path: withQuery(buildPath(op, ctx.seeds, ctx.fixed, undefined, true), requiredQuery(op)),
      ...cwBody,
      expect: 'not-5xx',
      pairKey: `${pairKey} control`,
    });
  }
  if (!isWrite) {
    const townshipQuery = op.params.find((p) => p.in === 'query' && p.name === 'township');
    add({
      kind: 'township',
      label: townshipQuery ? 'T01 caseworker lists with township=T02' : 'T01 caseworker reads',
      path: withQuery(buildPath(op, ctx.seeds, ctx.fixed), [...requiredQuery(op), ...(townshipQuery ? ['township=T02'] : [])]),
      headers: bearer(cw),
      expect: seededParams.length ? 'hidden' : 'not-5xx',
      mustNotContain: ctx.t02Ids,
    });
  }
  if (objectBody && base && typeof base === 'object' && 'township' in (base as object)) {
    add({
      kind: 'township',
      label: 'T01 caseworker writes with township T02 in the body',
      headers: json(cw),
      body: JSON.stringify({ ...(base as object), township: 'T02' }),
      expect: '4xx',
    });
  }
  return out;
}

/** After the content writes: read every GET operation back (HTML must escape the stored script tags). */
export function rereadCases(ops: Operation[], ctx: Context): Case[] {
  return ops
    .filter((op) => op.method === 'GET' && !op.isPublic)
    .map((op) => ({
      app: ctx.app,
      port: ctx.port,
      op: `${op.method} ${op.path}`,
      method: 'GET',
      path: withQuery(buildPath(op, ctx.seeds, ctx.fixed), requiredQuery(op)),
      kind: 'reread',
      label: 're-read after the content writes',
      phase: 'deep' as const,
      headers: { authorization: `Bearer ${ctx.tokens.admin}` },
      expect: 'not-5xx' as const,
      isWrite: false,
    }));
}

/** Per app, once: routes and URLs that are not in the document. */
export function appCases(ctx: Context, prefix = '/api/v1'): Case[] {
  const c = (label: string, method: string, path: string, expect: Expect, transportLevel = false, headers: Record<string, string> = { authorization: `Bearer ${ctx.tokens.admin}` }): Case => ({
    app: ctx.app,
    port: ctx.port,
    op: `${method} (app)`,
    method,
    path,
    kind: 'routing',
    label,
    phase: 'strict',
    headers,
    expect,
    transportLevel,
    isWrite: method !== 'GET',
  });
  return [
    c('unknown route', 'GET', `${prefix}/no-such-thing`, '4xx'),
    c('unknown route without token', 'GET', `${prefix}/no-such-thing`, '4xx', false, {}),
    c('unknown method on a route', 'DELETE', `${prefix}/no-such-thing/x`, '4xx'),
    c('URL of 100,000 characters', 'GET', `${prefix}/${'u'.repeat(100_000)}`, '4xx', true),
    c('header of 20,000 characters', 'GET', `${prefix}/x`, '4xx', true, { authorization: `Bearer ${'h'.repeat(20_000)}` }),
  ];
}
