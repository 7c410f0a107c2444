import { isLocalDate } from '@dibao/domain';
import { z } from 'zod';

/**
 * The pieces the step schemas are built from, the documentation they carry into OpenAPI, and the one translation
 * of a zod issue into a `field` / `rule` / `message` problem. case-api answers its 400s with these problems and the
 * workflows refuse with the first of them, so a refusal names the same field and rule at the edge and in the case.
 */

/** What OpenAPI shows of a field beyond its type and limits. */
export interface FieldDoc {
  description?: string;
  example?: unknown;
  /** OpenAPI `format` (e.g. `date`). */
  format?: string;
  /** OpenAPI `pattern`, for a rule written as a refinement. */
  pattern?: string;
}

const DOCS = new WeakMap<z.ZodTypeAny, FieldDoc>();

/** The schema with its documentation (description, example) attached. */
export function documented<T extends z.ZodTypeAny>(schema: T, doc: FieldDoc): T {
  const described = (doc.description ? schema.describe(doc.description) : schema) as T;
  DOCS.set(described, { ...DOCS.get(schema), ...doc });
  return described;
}

/** The documentation attached to this very schema (not to the schemas it wraps). */
export function fieldDocOf(schema: z.ZodTypeAny): FieldDoc | undefined {
  return DOCS.get(schema);
}

const NOT_BLANK = /\S/;
export const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';

/** Required text of 1 to `max` characters with a non-space character (a name of only spaces is no name). */
export function text(max: number, doc: FieldDoc = {}) {
  return documented(
    z
      .string()
      .max(max)
      .refine((s) => NOT_BLANK.test(s), { message: 'must contain a non-space character', params: { rule: 'isNotEmpty' } }),
    doc,
  );
}

/** Free text up to `max` characters; may be empty. */
export function note(max: number, doc: FieldDoc = {}) {
  return documented(z.string().max(max), doc);
}

/** A real calendar date YYYY-MM-DD (2026-02-30 is refused). */
export function date(doc: FieldDoc = {}) {
  return documented(
    z.string().refine((s) => isLocalDate(s), { message: 'must be a real calendar date YYYY-MM-DD', params: { rule: 'isDate' } }),
    { format: 'date', pattern: DATE_PATTERN, ...doc },
  );
}

/** A whole number from `min` to `max`. */
export function int(min: number, max: number, doc: FieldDoc = {}) {
  return documented(z.number().int().min(min).max(max), doc);
}

/** One of the values. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T, doc: FieldDoc = {}) {
  return documented(z.enum(values as unknown as [T[number], ...T[number][]]), doc);
}

/** A list of `min` to `max` items. */
export function list<T extends z.ZodTypeAny>(item: T, min: number, max: number, doc: FieldDoc = {}) {
  return documented(z.array(item).min(min).max(max), doc);
}

/** A custom problem inside a superRefine, named by its rule. */
export function problem(ctx: z.RefinementCtx, path: (string | number)[], rule: string, message: string): void {
  ctx.addIssue({ code: z.ZodIssueCode.custom, path, message, params: { rule } });
}

/** One field-level problem: which field, which rule, in words (the shape of platform's FieldProblem). */
export interface SchemaProblem {
  field: string;
  rule: string;
  message: string;
}

export function fieldPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : String(p)), '');
}

const TYPE_RULES: Record<string, string> = {
  string: 'isString',
  number: 'isNumber',
  integer: 'isInt',
  float: 'isInt',
  boolean: 'isBoolean',
  array: 'isArray',
  object: 'isObject',
};

/** A zod issue as problems (an unknown-keys issue names each key). */
function problemsOfIssue(issue: z.ZodIssue): SchemaProblem[] {
  const field = fieldPath(issue.path) || '(body)';
  const at = (rule: string, message: string): SchemaProblem[] => [{ field, rule, message: `${field} ${message}` }];
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const f = fieldPath([...issue.path, key]);
        return { field: f, rule: 'whitelistValidation', message: `${f} is not an allowed field` };
      });
    case 'invalid_type':
      if (issue.received === 'undefined') return at('required', 'is required');
      if (issue.expected === 'integer') return at('isInt', 'must be a whole number');
      return at(TYPE_RULES[issue.expected] ?? 'isType', `must be ${issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'an object' : `a ${issue.expected}`}`);
    case 'invalid_enum_value':
      return at('isIn', `must be one of ${issue.options.join(', ')}`);
    case 'invalid_union_discriminator':
      return at('isIn', `must be one of ${issue.options.map(String).join(', ')}`);
    case 'invalid_literal':
      return at('isIn', `must be ${String(issue.expected)}`);
    case 'too_small':
      if (issue.type === 'string') return issue.minimum === 1 ? at('isNotEmpty', 'must not be empty') : at('minLength', `must have at least ${issue.minimum} characters`);
      if (issue.type === 'array') return at('arrayMinSize', `must list at least ${issue.minimum}`);
      return at('min', `must not be less than ${issue.minimum}`);
    case 'too_big':
      if (issue.type === 'string') return at('maxLength', `must have at most ${issue.maximum} characters`);
      if (issue.type === 'array') return at('arrayMaxSize', `must list at most ${issue.maximum}`);
      return at('max', `must not be greater than ${issue.maximum}`);
    case 'not_finite':
      return at('isNumber', 'must be a finite number');
    case 'invalid_string':
      return at('matches', issue.message);
    case 'custom':
      return at(typeof issue.params?.['rule'] === 'string' ? issue.params['rule'] : 'invalid', issue.message);
    default:
      return at('invalid', issue.message);
  }
}

/** Every problem of `value` against `schema`, in the schema's order (empty: valid). */
export function schemaProblems(schema: z.ZodTypeAny, value: unknown, limit = 100): SchemaProblem[] {
  const result = schema.safeParse(value);
  if (result.success) return [];
  return result.error.issues.flatMap(problemsOfIssue).slice(0, limit);
}
