import fc from 'fast-check';
import { exampleOf, fieldName, fieldsOf, Schema, typeOf } from '../hostile/openapi';

/**
 * fast-check arbitraries built from an operation's OpenAPI request schema:
 * - `validBody`: values the document says are fine (types, enums, lengths, ranges, array sizes, formats; a field
 *   with a pattern keeps its documented example, a regex is not inverted);
 * - `invalidBody`: a valid body with exactly one thing the document forbids (a required field missing, a wrong type,
 *   a string too long, a number out of range or not an integer, a value outside the enum, too many or too few
 *   items, a field the document does not have). The mutation is described so a failure names it.
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function stringArb(s: Schema, name: string): fc.Arbitrary<string> {
  if (Array.isArray(s['enum'])) return fc.constantFrom(...(s['enum'] as string[]));
  if (s['pattern'] || s['format'] === 'date' || s['format'] === 'date-time' || s['format'] === 'uuid' || /id$/i.test(name)) {
    // Shapes the generator cannot invent safely: the documented example (or one of the right format).
    return fc.constant(String(exampleOf(s, name)));
  }
  const min = typeof s['minLength'] === 'number' ? s['minLength'] : 1;
  const max = typeof s['maxLength'] === 'number' ? Math.min(s['maxLength'], 200) : 40;
  // Text a caseworker types: Chinese, Latin, digits, punctuation, and the odd emoji; never only blanks.
  const char = fc.oneof(
    fc.constantFrom(...'低保审核村民代表评议公示乡镇街道王李张刘陈杨赵黄周吴'.split('')),
    fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCXYZ0123456789'.split('')),
    fc.constantFrom(' ', '-', '_', '.', ',', '，', '。', '（', '）', '😀'),
  );
  return fc
    .array(char, { minLength: Math.max(1, min), maxLength: Math.max(Math.max(1, min), max) })
    .map((cs) => cs.join(''))
    .filter((x) => x.trim().length > 0 && [...x].length <= max);
}

function numberArb(s: Schema): fc.Arbitrary<number> {
  if (Array.isArray(s['enum'])) return fc.constantFrom(...(s['enum'] as number[]));
  const min = typeof s['minimum'] === 'number' ? s['minimum'] : 0;
  const max = typeof s['maximum'] === 'number' ? s['maximum'] : Math.max(min + 1_000_000, min);
  return s['type'] === 'integer' ? fc.integer({ min: Math.ceil(min), max: Math.floor(Math.min(max, Number.MAX_SAFE_INTEGER)) }) : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

export function validValue(s: Schema, name = '', depth = 0): fc.Arbitrary<unknown> {
  if (s['example'] !== undefined && (depth > 2 || s['pattern'])) return fc.constant(s['example']);
  switch (typeOf(s)) {
    case 'object': {
      const props = Object.entries<Schema>(s['properties'] ?? {});
      if (props.length === 0) return fc.constant(exampleOf(s, name));
      const required: string[] = s['required'] ?? [];
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of props) model[k] = validValue(v, k, depth + 1);
      return fc.record(model, { requiredKeys: required.filter((k) => k in model) });
    }
    case 'array': {
      const min = typeof s['minItems'] === 'number' ? s['minItems'] : 0;
      const max = typeof s['maxItems'] === 'number' ? Math.min(s['maxItems'], min + 3) : min + 3;
      return fc.array(validValue(s['items'] ?? {}, name, depth + 1), { minLength: min, maxLength: max });
    }
    case 'number':
      return numberArb(s);
    case 'boolean':
      return fc.boolean();
    default:
      return stringArb(s, name);
  }
}

export interface Mutation {
  body: unknown;
  /** e.g. "members[0].name: 201 characters (maxLength 200)" */
  what: string;
  /** The field a 400 should name, when the mutation is about one field. */
  field?: string;
}

/** One violation of the document applied to a valid body. */
export function invalidBody(schema: Schema): fc.Arbitrary<Mutation> {
  const fields = fieldsOf(schema).filter((f) => typeof f.path[f.path.length - 1] === 'string');
  return fc.tuple(validValue(schema) as fc.Arbitrary<Record<string, unknown>>, fc.nat(), fc.nat()).map(([valid, pick, variant]) => {
    const candidates: Mutation[] = [];
    const set = (path: (string | number)[], value: unknown) => withAt(valid, path, value);
    candidates.push({ body: { ...valid, fuzzUnknownField: 'x' }, what: 'a field the document does not have', field: 'fuzzUnknownField' });
    for (const f of fields) {
      const name = fieldName(f.path);
      // Only fields that exist in this valid body (or are required) can be mutated meaningfully.
      const t = typeOf(f.schema);
      if (f.required && f.path.length === 1) candidates.push({ body: without(valid, f.path[0] as string), what: `${name} missing (required)`, field: name });
      if (t === 'string' && !Array.isArray(f.schema['enum'])) {
        candidates.push({ body: set(f.path, 12345), what: `${name}: a number instead of a string`, field: name });
        if (typeof f.schema['maxLength'] === 'number') {
          candidates.push({ body: set(f.path, '长'.repeat(f.schema['maxLength'] + 1)), what: `${name}: ${f.schema['maxLength'] + 1} characters (maxLength ${f.schema['maxLength']})`, field: name });
        }
        if (f.schema['format'] === 'date' || DATE.test(String(f.schema['example'] ?? ''))) {
          candidates.push({ body: set(f.path, '2026-02-30'), what: `${name}: 2026-02-30 is no calendar date`, field: name });
        }
      }
      if (Array.isArray(f.schema['enum'])) candidates.push({ body: set(f.path, 'not-one-of-them'), what: `${name}: outside its enum`, field: name });
      if (t === 'number') {
        candidates.push({ body: set(f.path, 'ten'), what: `${name}: a string instead of a number`, field: name });
        if (typeof f.schema['minimum'] === 'number') candidates.push({ body: set(f.path, f.schema['minimum'] - 1), what: `${name}: below its minimum ${f.schema['minimum']}`, field: name });
        if (typeof f.schema['maximum'] === 'number') candidates.push({ body: set(f.path, f.schema['maximum'] + 1), what: `${name}: above its maximum ${f.schema['maximum']}`, field: name });
        if (f.schema['type'] === 'integer') candidates.push({ body: set(f.path, 1.5), what: `${name}: 1.5 is not an integer`, field: name });
      }
      if (t === 'boolean') candidates.push({ body: set(f.path, 'yes'), what: `${name}: a string instead of a boolean`, field: name });
      if (t === 'array') {
        candidates.push({ body: set(f.path, { not: 'an array' }), what: `${name}: an object instead of an array`, field: name });
        if (typeof f.schema['maxItems'] === 'number' && f.schema['maxItems'] < 1000) {
          const item = exampleOf(f.schema['items'] ?? {}, name);
          candidates.push({ body: set(f.path, Array.from({ length: f.schema['maxItems'] + 1 }, () => item)), what: `${name}: ${f.schema['maxItems'] + 1} items (maxItems ${f.schema['maxItems']})`, field: name });
        }
        if (typeof f.schema['minItems'] === 'number' && f.schema['minItems'] > 0 && f.path.length === 1) {
          candidates.push({ body: set(f.path, []), what: `${name}: empty (minItems ${f.schema['minItems']})`, field: name });
        }
      }
      if (t === 'object' && f.path.length === 1) candidates.push({ body: set(f.path, 'a string'), what: `${name}: a string instead of an object`, field: name });
    }
    return candidates[(pick + variant) % candidates.length]!;
  });
}

function without(obj: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _gone, ...rest } = obj;
  void _gone;
  return rest;
}

function withAt(obj: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(obj ?? {}));
  let cur = copy;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i]!;
    if (cur[k] === undefined || cur[k] === null || typeof cur[k] !== 'object') cur[k] = typeof path[i + 1] === 'number' ? [] : {};
    cur = cur[k];
  }
  cur[path[path.length - 1]!] = value;
  return copy;
}
