import type { EntityManager } from 'typeorm';
import type { FieldProblem } from '@dibao/platform';

/**
 * The county's townships, reference data in the registry's own table `township` (migration 1765300000000; the
 * foreign key from households is the backstop). Active codes only: an inactive township takes no new households.
 */
export async function activeTownships(m: EntityManager, codes?: string[]): Promise<Set<string>> {
  const rows: { code: string }[] = codes
    ? await m.query(`SELECT code FROM township WHERE active AND code = ANY($1::text[])`, [codes])
    : await m.query(`SELECT code FROM township WHERE active`);
  return new Set(rows.map((r) => r.code));
}

/** The field problem of a township the county does not have (or no longer uses), or undefined when it is known. */
export function unknownTownshipProblem(township: string, known: ReadonlySet<string>, field = 'township'): FieldProblem | undefined {
  if (known.has(township)) return undefined;
  return { field, rule: 'knownTownship', message: `${field} ${township} is not a township of the county` };
}
