/** Who may act. Township roles carry the township they belong to and never see another township's data. */
export const ROLES = [
  'caseworker',
  'township_reviewer',
  'county_approver',
  'supervisor',
  'inspector',
  'finance',
  'admin',
  'system',
] as const;

export type Role = (typeof ROLES)[number];

/** Roles bound to one township (their token carries a `township` claim). */
export const TOWNSHIP_ROLES: readonly Role[] = ['caseworker', 'township_reviewer'];

/** Roles that may see full resident ID and account numbers; everyone else sees them masked. */
export const ROLES_SEEING_IDENTIFIERS: readonly Role[] = ['caseworker', 'township_reviewer', 'county_approver', 'admin', 'system'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isTownshipRole(role: Role): boolean {
  return TOWNSHIP_ROLES.includes(role);
}

/** The actor of a state change, recorded with every change and carried in every event. */
export interface Actor {
  /** Subject of the token (a staff account id), or a service name for `system`. */
  id: string;
  role: Role;
  township?: string;
  /** The person's display name, when the identity provider's token carries one (kept with the id in the audit). */
  name?: string;
}
