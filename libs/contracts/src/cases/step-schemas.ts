import { z } from 'zod';
import { COUNTED_INCOME_CATEGORIES, EXEMPT_INCOME_CATEGORIES, IncomeCategory, MEMBER_EXCLUSION_REASONS, MemberExclusionReason } from '@dibao/domain';
import { date, documented, int, list, note, oneOf, problem, schemaProblems, SchemaProblem, text } from './schema-kit';

/**
 * One schema per step (issue 19). The contract types (case-messages.ts, beneficiary.ts, case-state.ts) are inferred
 * from these; case-api validates each request body and documents it in OpenAPI with them; the workflows' update
 * validators call `stepProblems`. Rules that need the case's state or today's date (not in the future, not before
 * the acceptance, an objection that exists, the appraisal's arithmetic) stay in the workflow.
 *
 * Rule names: required, isString, isNumber, isInt, isBoolean, isArray, isObject, isIn, isNotEmpty, maxLength,
 * arrayMinSize, arrayMaxSize, min, max, isDate, distinct, isMember, whitelistValidation (a field the step does not
 * have), plus the step's own (gradualExitOnly, refusalOnly).
 */

/** Ids given by callers and used in workflow ids and search attributes: 1–64 letters, digits, "_" or "-". */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const id = (doc: Parameters<typeof documented>[1]) =>
  documented(z.string().regex(ID_PATTERN, 'must be 1–64 letters, digits, "_" or "-"'), doc);

/** Largest amount of money in a step, fen (100 million yuan). */
const MAX_FEN = 10_000_000_000;
const fen = (doc: Parameters<typeof documented>[1] = {}) => int(0, MAX_FEN, doc);
/** Ballots and people at a village meeting. */
const count = (doc: Parameters<typeof documented>[1] = {}) => int(0, 100_000, doc);
const period = oneOf(['monthly', 'annual'], { example: 'monthly' });
const dataCheckResult = oneOf(['passed', 'failed'], { example: 'passed' });

// ---- household facts (an application's investigation, a beneficiary's review) -------------------------------

// One copy of each list: the categories and exclusions are libs/domain's (A arts. 7 and 13).
export const INCOME_CATEGORIES = [...COUNTED_INCOME_CATEGORIES, ...EXEMPT_INCOME_CATEGORIES] as unknown as readonly [IncomeCategory, ...IncomeCategory[]];
export const MEMBER_EXCLUSIONS = MEMBER_EXCLUSION_REASONS as unknown as readonly [MemberExclusionReason, ...MemberExclusionReason[]];

export const memberFactsSchema = z
  .object({
    id: text(64, { example: 'm1' }),
    name: text(100, { example: 'Zhang Wei' }).optional(),
    exclusion: oneOf(MEMBER_EXCLUSIONS, { description: 'Why the person is not counted as a member (A art. 7)' }).optional(),
    ableToWork: documented(z.boolean(), { example: true }),
    hasLegalSupporter: documented(z.boolean(), { example: false, description: 'Has a legal supporter able to support them' }),
    severelyDisabled: documented(z.boolean(), { example: false }).optional(),
    seriouslyIll: documented(z.boolean(), { example: false }).optional(),
  })
  .strict();

export const incomeFactsSchema = z
  .object({
    category: oneOf(INCOME_CATEGORIES, {
      example: 'wages',
      description: 'Counted (A art. 13): wages, business, property, transfer; the others are exempt (A art. 14)',
    }),
    amount: fen({ example: 10000, description: 'Gross amount for the period, integer fen' }),
    costs: fen({ example: 0, description: 'Job or earning costs for the same period, integer fen' }).optional(),
    period,
    memberId: documented(z.string().max(64), { example: 'm1', description: 'The member it belongs to (a listed member); absent for household income' }).optional(),
  })
  .strict();

export const deductionFactsSchema = z
  .object({
    kind: oneOf(['medical', 'disability'], { example: 'medical' }),
    amount: fen({ example: 3000 }),
    period,
    memberId: documented(z.string().max(64), { example: 'm1', description: 'A listed member' }).optional(),
  })
  .strict();

export const assetFactsSchema = z
  .object({
    financialAssetsFen: fen({ example: 0, description: 'Savings, securities and other financial assets of the household, integer fen' }),
    motorVehicles: int(0, 100, { example: 0 }),
    additionalDwellings: int(0, 100, { example: 0 }),
    notes: text(2000, { example: 'one dwelling, 60 m²' }).optional(),
  })
  .strict();

export const appraisalTallySchema = documented(
  z
    .object({
      attendees: count({ example: 15, description: 'Everyone who took part; villager representatives must be at least 2/3 of them (B art. 22)' }),
      villagerRepresentatives: count({ example: 10, description: 'Village (resident) representatives present' }),
      representativesTotal: count({ example: 12, description: 'All representatives of the village' }),
      approve: count({ example: 10 }),
      reject: count({ example: 3 }),
      abstain: count({ example: 1, description: 'Counted for neither side' }),
      invalid: count({ example: 1 }),
    })
    .strict(),
  { description: 'Tallies only: who voted how is never recorded' },
);

const investigators = list(text(100), 2, 10, { example: ['inv-zhao', 'inv-qian'], description: 'At least two different investigators (both sign)' });

/** What investigators verify in a household: who counts and what they earn. Shared by applications and reviews. */
const householdFacts = {
  investigators,
  members: list(memberFactsSchema, 1, 30, {
    example: [
      { id: 'm1', name: 'Zhang Wei', ableToWork: true, hasLegalSupporter: false },
      { id: 'm2', name: 'Zhang Li', ableToWork: false, hasLegalSupporter: false },
    ],
    description: 'Distinct member ids',
  }),
  incomes: list(incomeFactsSchema, 0, 200, { example: [{ category: 'wages', amount: 10000, period: 'monthly', memberId: 'm1' }] }),
  deductions: list(deductionFactsSchema, 0, 50, { example: [] }).optional(),
};

type HouseholdFacts = {
  investigators: string[];
  members: { id: string }[];
  incomes: { memberId?: string }[];
  deductions?: { memberId?: string }[];
};

/** Two different investigators, distinct member ids, income and deductions of listed members only. */
function checkHouseholdFacts(facts: HouseholdFacts, ctx: z.RefinementCtx): void {
  if (new Set(facts.investigators).size !== facts.investigators.length) {
    problem(ctx, ['investigators'], 'distinct', 'must be different people');
  }
  const ids = facts.members.map((m) => m.id);
  if (new Set(ids).size !== ids.length) problem(ctx, ['members'], 'distinct', 'member ids must be distinct');
  const refs = (items: { memberId?: string }[] | undefined, field: string) =>
    (items ?? []).forEach((item, i) => {
      if (item.memberId !== undefined && !ids.includes(item.memberId)) problem(ctx, [field, i, 'memberId'], 'isMember', 'must be the id of a listed member');
    });
  if (ids.length === 0) return; // already refused: no members
  refs(facts.incomes, 'incomes');
  refs(facts.deductions, 'deductions');
}

// ---- case steps ------------------------------------------------------------------------------------------------

const reasons = list(text(2000), 1, 20, { example: ['income above the standard'], description: 'Required to reject' });

const acceptApplication = z.object({ note: note(2000, { example: 'all materials complete' }).optional() }).strict();

const returnApplication = z
  .object({
    missingMaterials: list(text(500), 1, 50, {
      example: ['hukou booklet', 'income certificate of Zhang Wei'],
      description: 'Every missing material, in one notice (A art. 10)',
    }),
  })
  .strict();

/** A art. 15: the township starts the household investigation (within 3 working days of acceptance). */
const startInvestigation = z
  .object({
    startedOn: date({ example: '2026-12-07', description: 'The day the investigation started (not before acceptance, not after today); default today' }).optional(),
    investigators: list(text(100), 1, 10, { example: ['inv-zhao', 'inv-qian'], description: 'Who went to the household' }).optional(),
    note: text(2000, { example: 'first household visit' }).optional(),
  })
  .strict();

/** A art. 17: the county starts the household economic-status data check (核对), within 3 working days. */
const startDataCheck = z
  .object({
    startedOn: date({ example: '2026-12-07', description: 'The day the check started (not before acceptance, not after today); default today' }).optional(),
    reference: text(200, { example: 'HD-2026-12-0042', description: "The county check system's reference" }).optional(),
  })
  .strict();

const recordInvestigation = z
  .object({
    ...householdFacts,
    assets: assetFactsSchema,
    dataCheck: documented(
      z
        .object({
          result: dataCheckResult,
          findings: note(4000, { example: 'no vehicles, no property beyond the dwelling' }).optional(),
        })
        .strict(),
      { description: "The county's economic data check (家庭经济状况核对)" },
    ),
  })
  .strict()
  .superRefine(checkHouseholdFacts);

const contestDataCheck = z.object({ evidence: text(4000, { example: 'the car was sold in 2024; transfer certificate attached' }) }).strict();

const recordRecheck = z
  .object({ result: dataCheckResult, findings: text(4000, { example: 'transfer confirmed by the vehicle registry' }).optional() })
  .strict();

const concludeInvestigation = z.object({ note: note(2000, { example: 'the applicant does not contest the data check' }).optional() }).strict();

const recordAppraisal = z
  .object({ meetingOn: date({ example: '2026-12-03', description: 'Date of the village meeting' }), tally: appraisalTallySchema })
  .strict();

const fileObjection = z
  .object({
    summary: text(4000, { example: 'the family runs a shop on the market street' }),
    filedBy: text(200, { example: 'neighbour Liu', description: 'Omit for an anonymous objection' }).optional(),
  })
  .strict();

/** The body of an objection's resolution; the objection's id comes from the path. */
const resolveObjectionBody = z
  .object({
    finding: oneOf(['unfounded', 'substantiated'], { example: 'unfounded', description: 'Substantiated sends the case back to investigation' }),
    note: text(4000, { example: 'the shop closed in 2023; business licence cancelled' }),
  })
  .strict();
const resolveObjection = resolveObjectionBody.extend({ objectionId: text(64, { example: 'obj-1' }) });

const townshipReview = z
  .object({
    decision: oneOf(['approve', 'return', 'reject'], { example: 'approve' }),
    opinion: text(4000, { example: 'income verified; eligible', description: 'Required to approve or return' }).optional(),
    reasons: reasons.optional(),
  })
  .strict()
  .superRefine((i, ctx) => {
    if (i.decision === 'reject' && i.reasons === undefined) problem(ctx, ['reasons'], 'required', 'is required to reject');
    if (i.decision !== 'reject' && i.opinion === undefined) problem(ctx, ['opinion'], 'required', `is required to ${i.decision}`);
  });

const recordHouseholdVisit = z
  .object({
    visitedOn: date({ example: '2026-12-10', description: 'Not in the future' }),
    visitors: list(text(100), 1, 10, { example: ['county staff Sun', 'county staff Zhou'] }),
    findings: text(4000, { example: 'living conditions as declared' }),
  })
  .strict();

/** Who receives the money: the household's own account, or a proxy with an entrustment (代领). */
export const payeeInputSchema = documented(
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('own-account') }).strict(),
    z
      .object({
        kind: z.literal('proxy'),
        proxyName: text(100, { example: 'Wang Fang' }),
        entrustmentRef: text(100, { example: 'VC-2026-0117', description: 'Village committee entrustment certificate' }),
      })
      .strict(),
  ]),
  { example: { kind: 'own-account' }, description: "Default: the household's own account; proxy collection needs an entrustment" },
);

const countyDecision = z
  .object({
    decision: oneOf(['approve', 'reject'], { example: 'approve' }),
    opinion: note(4000, { example: 'approved as reviewed' }).optional(),
    reasons: reasons.optional(),
    payee: payeeInputSchema.optional(),
  })
  .strict()
  .superRefine((i, ctx) => {
    if (i.decision === 'reject' && i.reasons === undefined) problem(ctx, ['reasons'], 'required', 'is required to reject');
  });

const withdraw = z.object({ reason: text(2000, { example: 'found work' }).optional() }).strict();

const extendDeadline = z.object({ reason: text(2000, { example: 'the bank data check is still pending' }) }).strict();

// ---- beneficiary steps (dynamic management) -------------------------------------------------------------------

const reportChange = z
  .object({
    kind: oneOf(['income', 'member-joined', 'member-left', 'death', 'employment', 'other'], { example: 'death' }),
    occurredOn: date({ example: '2026-11-20', description: 'When it happened (not in the future); a death is reviewed within 3 months of it' }),
    description: text(2000, { example: 'the grandfather died on 20 November' }),
  })
  .strict();

const REVIEW_OUTCOMES = ['keep', 'change', 'suspend', 'terminate', 'gradual-exit'] as const;

/** A periodic or special review: the same verified facts as an application's investigation, and its outcome. */
const recordReview = z
  .object({
    ...householdFacts,
    outcome: oneOf(REVIEW_OUTCOMES, {
      example: 'change',
      description: 'keep/change: amount from the facts (must be > 0); suspend/terminate/gradual-exit need a notice',
    }),
    reason: text(2000, { example: 'pension raised in October' }),
    notice: text(4000, { example: '低保待遇终止通知: …', description: 'Written notice with reasons (A art. 32): required to suspend, terminate or start a gradual exit' }).optional(),
    cadence: oneOf(['stable', 'irregular'], { description: 'Default: from the facts (A art. 31)' }).optional(),
    gradualExitMonths: documented(z.number().int().min(1), {
      example: 3,
      description:
        "gradual-exit only: months of continued payment for this case (渐退期), 1 to the policy's limit (6, checked by the case " +
        'workflow: 400 naming gradualExitMonths above it). Default: the worker setting BENEFICIARY_GRADUAL_EXIT_MONTHS',
    }).optional(),
  })
  .strict()
  .superRefine((i, ctx) => {
    checkHouseholdFacts(i, ctx);
    if ((i.outcome === 'suspend' || i.outcome === 'terminate' || i.outcome === 'gradual-exit') && i.notice === undefined) {
      problem(ctx, ['notice'], 'required', `is required to ${i.outcome} (a written notice, A art. 32)`);
    }
    if (i.gradualExitMonths !== undefined && i.outcome !== 'gradual-exit') {
      problem(ctx, ['gradualExitMonths'], 'gradualExitOnly', 'is for the outcome gradual-exit only');
    }
  });

const resume = z.object({ reason: text(2000, { example: 'the household returned home' }) }).strict();

const applyStandard = z
  .object({
    standardFen: int(1, 100_000_000, { example: 18000, description: 'New standard per person (urban per month, rural per year), fen' }),
    effectiveFrom: date({ example: '2027-01-01' }),
    reason: text(2000, { example: '县政府提标文件 2027-1' }),
  })
  .strict();

const recordJobOffer = z
  .object({
    memberId: documented(z.string().regex(/^[\w-]{1,64}$/, 'must be 1-64 letters, digits, _ or -'), { example: 'm1', description: 'A counted member able to work' }),
    offeredOn: date({ example: '2027-03-02', description: 'Not in the future' }),
    offer: text(2000, { example: '县人社局推荐: 物业保洁, 月薪 2200 元' }),
    response: oneOf(['accepted', 'refused'], { example: 'refused' }),
    goodReason: text(2000, { example: '照顾重病的母亲', description: 'A good reason for refusing (正当理由): the refusal does not count' }).optional(),
  })
  .strict()
  .superRefine((i, ctx) => {
    if (i.goodReason !== undefined && i.response !== 'refused') problem(ctx, ['goodReason'], 'refusalOnly', 'is for a refusal only');
  });

// ---- the steps, by update name ---------------------------------------------------------------------------------

/** Each step's input as the workflow receives it, without the actor and correlation id case-api adds. */
export const stepSchemas = {
  acceptApplication,
  returnApplication,
  startInvestigation,
  startDataCheck,
  recordInvestigation,
  contestDataCheck,
  recordRecheck,
  concludeInvestigation,
  recordAppraisal,
  fileObjection,
  resolveObjection,
  townshipReview,
  recordHouseholdVisit,
  countyDecision,
  withdraw,
  extendDeadline,
  reportChange,
  recordReview,
  resume,
  recordReappraisal: recordAppraisal,
  applyStandard,
  recordJobOffer,
} as const;

export type StepName = keyof typeof stepSchemas;

/** Each step's HTTP request body: the step's input less what case-api takes from the path. */
export const stepBodySchemas: { readonly [S in StepName]: z.ZodTypeAny } = { ...stepSchemas, resolveObjection: resolveObjectionBody };

export type StepInputOf<S extends StepName> = z.infer<(typeof stepSchemas)[S]>;
export type StepBodyOf<S extends StepName> = S extends 'resolveObjection' ? z.infer<typeof resolveObjectionBody> : StepInputOf<S>;

/**
 * The problems of a step's input, in the schema's order (empty: the input is well-formed). The actor and the
 * correlation id are the workflow's to check (authorize); any other field the step does not have is a problem.
 * A workflow validator refuses with the first one: `InvalidStep`, its field and rule.
 */
export function stepProblems(step: StepName, input: unknown): SchemaProblem[] {
  const schema = stepSchemas[step];
  if (!schema) return [{ field: '(step)', rule: 'isIn', message: `${String(step)} is not a step` }];
  if (input && typeof input === 'object' && !Array.isArray(input)) {
    const { actor: _actor, correlationId: _correlationId, ...rest } = input as Record<string, unknown>;
    return schemaProblems(schema, rest);
  }
  return schemaProblems(schema, input);
}

// ---- opening a case (POST /cases) ------------------------------------------------------------------------------

/** The head of household applies, or a proxy with an entrustment (A art. 6). */
export const applicantSchema = documented(
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('head') }).strict(),
    z
      .object({
        kind: z.literal('proxy'),
        proxyName: text(100, { example: 'Wang Fang' }),
        entrustmentRef: text(100, { example: 'VC-2026-0117', description: 'Entrustment reference' }),
      })
      .strict(),
  ]),
  { example: { kind: 'head' }, description: 'The head of household, or a proxy with an entrustment (A art. 6)' },
);

/** POST /cases: an application for a registered household. */
export const submitApplicationSchema = z
  .object({
    householdId: id({ example: 'b7c1f9e2-4a1d-4c55-9d0e-2f7f6c3a9b10', description: 'The registered household (households service)' }),
    scheme: oneOf(['urban', 'rural'], {
      example: 'urban',
      description: "The scheme applied for: it must be the registered household's (from its hukou), else 422 naming scheme",
    }),
    township: id({
      example: 'T01',
      description:
        "Optional: the case takes the registered household's township. When given it must be that township (else 422) " +
        "and a township role's own (else 403), each naming township",
    }).optional(),
    applicant: applicantSchema,
    claimedMonthlyIncomeFen: int(0, 100_000_000, { example: 12000, description: 'Monthly household income the applicant declares, integer fen (120.00 yuan)' }),
    registeredSeparately: documented(z.boolean(), {
      example: false,
      description: 'A relative of township staff or a village cadre: registered separately (备案, A art. 11)',
    }).optional(),
    relatedStaff: text(200, { example: 'village cadre Li Ming (brother)', description: 'Whom the applicant is related to; required when registered separately' }).optional(),
    acceptedOn: date({
      example: '2026-11-02',
      description:
        'A paper application the township accepted earlier, recorded now (补录): the date of acceptance, China local date. ' +
        "Not in the future and at most 60 calendar days ago; default today. The application stage and the whole case's " +
        '30 (45) working days count from it.',
    }).optional(),
  })
  .strict()
  .superRefine((i, ctx) => {
    if (i.registeredSeparately === true && i.relatedStaff === undefined) problem(ctx, ['relatedStaff'], 'required', 'is required when registered separately');
  });

export type SubmitApplicationBody = z.infer<typeof submitApplicationSchema>;
