import { BENEFICIARY_STEP_ROLES, CAMPAIGN_READ_ROLES, CAMPAIGN_ROLES, STANDARD_RAISE_READ_ROLES } from '../cases/beneficiary';
import { CASE_READ_ROLES, CASE_STEP_ROLES, CASE_SUBMIT_ROLES } from '../cases/case-messages';
import { ROLES, Role } from '../roles';

/**
 * Who may call which operation: the one table the services' auth guard enforces (`libs/platform` AuthGuard looks a
 * request's route up here) and the authorization test walks through (every operation × role × own/other township,
 * apps/e2e/src/authorization.e2e.spec.ts). An operation of an OpenAPI document missing from this table fails that
 * test, and a route missing from it is refused at run time: a new endpoint cannot ship unreviewed.
 *
 * `admin` may call everything (the county's system administrator) and is not listed.
 *
 * `township` says what a township-bound role (caseworker, township reviewer) may reach:
 * - `record`: the operation acts on one record (a household, a case, an order...). The township is the record's own,
 *   never the request's: a township role gets 403 or 404 for another township's record, and nothing changes.
 * - `create`: the operation makes a record for a household or township named in the body. The township comes from
 *   the household (or the named township is checked against the caller's); another township's is refused.
 * - `list`: a list or report; a township role sees only its own township, whatever filter it sends.
 * - `county`: county-wide data that is not any township's (standards, the fund, inspection groups, townships).
 */
export type TownshipRule = 'record' | 'create' | 'list' | 'county';

export interface Permission {
  /** The roles allowed besides admin. `ALL_ROLES`: any authenticated caller. */
  roles: readonly Role[];
  township: TownshipRule;
}

export type ServiceWithApi = 'households' | 'payments' | 'inspections' | 'case-api';

/** `METHOD /api/v1/path/{param}` exactly as the service's OpenAPI document spells the path. */
export type OperationKey = `${'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} /api/v1/${string}`;

export const ALL_ROLES: readonly Role[] = ROLES;

/** Staff who work cases at the township and county (they see resident ids in full). */
const CASE_STAFF: readonly Role[] = ['caseworker', 'township_reviewer', 'county_approver'];
const PAYMENT_READERS: readonly Role[] = ['finance', 'county_approver', 'supervisor', 'caseworker', 'township_reviewer'];
const FINANCE_READERS: readonly Role[] = ['finance', 'county_approver', 'supervisor'];
const INSPECTION_READERS: readonly Role[] = ['inspector', 'supervisor'];
const ORDER_READERS: readonly Role[] = ['inspector', 'supervisor', 'caseworker', 'township_reviewer'];
const SUPERVISION_READERS: readonly Role[] = ['supervisor', 'county_approver', 'inspector'];

const p = (roles: readonly Role[], township: TownshipRule): Permission => ({ roles, township });

export const AUTHORIZATION_MATRIX: Readonly<Record<ServiceWithApi, Readonly<Record<OperationKey, Permission>>>> = {
  households: {
    'POST /api/v1/households': p(['caseworker'], 'create'),
    // Read by every role: payments, inspections and supervision look households up; identifiers are masked for roles
    // outside ROLES_SEEING_IDENTIFIERS, and township roles see only their own township.
    'GET /api/v1/households': p(ALL_ROLES, 'list'),
    'POST /api/v1/households/lookup': p([...CASE_STAFF, 'system'], 'list'),
    'GET /api/v1/households/{id}': p(ALL_ROLES, 'record'),
    'PATCH /api/v1/households/{id}': p(['caseworker'], 'record'),
    'GET /api/v1/households/{id}/history': p(ALL_ROLES, 'record'),
    'POST /api/v1/households/{id}/members': p(['caseworker'], 'record'),
    'PATCH /api/v1/households/{id}/members/{memberId}': p(['caseworker'], 'record'),
    'POST /api/v1/households/{id}/members/{memberId}/removal': p(['caseworker'], 'record'),
    'GET /api/v1/households/{id}/incomes': p(ALL_ROLES, 'record'),
    'POST /api/v1/households/{id}/incomes': p(['caseworker'], 'record'),
    'POST /api/v1/households/{id}/deductions': p(['caseworker'], 'record'),
    'POST /api/v1/households/{id}/incomes/{itemId}/removal': p(['caseworker'], 'record'),
    'POST /api/v1/households/{id}/assets': p(['caseworker'], 'record'),
    'POST /api/v1/households/{id}/assets/{assetId}/removal': p(['caseworker'], 'record'),
    'GET /api/v1/households/{id}/payee': p(ALL_ROLES, 'record'),
    'PUT /api/v1/households/{id}/payee': p(['caseworker'], 'record'),
    'POST /api/v1/households/import': p(['caseworker'], 'create'),
    'GET /api/v1/public-listing': p(ALL_ROLES, 'list'),
    'GET /api/v1/public-listing.html': p(ALL_ROLES, 'list'),
  },
  payments: {
    'GET /api/v1/batches': p(PAYMENT_READERS, 'list'),
    'GET /api/v1/batches/{id}': p(PAYMENT_READERS, 'record'),
    'GET /api/v1/batches/{id}/payments': p(PAYMENT_READERS, 'record'),
    'GET /api/v1/batches/{id}/history': p(PAYMENT_READERS, 'record'),
    'POST /api/v1/batches/late-sweep': p(['finance', 'supervisor'], 'county'),
    'POST /api/v1/batches/{id}/approve': p(['county_approver'], 'county'),
    'POST /api/v1/batches/{id}/release': p(['finance'], 'county'),
    'POST /api/v1/batches/{id}/returns': p(['finance'], 'county'),
    'GET /api/v1/enrolments': p(PAYMENT_READERS, 'list'),
    'GET /api/v1/enrolments/{id}': p(PAYMENT_READERS, 'record'),
    'GET /api/v1/enrolments/{id}/history': p(PAYMENT_READERS, 'record'),
    'POST /api/v1/enrolments/{id}/changes': p(['county_approver', 'system'], 'county'),
    'POST /api/v1/enrolment-imports': p(['county_approver'], 'county'),
    'GET /api/v1/fund/accounts': p(FINANCE_READERS, 'county'),
    'GET /api/v1/fund/accounts/{code}/entries': p(['finance', 'supervisor'], 'county'),
    'POST /api/v1/fund/appropriations': p(['finance'], 'county'),
    'POST /api/v1/payroll-runs': p(['finance'], 'county'),
    'GET /api/v1/payroll-runs': p(FINANCE_READERS, 'county'),
    'GET /api/v1/payroll-runs/{id}': p(FINANCE_READERS, 'county'),
    'GET /api/v1/reports/periods/{period}': p(FINANCE_READERS, 'county'),
    'GET /api/v1/standards': p(FINANCE_READERS, 'county'),
    'GET /api/v1/overpayments': p(PAYMENT_READERS, 'list'),
    'GET /api/v1/overpayments/{id}': p(PAYMENT_READERS, 'record'),
    // C art. 68: finance records the money repaid into the fund account; the county approver the fine it decided.
    'POST /api/v1/overpayments/{id}/recoveries': p(['finance'], 'county'),
    'POST /api/v1/overpayments/{id}/fines': p(['county_approver'], 'county'),
    'POST /api/v1/standards': p(['county_approver'], 'county'),
  },
  inspections: {
    'GET /api/v1/campaigns': p(INSPECTION_READERS, 'county'),
    'POST /api/v1/campaigns': p(['supervisor'], 'county'),
    'GET /api/v1/campaigns/{id}': p(INSPECTION_READERS, 'county'),
    'GET /api/v1/campaigns/{id}/plan': p(INSPECTION_READERS, 'county'),
    'PUT /api/v1/campaigns/{id}/plan/{township}': p(['supervisor'], 'county'),
    'GET /api/v1/groups': p(INSPECTION_READERS, 'county'),
    'GET /api/v1/groups/{id}': p(INSPECTION_READERS, 'county'),
    'POST /api/v1/groups': p(['supervisor'], 'county'),
    'PUT /api/v1/groups/{id}/members': p(['supervisor'], 'county'),
    'DELETE /api/v1/groups/{id}/members/{inspectorId}': p(['supervisor'], 'county'),
    'POST /api/v1/findings/{id}/orders': p(['inspector'], 'county'),
    'GET /api/v1/orders': p(ORDER_READERS, 'list'),
    'GET /api/v1/orders/{id}': p(ORDER_READERS, 'record'),
    'GET /api/v1/orders/{id}/history': p(ORDER_READERS, 'record'),
    'POST /api/v1/orders/{id}/response': p(['caseworker', 'township_reviewer'], 'record'),
    'POST /api/v1/orders/{id}/verification': p(['inspector'], 'county'),
    'POST /api/v1/orders/overdue-sweep': p(['supervisor'], 'county'),
    'GET /api/v1/campaigns/{id}/scorecards': p(INSPECTION_READERS, 'county'),
    'GET /api/v1/campaigns/{id}/scorecards/{township}': p(ORDER_READERS, 'record'),
    'GET /api/v1/campaigns/{id}/report': p(INSPECTION_READERS, 'county'),
    'GET /api/v1/campaigns/{id}/report.html': p(INSPECTION_READERS, 'county'),
    'GET /api/v1/campaigns/{id}/spot-checks': p(INSPECTION_READERS, 'county'),
    'GET /api/v1/campaigns/{id}/spot-checks/{township}': p(INSPECTION_READERS, 'county'),
    'POST /api/v1/campaigns/{id}/spot-checks/{township}/worklist': p(INSPECTION_READERS, 'county'),
    // Reference data every service and client reads; only the administrator changes it.
    'GET /api/v1/townships': p(ALL_ROLES, 'county'),
    'GET /api/v1/townships/{code}': p(ALL_ROLES, 'county'),
    'POST /api/v1/townships': p([], 'county'),
    'PATCH /api/v1/townships/{code}': p([], 'county'),
    'POST /api/v1/visits': p(['inspector'], 'county'),
    'POST /api/v1/visits/{id}/findings': p(['inspector'], 'county'),
    'GET /api/v1/visits/{id}': p(INSPECTION_READERS, 'county'),
    'GET /api/v1/campaigns/{id}/visits': p(INSPECTION_READERS, 'county'),
  },
  'case-api': {
    'GET /api/v1/beneficiaries': p(CASE_READ_ROLES, 'list'),
    'GET /api/v1/beneficiaries/{householdId}': p(CASE_READ_ROLES, 'record'),
    'GET /api/v1/beneficiaries/{householdId}/history': p(CASE_READ_ROLES, 'record'),
    'POST /api/v1/beneficiaries/{householdId}/changes': p(BENEFICIARY_STEP_ROLES.reportChange, 'record'),
    'POST /api/v1/beneficiaries/{householdId}/reviews': p(BENEFICIARY_STEP_ROLES.recordReview, 'record'),
    'POST /api/v1/beneficiaries/{householdId}/resumption': p(BENEFICIARY_STEP_ROLES.resume, 'record'),
    'POST /api/v1/beneficiaries/{householdId}/reappraisal': p(BENEFICIARY_STEP_ROLES.recordReappraisal, 'record'),
    'POST /api/v1/beneficiaries/{householdId}/job-offers': p(BENEFICIARY_STEP_ROLES.recordJobOffer, 'record'),
    'POST /api/v1/beneficiaries/{householdId}/standard': p(BENEFICIARY_STEP_ROLES.applyStandard, 'record'),
    'POST /api/v1/review-campaigns': p([...CAMPAIGN_ROLES, 'township_reviewer'], 'create'),
    'GET /api/v1/review-campaigns/{campaignKey}': p(CAMPAIGN_READ_ROLES, 'record'),
    'GET /api/v1/standard-raises/{raiseId}': p(STANDARD_RAISE_READ_ROLES, 'county'),
    'POST /api/v1/cases': p(CASE_SUBMIT_ROLES, 'create'),
    'GET /api/v1/cases': p(CASE_READ_ROLES, 'list'),
    'GET /api/v1/cases/{caseId}': p(CASE_READ_ROLES, 'record'),
    'GET /api/v1/cases/{caseId}/history': p(CASE_READ_ROLES, 'record'),
    'POST /api/v1/cases/{caseId}/acceptance': p(CASE_STEP_ROLES.acceptApplication, 'record'),
    'POST /api/v1/cases/{caseId}/return': p(CASE_STEP_ROLES.returnApplication, 'record'),
    'POST /api/v1/cases/{caseId}/investigation/start': p(CASE_STEP_ROLES.startInvestigation, 'record'),
    'POST /api/v1/cases/{caseId}/data-check/start': p(CASE_STEP_ROLES.startDataCheck, 'record'),
    'POST /api/v1/cases/{caseId}/investigation': p(CASE_STEP_ROLES.recordInvestigation, 'record'),
    'POST /api/v1/cases/{caseId}/data-check/contest': p(CASE_STEP_ROLES.contestDataCheck, 'record'),
    'POST /api/v1/cases/{caseId}/data-check/recheck': p(CASE_STEP_ROLES.recordRecheck, 'record'),
    'POST /api/v1/cases/{caseId}/investigation/conclusion': p(CASE_STEP_ROLES.concludeInvestigation, 'record'),
    'POST /api/v1/cases/{caseId}/appraisal': p(CASE_STEP_ROLES.recordAppraisal, 'record'),
    'POST /api/v1/cases/{caseId}/objections': p(CASE_STEP_ROLES.fileObjection, 'record'),
    'POST /api/v1/cases/{caseId}/objections/{objectionId}/resolution': p(CASE_STEP_ROLES.resolveObjection, 'record'),
    'POST /api/v1/cases/{caseId}/township-review': p(CASE_STEP_ROLES.townshipReview, 'record'),
    'POST /api/v1/cases/{caseId}/household-visit': p(CASE_STEP_ROLES.recordHouseholdVisit, 'record'),
    'POST /api/v1/cases/{caseId}/county-decision': p(CASE_STEP_ROLES.countyDecision, 'record'),
    'POST /api/v1/cases/{caseId}/withdrawal': p(CASE_STEP_ROLES.withdraw, 'record'),
    'POST /api/v1/cases/{caseId}/deadline-extension': p(CASE_STEP_ROLES.extendDeadline, 'record'),
    'GET /api/v1/reports/work-report': p(['supervisor'], 'county'),
    'GET /api/v1/reports/work-report.html': p(['supervisor'], 'county'),
    'GET /api/v1/reports/work-report.pdf': p(['supervisor'], 'county'),
    'GET /api/v1/supervision/overview': p(SUPERVISION_READERS, 'county'),
    'GET /api/v1/supervision/townships/{township}/cases': p(SUPERVISION_READERS, 'county'),
    'GET /api/v1/supervision/workload': p(SUPERVISION_READERS, 'county'),
    'GET /api/v1/supervision/stage-times': p(SUPERVISION_READERS, 'county'),
    'GET /api/v1/supervision/alerts': p(SUPERVISION_READERS, 'county'),
  },
};

export interface MatchedOperation {
  service: ServiceWithApi;
  key: OperationKey;
  permission: Permission;
}

const index = new Map<string, MatchedOperation>();
for (const [service, ops] of Object.entries(AUTHORIZATION_MATRIX) as [ServiceWithApi, Record<OperationKey, Permission>][]) {
  for (const [key, permission] of Object.entries(ops) as [OperationKey, Permission][]) {
    if (index.has(key)) throw new Error(`authorization matrix: ${key} is listed for both ${index.get(key)!.service} and ${service}`);
    index.set(key, { service, key, permission });
  }
}

/**
 * The entry for a route, from its method and path template in either spelling (`/api/v1/cases/{caseId}` as in the
 * OpenAPI document, or `/api/v1/cases/:caseId` as Express reports it).
 */
export function permissionFor(method: string, pathTemplate: string): MatchedOperation | undefined {
  const path = pathTemplate.replace(/:(\w+)/g, '{$1}').replace(/\/$/, '');
  return index.get(`${method.toUpperCase()} ${path}`);
}

/** Whether the role may call the operation (admin always may). */
export function roleMayCall(permission: Permission, role: Role): boolean {
  return role === 'admin' || permission.roles.includes(role);
}
