/**
 * Reads an app's OpenAPI document into a flat list of operations with `$ref`s resolved, and builds example
 * values from schemas (the documented example when there is one, else something of the right type).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Schema = Record<string, any>;

export interface Param {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  app: string;
  method: string;
  /** Template, e.g. /api/v1/households/{id} */
  path: string;
  params: Param[];
  /** content type → resolved schema */
  body?: Record<string, Schema>;
  bodyRequired: boolean;
  /** A route that needs no token (health, docs). */
  isPublic: boolean;
}

export function resolveRefs(schema: Schema | undefined, doc: Schema, seen: string[] = []): Schema {
  if (!schema || typeof schema !== 'object') return schema ?? {};
  if (typeof schema['$ref'] === 'string') {
    const ref = schema['$ref'] as string;
    if (seen.includes(ref)) return { type: 'object' };
    const target = ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<Schema | undefined>((o, k) => (o ? o[k] : undefined), doc);
    return resolveRefs(target, doc, [...seen, ref]);
  }
  const out: Schema = Array.isArray(schema) ? [] : {};
  for (const [k, v] of Object.entries(schema)) {
    out[k] = v && typeof v === 'object' ? resolveRefs(v as Schema, doc, seen) : v;
  }
  // `allOf: [X]` (nestjs/swagger's way of documenting a nested DTO with a description) → X.
  if (Array.isArray(out['allOf']) && out['allOf'].length === 1) {
    const { allOf, ...rest } = out;
    return { ...rest, ...(allOf[0] as Schema) };
  }
  return out;
}

export function operationsOf(app: string, doc: Schema): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<Schema>(doc['paths'] ?? {})) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const op = item[method] as Schema | undefined;
      if (!op) continue;
      const params: Param[] = ((op['parameters'] ?? []) as Schema[]).map((p) => {
        const r = resolveRefs(p, doc);
        return { name: r['name'], in: r['in'], required: !!r['required'], schema: resolveRefs(r['schema'] ?? {}, doc) };
      });
      let body: Record<string, Schema> | undefined;
      const rb = op['requestBody'] ? resolveRefs(op['requestBody'], doc) : undefined;
      if (rb?.['content']) {
        body = {};
        for (const [ct, c] of Object.entries<Schema>(rb['content'])) body[ct] = resolveRefs(c['schema'] ?? {}, doc);
      }
      ops.push({
        app,
        method: method.toUpperCase(),
        path,
        params,
        body,
        bodyRequired: !!rb?.['required'] || !!body,
        // The platform serves everything outside /api/v1 (health, docs) without a token.
        isPublic: !path.startsWith('/api/v1/'),
      });
    }
  }
  return ops;
}

export type JsonType = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'null';

export function typeOf(schema: Schema): JsonType {
  const t = schema['type'];
  if (t === 'integer') return 'number';
  if (t === 'string' || t === 'number' || t === 'boolean' || t === 'object' || t === 'array') return t;
  if (schema['properties']) return 'object';
  if (schema['items']) return 'array';
  if (schema['enum']) return typeof schema['enum'][0] === 'number' ? 'number' : 'string';
  return 'string';
}

/** A value the schema documents as fine (example, enum, default), else one of the right type. */
export function exampleOf(schema: Schema, name = ''): unknown {
  if (schema['example'] !== undefined) return schema['example'];
  if (Array.isArray(schema['enum'])) return schema['enum'].find((v: unknown) => v !== null) ?? schema['enum'][0];
  if (schema['default'] !== undefined) return schema['default'];
  switch (typeOf(schema)) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries<Schema>(schema['properties'] ?? {})) out[k] = exampleOf(v, k);
      return out;
    }
    case 'array':
      return [exampleOf(schema['items'] ?? {}, name)];
    case 'number':
      return schema['minimum'] ?? 1;
    case 'boolean':
      return false;
    default:
      if (schema['format'] === 'uuid' || /id$/i.test(name)) return '00000000-0000-4000-8000-000000000000';
      if (schema['format'] === 'date') return '2026-12-01';
      return 'x';
  }
}

/** Every property of an object schema, one level into nested objects and arrays of objects: [path, schema, required]. */
export function fieldsOf(schema: Schema, prefix: (string | number)[] = [], depth = 0): { path: (string | number)[]; schema: Schema; required: boolean }[] {
  const out: { path: (string | number)[]; schema: Schema; required: boolean }[] = [];
  const required: string[] = schema['required'] ?? [];
  for (const [k, v] of Object.entries<Schema>(schema['properties'] ?? {})) {
    const path = [...prefix, k];
    out.push({ path, schema: v, required: required.includes(k) });
    if (depth < 1) {
      if (typeOf(v) === 'object' && v['properties']) out.push(...fieldsOf(v, path, depth + 1));
      if (typeOf(v) === 'array' && v['items']?.['properties']) out.push(...fieldsOf(v['items'], [...path, 0], depth + 1));
    }
  }
  return out;
}

export function fieldName(path: (string | number)[]): string {
  return path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p), '');
}

/** A deep copy of `obj` with the value at `path` replaced (or removed when `value` is REMOVE). */
export const REMOVE = Symbol('remove');
export function setAt(obj: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(obj ?? {}));
  let cur = copy;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i]!;
    if (cur[k] === undefined || cur[k] === null || typeof cur[k] !== 'object') cur[k] = typeof path[i + 1] === 'number' ? [] : {};
    cur = cur[k];
  }
  const last = path[path.length - 1]!;
  if (value === REMOVE) {
    if (Array.isArray(cur) && typeof last === 'number') cur.splice(last, 1);
    else delete cur[last];
  } else {
    cur[last] = value;
  }
  return copy;
}
