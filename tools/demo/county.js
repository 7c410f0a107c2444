// The demo county of the bureau's report (../shared/seed): 32 townships; 4,367 urban households with 8,562 people and
// 84,399 rural households with 174,769 people already receiving dibao; incomes such that one urban quarter pays about
// 3.605 million yuan and one rural quarter about 17.11 million yuan; and a few hundred open applications in the real
// case workflow. Everything goes through the services' own APIs:
//   1. the ledger (台帐) CSV → households `POST /households/import` (5,000 rows a request);
//   2. the existing beneficiaries → payments `POST /enrolment-imports` (ledger amounts; no case to approve them again);
//   3. appropriations → `POST /fund/appropriations`; payroll 2026-01…03 (urban) and 2026-Q1 (rural) →
//      `POST /payroll-runs`; every draft batch approved and released;
//   4. applicants → case-api `POST /cases` and steps, through the real Temporal workflow, each case driven towards its
//      own stage (application … county approval); a rerun moves on the cases that could not get there yet;
//      two per township (the ones left in application and investigation) are paper applications the township
//      accepted 55 days before the run, recorded now (补录, `acceptedOn`): overdue as soon as they are loaded;
//   5. an inspection campaign → inspections `POST /groups`, `POST /campaigns`, `POST /visits` with findings and
//      on-the-spot rectification orders, the townships' answers, follow-up visits closing answered orders;
//   6. the work report `GET /reports/work-report?quarter=2026-Q1` is read back and compared with the report's figures,
//      and the supervision overview says how many cases are open, overdue and stalled.
// Deterministic (seeded) and idempotent: a second run imports nothing new, enrols nobody, runs nothing twice.
//   npm run demo:county [-- --townships T01,T02] [--cases-per-township 10] [--port-offset 0] [--no-inspections]
const path = require('path');
require('../register-paths');
const { signToken } = require(path.join(__dirname, '../../dist/libs/platform/src'));
const { residentIdCheckCharacter } = require(path.join(__dirname, '../../dist/libs/domain/src'));

/** The county's figures (seed report) and the demo's calibration. */
const COUNTY = {
  townships: Array.from({ length: 32 }, (_, i) => `T${String(i + 1).padStart(2, '0')}`),
  urban: { households: 4367, persons: 8562, quarterPayoutYuan: 3_605_000 },
  rural: { households: 84399, persons: 174769, quarterPayoutYuan: 17_110_000 },
  // Standards in force (payments' DEFAULT_POLICY): urban 150 yuan per person per month (the report's figure), rural
  // 4,200 yuan per person per year (the report's own figure is garbled; this is the configured one). Incomes are
  // calibrated against them: 1 in 5 urban households earns 95 yuan a month; rural per-capita annual net income is
  // 3,608…4,008 yuan (mean ≈ 3,808), so the gap (差额) averages ≈ 392 yuan per person per year.
  urbanStandardFenPerMonth: 15000,
  ruralStandardFenPerYear: 420000,
  urbanIncomeYuan: 95,
  ruralIncomeYuan: [3608, 3708, 3808, 3908, 4008],
  region: '520524', // 织金县
  quarter: '2026-Q1',
  urbanPeriods: ['2026-01', '2026-02', '2026-03'],
  ledgerReference: '织金县城乡低保台帐（2026年第一季度）',
  appropriations: [
    ['urban', '财社〔2026〕21号 demo county', 370_000_000],
    ['rural', '财社〔2026〕22号 demo county', 1_720_000_000],
  ],
};

function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Splits `total` over `weights` exactly (largest remainder). */
function apportion(total, weights) {
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (total * w) / sum);
  const out = raw.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  raw.map((r, i) => [r - Math.floor(r), i]).sort((a, b) => b[0] - a[0]).slice(0, left).forEach(([, i]) => out[i]++);
  return out;
}

/** Household sizes 1…6 for `households` that add up to exactly `persons`. */
function sizes(households, persons, random) {
  const mean = persons / households;
  const out = Array.from({ length: households }, () => Math.max(1, Math.min(6, Math.round(mean + (random() - 0.5) * 2.2))));
  let diff = persons - out.reduce((a, b) => a + b, 0);
  for (let i = 0; diff !== 0; i = (i + 7919) % households) {
    if (diff > 0 && out[i] < 6) (out[i]++, diff--);
    else if (diff < 0 && out[i] > 1) (out[i]--, diff++);
  }
  return out;
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '罗', '龙'];
const GIVEN = ['秀英', '建国', '桂兰', '志强', '玉梅', '德明', '小红', '国华', '海燕', '文斌', '正兴', '明芬'];

function residentId(serial, adult) {
  // Unique per serial: sequence, day, month and year follow the serial; adults born 1950s, children 2008+.
  const seq = serial % 1000;
  const day = 1 + (Math.floor(serial / 1000) % 28);
  const month = 1 + (Math.floor(serial / 28000) % 12);
  const year = (adult ? 1952 : 2009) + Math.floor(serial / 336000);
  const first17 = `${COUNTY.region}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
  return first17 + residentIdCheckCharacter(first17);
}

/** Applicant households per township in the ledger (registered, not enrolled): each gets an open case. */
const APPLICANTS_PER_TOWNSHIP = 10;

const csvLine = (fields) => fields.map((f) => (/[",\n\r]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',');
// The optional `status` column: the ledger's beneficiaries are beneficiaries in the registry too (admin import).
const LEDGER_HEADER = 'ledger_no,township,village,address,hukou,account_kind,account_institution,account_number,account_holder,members,status';
const roundHalfUp = (numerator, denominator) => Math.floor((2 * numerator + denominator) / (2 * denominator));

/**
 * The county's households, deterministic: beneficiaries of both schemes, and a few applicants per township (registered,
 * not enrolled) for the open cases. Each has its ledger line, persons and monthly amount (fen, differential method).
 */
function countyHouseholds({ applicantsPerTownship = APPLICANTS_PER_TOWNSHIP } = {}) {
  const random = seededRandom(20260101);
  const weights = COUNTY.townships.map(() => 0.6 + random());
  const households = [];
  let serial = 0;
  for (const scheme of ['urban', 'rural']) {
    const figures = COUNTY[scheme];
    const perTownship = apportion(figures.households, weights);
    const size = sizes(figures.households, figures.persons, random);
    let h = 0;
    COUNTY.townships.forEach((township, t) => {
      for (let k = 1; k <= perTownship[t]; k++, h++) {
        const persons = size[h];
        let incomeItem = '';
        let monthlyAmountFen;
        if (scheme === 'urban') {
          const earns = h % 5 === 0;
          incomeItem = earns ? `wages:${COUNTY.urbanIncomeYuan}.00:monthly` : '';
          // (standard − per-capita income) × members = standard × members − household income
          monthlyAmountFen = COUNTY.urbanStandardFenPerMonth * persons - (earns ? COUNTY.urbanIncomeYuan * 100 : 0);
        } else {
          const perCapitaYuan = COUNTY.ruralIncomeYuan[h % COUNTY.ruralIncomeYuan.length];
          incomeItem = `business:${perCapitaYuan * persons}.00:annual`;
          monthlyAmountFen = roundHalfUp((COUNTY.ruralStandardFenPerYear - perCapitaYuan * 100) * persons, 12);
        }
        households.push(household(scheme, township, k, persons, incomeItem, monthlyAmountFen, serial, 'ZJ', 'beneficiary'));
        serial += persons;
      }
    });
  }
  for (const township of COUNTY.townships) {
    for (let k = 1; k <= applicantsPerTownship; k++) {
      const scheme = k % 4 === 0 ? 'urban' : 'rural';
      const persons = 1 + (k % 4);
      const income = scheme === 'urban' ? `wages:${40 * persons}.00:monthly` : `business:${2000 * persons}.00:annual`;
      households.push({ ...household(scheme, township, k, persons, income, 0, serial, 'ZJA', ''), applicant: true });
      serial += persons;
    }
  }
  return households;
}

function household(scheme, township, k, persons, incomeItem, monthlyAmountFen, serial, prefix, status) {
  const ledgerNo = `${prefix}-${scheme === 'urban' ? 'U' : 'R'}-${township}-${String(k).padStart(5, '0')}`;
  const members = [];
  for (let j = 0; j < persons; j++) {
    const adult = j < 2;
    const name = SURNAMES[(serial + j) % SURNAMES.length] + GIVEN[(serial * 7 + j) % GIVEN.length];
    const relation = j === 0 ? 'head' : j === 1 ? 'spouse' : 'child';
    const work = j === 0 ? 'partial' : 'none';
    members.push([name, residentId(serial + j, adult), relation, '', work, '', '', j === 0 ? incomeItem : ''].join('|'));
  }
  const rural = scheme === 'rural';
  const line = csvLine([
    ledgerNo,
    township,
    rural ? `第${1 + (k % 20)}村` : `第${1 + (k % 5)}社区`,
    `${1 + (k % 12)}组${k}号`,
    rural ? 'agricultural' : 'non_agricultural',
    rural ? 'credit_cooperative' : 'bank',
    rural ? '织金县农村信用合作联社' : '县农业银行',
    `62284852${String(serial).padStart(11, '0')}`,
    members[0].split('|')[0],
    members.join(';'),
    status,
  ]);
  return { ledgerNo, scheme, township, persons, monthlyAmountFen, line };
}

function urls(offset = 0) {
  const at = (port) => `http://127.0.0.1:${port + offset}/api/v1`;
  return { cases: at(3000), households: at(3001), payments: at(3002), inspections: at(3003) };
}

async function request(method, url, token, body, contentType = 'application/json') {
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': contentType } : {}) },
    body: body === undefined ? undefined : contentType === 'application/json' ? JSON.stringify(body) : body,
  });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  if (res.status >= 400) {
    const err = new Error(`${method} ${url} → ${res.status}: ${json?.detail ?? text.slice(0, 300)}`);
    err.status = res.status;
    err.body = json;
    throw err;
  }
  return json;
}

/** A progress bar on a terminal, a line per 10 % otherwise. */
function progress(label, total, log) {
  let done = 0;
  let shownTenth = -1;
  const started = Date.now();
  const tty = process.stdout.isTTY && log === console.log;
  return {
    add(n) {
      done += n;
      const ratio = total === 0 ? 1 : done / total;
      if (tty) {
        const width = 30;
        const filled = Math.round(ratio * width);
        process.stdout.write(`\r  ${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total} ${((Date.now() - started) / 1000).toFixed(0)}s`);
        if (done >= total) process.stdout.write('\n');
      } else if (Math.floor(ratio * 10) > shownTenth) {
        shownTenth = Math.floor(ratio * 10);
        log(`  ${label}: ${done}/${total} (${Math.round(ratio * 100)} %, ${((Date.now() - started) / 1000).toFixed(0)} s)`);
      }
    },
  };
}

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const yuan = (fen) => (fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const plusDays = (date, days) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Calls `fn` again while the busy dev server answers 503 (Temporal did not confirm in time); other errors are thrown. */
async function retrying(fn, attempts = 8) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (e) {
      if (e.status !== 503 || attempt >= attempts) throw e;
      await sleep(2000 * attempt);
    }
  }
}

// ---- open cases ------------------------------------------------------------------------------------------------

const STAGE_ORDER = ['application', 'investigation', 'appraisal', 'publicity', 'township_review', 'county_approval'];
/** Where the k-th applicant of a township is taken (the rest of the way is the county's work): every stage, most early on. */
const CASE_TARGETS = ['application', 'investigation', 'appraisal', 'publicity', 'investigation', 'township_review', 'application', 'county_approval', 'investigation', 'appraisal'];
/**
 * 补录: the applicants at these positions of a township's list (CASE_TARGETS application and investigation) bring a
 * paper application the township accepted PAPER_ACCEPTED_DAYS_AGO calendar days before the run. Their whole case's 30
 * working days have passed by then, so the workflow marks them overdue at once and the dashboard counts them on the
 * day of loading. 55 days, not 45: 45 calendar days around the Spring Festival or National Day hold fewer than 30
 * working days; 55 always hold more than 30 and stay inside case-api's 60-day window.
 */
const PAPER_APPLICATIONS = new Set([0, 1]);
const PAPER_ACCEPTED_DAYS_AGO = 55;
/** A publicity that ends within this long is waited for; a longer one (7 days by default) is left to a later run. */
const PUBLICITY_WAIT_MS = 60_000;
const TALLY = { attendees: 16, villagerRepresentatives: 11, representativesTotal: 13, approve: 12, reject: 2, abstain: 1, invalid: 1 };

/** The investigation a caseworker records from the household's registered facts. */
function investigationOf(full) {
  return {
    investigators: ['demo-investigator-zhao', 'demo-investigator-qian'],
    members: full.members.map((m) => ({ id: m.id, name: m.name, ableToWork: m.workAbility !== 'none', hasLegalSupporter: false, severelyDisabled: false })),
    incomes: (full.incomes ?? []).filter((x) => x.treatment !== 'deductible').map((x) => ({ category: x.category, amount: x.amountFen, costs: x.costsFen ?? 0, period: x.period, memberId: x.memberId })),
    assets: { financialAssetsFen: 0, motorVehicles: 0, additionalDwellings: 0 },
    dataCheck: { result: 'passed' },
  };
}

/**
 * Starts the household's case (a recorded paper application when `acceptedOn` is given); on 409 (its case is open
 * already: an earlier run, or a 503 that did start it) returns that case.
 */
async function startCase(api, caseworker, householdId, scheme, township, acceptedOn) {
  const full = await request('GET', `${api.households}/households/${householdId}`, caseworker);
  try {
    const created = await retrying(() =>
      request('POST', `${api.cases}/cases`, caseworker, {
        householdId,
        scheme,
        township,
        applicant: { kind: 'head' },
        claimedMonthlyIncomeFen: full.assessment?.perCapitaMonthlyIncomeFen ?? 0,
        ...(acceptedOn ? { acceptedOn } : {}),
      }),
    );
    return created.caseId;
  } catch (e) {
    if (e.status !== 409) throw e;
    const again = await request('GET', `${api.households}/households/${householdId}`, caseworker);
    return again.openCaseId ?? undefined;
  }
}

/**
 * Takes a case step by step until it is in `target` (or further): acceptance, investigation, appraisal, then the
 * publicity runs out by the workflow's own timer (waited for only when it ends within PUBLICITY_WAIT_MS), township
 * review. Idempotent: it starts from the stage the case is in.
 */
async function driveCase(api, { caseworker, reviewer }, caseId, target) {
  const goal = STAGE_ORDER.indexOf(target);
  let steps = 0;
  const step = (name, body, token = caseworker) =>
    retrying(async (attempt) => {
      try {
        return await request('POST', `${api.cases}/cases/${caseId}/${name}`, token, body ?? {});
      } catch (e) {
        // After a 503 the step may have been taken after all: the case has moved on, which the next read shows.
        if (e.status === 409 && attempt > 1) return undefined;
        throw e;
      }
    });
  for (let guard = 0; guard < 12; guard++) {
    const c = await retrying(() => request('GET', `${api.cases}/cases/${caseId}`, caseworker));
    const at = STAGE_ORDER.indexOf(c.stage);
    if (at < 0) return { steps, reached: false, stage: c.stage }; // decided or withdrawn
    if (at >= goal) return { steps, reached: true, stage: c.stage };
    switch (c.stage) {
      case 'application':
        await step('acceptance');
        break;
      case 'investigation':
        await step('investigation', investigationOf(await request('GET', `${api.households}/households/${c.householdId}`, caseworker)));
        break;
      case 'appraisal':
        await step('appraisal', { meetingOn: today(), tally: TALLY });
        break;
      case 'publicity': {
        const endsAt = Date.parse(c.publicity?.endsAt ?? '');
        if (!(endsAt - Date.now() <= PUBLICITY_WAIT_MS)) return { steps, reached: false, stage: c.stage };
        await sleep(Math.max(0, endsAt - Date.now()) + 300);
        for (let i = 0; i < 60 && (await request('GET', `${api.cases}/cases/${caseId}`, caseworker)).stage === 'publicity'; i++) await sleep(500);
        continue;
      }
      case 'township_review':
        await step('township-review', { decision: 'approve', opinion: '经审核，家庭收入和财产状况符合低保条件，同意上报县民政局审批（演示）' }, reviewer);
        break;
    }
    steps++;
  }
  return { steps, reached: false };
}

/**
 * The supervision overview of the townships built, once the case events have reached case-api (the counts settle),
 * and the date on which the first stage deadlines of the open cases pass (their timers mark them overdue then).
 */
async function caseFigures(api, supervisor, townships, log) {
  const wanted = new Set(townships);
  let last;
  try {
    for (let i = 0; i < 30; i++) {
      const o = await request('GET', `${api.cases}/supervision/overview?fresh=true`, supervisor);
      const rows = o.townships.filter((t) => wanted.has(t.township));
      const sum = rows.reduce(
        (acc, t) => {
          for (const [stage, n] of Object.entries(t.byStage)) acc.byStage[stage] = (acc.byStage[stage] ?? 0) + n;
          return { ...acc, open: acc.open + t.open, overdue: acc.overdue + t.overdue, stalled: acc.stalled + t.stalled };
        },
        { open: 0, overdue: 0, stalled: 0, byStage: {} },
      );
      if (last && JSON.stringify(last) === JSON.stringify(sum)) break;
      last = sum;
      await sleep(1000);
    }
  } catch (e) {
    log(`  supervision overview not available: ${e.message}`);
    return undefined;
  }
  const dueOn = [];
  for (const township of townships) {
    const page = await request('GET', `${api.cases}/supervision/townships/${township}/cases?pageSize=500`, supervisor);
    for (const c of page.items) if (!c.overdue && c.stageDueOn) dueOn.push(c.stageDueOn);
  }
  dueOn.sort();
  const next = dueOn[0];
  log(
    `  supervision: ${last.open} open cases (${Object.entries(last.byStage).filter(([, n]) => n).map(([s, n]) => `${s} ${n}`).join(', ')}), ` +
      `${last.overdue} overdue, ${last.stalled} stalled` +
      (next ? `; the first stage deadlines pass after ${next} (${dueOn.filter((d) => d === next).length} cases), then the case worker's timers mark them overdue` : ''),
  );
  return { ...last, nextDeadline: next ?? null, withDeadline: dueOn.length };
}

// ---- the inspection campaign -----------------------------------------------------------------------------------

const GROUP_NAMES = ['第一', '第二', '第三', '第四', '第五'].map((n) => `演示县${n}督查组`);
const INSPECTOR_NAMES = ['王建国', '刘志强', '陈德明', '杨国华', '黄文斌', '赵正兴', '吴海燕', '周玉梅', '罗秀英', '龙桂兰'];
/** The findings the visits make, in turn: the five weaknesses the county report names first. */
const FINDINGS = [
  ['income_unverifiable', 'moderate', '抽查的12户中有3户务工收入仅凭本人申报，未见核对记录', '对抽查户逐户补做收入核对，建立务工收入核实台账'],
  ['missing_materials', 'minor', '4户低保档案缺少家庭经济状况核对报告', '补齐档案材料并按户装订'],
  ['publicity_not_done', 'moderate', '2个村的村务公开栏未按月更新低保名单', '立即更新公示名单，公示期满后报乡镇备案'],
  ['training_insufficient', 'minor', '村级经办人员对新修订的认定办法不熟悉', '组织一次全乡经办人员政策培训'],
  ['dynamic_management_lax', 'serious', '3户家庭成员已稳定就业，收入超过标准，仍在保', '对3户开展专项复核，应退尽退'],
  ['cadre_commitment', 'moderate', '乡镇分管领导未按要求参加民主评议', '分管领导参加下一次民主评议并作说明'],
];

/**
 * A year's campaign in the townships built: five groups of two inspectors, visits (three, two or one per township),
 * findings with on-the-spot rectification orders, the townships' answers (two in three answer), and follow-up visits
 * that close answered orders. Orders that are neither answered nor due later fall due today: the service's overdue
 * sweep flags them tomorrow. Idempotent: groups and the campaign are found by name, visits are counted, orders are
 * answered and verified only in the right state.
 */
async function inspectionCampaign(api, townships, log, token) {
  const supervisor = token('supervisor');
  const day = today();
  const year = day.slice(0, 4);
  const name = `${year}年度城乡低保专项督查（演示县）`;
  const inspector = (id) => token('inspector', undefined, id);

  const groups = [];
  const existingGroups = await request('GET', `${api.inspections}/groups`, supervisor);
  for (const [g, groupName] of GROUP_NAMES.entries()) {
    const found = existingGroups.find((x) => x.name === groupName);
    const members = [0, 1].map((k) => ({ inspectorId: `demo-county-inspector-${g + 1}${k ? 'b' : 'a'}`, name: INSPECTOR_NAMES[g * 2 + k], leader: k === 0 }));
    groups.push(found ?? (await request('POST', `${api.inspections}/groups`, supervisor, { name: groupName, members })));
  }
  const campaigns = await request('GET', `${api.inspections}/campaigns`, supervisor);
  const campaign =
    campaigns.find((c) => c.name === name) ??
    (await request('POST', `${api.inspections}/campaigns`, supervisor, {
      name,
      startsOn: `${year}-01-01`,
      endsOn: `${year}-12-31`,
      minVisitsPerTownship: 3,
      sampleSharePercent: 30,
      sampleSeed: `${year}-demo-county`,
    }));

  const tally = { visits: 0, findings: 0, orders: 0, answered: 0, closed: 0 };
  const clamp = (date) => (date < campaign.startsOn ? campaign.startsOn : date);
  for (const township of townships) {
    const ti = COUNTY.townships.indexOf(township);
    const wantedVisits = [3, 2, 2, 1][ti % 4];
    const answers = ti % 3 !== 2;
    const deadline = !answers && ti % 2 === 0 ? day : plusDays(day, 15);
    const visitOf = (k) => groups[(ti + k) % groups.length];
    const visits = await request('GET', `${api.inspections}/campaigns/${campaign.id}/visits?township=${township}`, supervisor);
    // The first two visits: findings, and orders on the spot at the first.
    for (let k = visits.length; k < Math.min(wantedVisits, 2); k++) {
      const group = visitOf(k);
      const findings =
        k === 0
          ? [0, 1].slice(0, 1 + (ti % 2)).map((j) => {
              const [category, severity, description, requirement] = FINDINGS[(ti + j) % FINDINGS.length];
              return { category, severity, description, rectification: { requirement, deadline } };
            })
          : ti % 2 === 0
            ? [{ category: FINDINGS[(ti + 3) % FINDINGS.length][0], severity: 'minor', description: FINDINGS[(ti + 3) % FINDINGS.length][2] }]
            : [];
      await request('POST', `${api.inspections}/visits`, inspector(group.members[0].inspectorId), {
        submissionId: `demo-county-${campaign.id.slice(0, 8)}-${township}-${k + 1}`,
        campaignId: campaign.id,
        groupId: group.id,
        township,
        visitedOn: clamp(plusDays(day, k === 0 ? -20 : -6)),
        checked: ['低保档案', '公示栏', '资金发放台账', '入户核查记录'],
        ...(ti % 3 === 0 ? { goodPractice: ['村务公开栏按月更新低保名单，群众知晓率高'] } : {}),
        findings,
      });
      tally.visits++;
      tally.findings += findings.length;
      tally.orders += findings.filter((f) => f.rectification).length;
    }
    // The township answers its open orders.
    if (answers) {
      const open = await request('GET', `${api.inspections}/orders?campaignId=${campaign.id}&township=${township}&status=open`, supervisor);
      for (const order of open) {
        await request('POST', `${api.inspections}/orders/${order.id}/response`, token('township_reviewer', township), {
          response: '已按要求完成整改，整改报告及相关材料已报县督查组（演示）',
        });
        tally.answered++;
      }
    }
    // The third visit checks the answers and closes the orders.
    if (wantedVisits >= 3) {
      const group = visitOf(2);
      const all = await request('GET', `${api.inspections}/campaigns/${campaign.id}/visits?township=${township}`, supervisor);
      const followUp =
        all[2] ??
        (await request('POST', `${api.inspections}/visits`, inspector(group.members[0].inspectorId), {
          submissionId: `demo-county-${campaign.id.slice(0, 8)}-${township}-3`,
          campaignId: campaign.id,
          groupId: group.id,
          township,
          visitedOn: day,
          checked: ['整改落实情况'],
          findings: [],
        }));
      if (!all[2]) tally.visits++;
      const verifier = groups.find((g) => g.id === followUp.groupId) ?? group;
      const responded = await request('GET', `${api.inspections}/orders?campaignId=${campaign.id}&township=${township}&status=responded`, supervisor);
      for (const order of responded) {
        await request('POST', `${api.inspections}/orders/${order.id}/verification`, inspector(verifier.members[0].inspectorId), {
          visitId: followUp.id,
          outcome: 'closed',
          note: '现场核实整改到位（演示）',
        });
        tally.closed++;
      }
    }
  }
  const orders = await request('GET', `${api.inspections}/orders?campaignId=${campaign.id}`, supervisor);
  const mine = orders.filter((o) => townships.includes(o.township));
  const status = (s) => mine.filter((o) => o.status === s).length;
  const dueToday = mine.filter((o) => o.status === 'open' && o.deadline === day).length;
  log(
    `  inspections: campaign "${name}", this run ${tally.visits} visits, ${tally.findings} findings, ${tally.orders} orders, ${tally.answered} answered, ${tally.closed} closed; ` +
      `orders now ${status('open')} open (${dueToday} due today: overdue from tomorrow), ${status('responded')} answered, ${status('closed')} closed, ${mine.filter((o) => o.overdue).length} overdue`,
  );
  return { campaignId: campaign.id, name, orders: { open: status('open'), responded: status('responded'), closed: status('closed'), dueToday, overdue: mine.filter((o) => o.overdue).length } };
}

/**
 * Builds the county (or the slice of it in `townships`). Returns the figures read back from the work report.
 */
async function buildCounty({ townships = COUNTY.townships, casesPerTownship = APPLICANTS_PER_TOWNSHIP, portOffset = 0, withInspections = true, log = console.log } = {}) {
  const t0 = Date.now();
  const secret = require('../lib/jwt-secret').jwtSecret();
  const token = (role, township, sub) => signToken({ sub: sub ?? `demo-county-${role}${township ? '-' + township : ''}`, role, township }, secret);
  const api = urls(portOffset);
  const wanted = new Set(townships);
  const all = countyHouseholds().filter((h) => wanted.has(h.township));
  const beneficiaries = all.filter((h) => !h.applicant);
  log(`  county: ${beneficiaries.length} beneficiary households, ${beneficiaries.reduce((n, h) => n + h.persons, 0)} people, ${all.length - beneficiaries.length} applicants in ${townships.length} townships`);

  // 1. The ledger, through the households service's import.
  const ledger = progress('ledger import', all.length, log);
  const counts = { imported: 0, unchanged: 0, statusChanged: 0, rejected: 0 };
  for (let i = 0; i < all.length; i += 5000) {
    const chunk = all.slice(i, i + 5000);
    const res = await request('POST', `${api.households}/households/import`, token('admin'), [LEDGER_HEADER, ...chunk.map((h) => h.line)].join('\n') + '\n', 'text/csv');
    counts.imported += res.imported ?? 0;
    counts.unchanged += res.unchanged ?? 0;
    // An install whose ledger was imported before the status column: its beneficiaries become beneficiaries now.
    counts.statusChanged += res.statusChanged ?? 0;
    counts.rejected += res.rejected?.length ?? 0;
    if (res.rejected?.length) log(`    rejected: ${JSON.stringify(res.rejected.slice(0, 3))}`);
    ledger.add(chunk.length);
  }
  log(`  ledger: ${counts.imported} imported, ${counts.unchanged} unchanged, ${counts.statusChanged} now beneficiaries, ${counts.rejected} rejected`);

  // The registry's ids of the ledger's households.
  const ids = new Map();
  const listing = progress('household ids', all.length, log);
  for (const township of townships) {
    for (let page = 1; ; page++) {
      const res = await request('GET', `${api.households}/households?township=${township}&pageSize=200&page=${page}`, token('admin'));
      let mine = 0;
      for (const item of res.items) if (item.ledgerNo && (item.ledgerNo.startsWith('ZJ-') || item.ledgerNo.startsWith('ZJA-'))) (ids.set(item.ledgerNo, item), mine++);
      listing.add(mine);
      if (page * 200 >= res.total) break;
    }
  }

  // 2. Existing beneficiaries enrolled in payments from the ledger.
  const enrol = progress('enrolment import', beneficiaries.length, log);
  const enrolled = { enrolled: 0, unchanged: 0 };
  for (let i = 0; i < beneficiaries.length; i += 2000) {
    const rows = beneficiaries.slice(i, i + 2000).map((h) => {
      const registered = ids.get(h.ledgerNo);
      if (!registered) throw new Error(`household ${h.ledgerNo} is not in the registry`);
      return { householdId: registered.id, township: h.township, scheme: h.scheme, persons: h.persons, monthlyAmountFen: h.monthlyAmountFen, ledgerNo: h.ledgerNo };
    });
    const res = await request('POST', `${api.payments}/enrolment-imports`, token('county_approver'), {
      reference: COUNTY.ledgerReference,
      urbanStartPeriod: COUNTY.urbanPeriods[0],
      ruralStartPeriod: COUNTY.quarter,
      rows,
    });
    enrolled.enrolled += res.enrolled;
    enrolled.unchanged += res.unchanged;
    enrol.add(rows.length);
  }
  log(`  enrolments: ${enrolled.enrolled} enrolled, ${enrolled.unchanged} unchanged`);

  // 3. Money: appropriations, payroll, approval and release of every batch.
  for (const [account, reference, amountFen] of COUNTY.appropriations) {
    await request('POST', `${api.payments}/fund/appropriations`, token('finance'), { account, reference, amountFen, receivedOn: '2026-01-04', note: '演示县 demo county' });
  }
  for (const [scheme, period] of [...COUNTY.urbanPeriods.map((p) => ['urban', p]), ['rural', COUNTY.quarter]]) {
    const run = await request('POST', `${api.payroll ?? api.payments}/payroll-runs`, token('finance'), { scheme, period, wait: true });
    let approved = 0;
    let released = 0;
    for (const status of ['draft', 'approved']) {
      for (;;) {
        const page = await request('GET', `${api.payments}/batches?scheme=${scheme}&period=${period}&status=${status}`, token('finance'));
        const items = (page.items ?? page).filter((b) => wanted.has(b.township));
        if (items.length === 0) break;
        for (const b of items) {
          if (status === 'draft') (await request('POST', `${api.payments}/batches/${b.id}/approve`, token('county_approver')), approved++);
          await request('POST', `${api.payments}/batches/${b.id}/release`, token('finance'));
          released++;
        }
      }
    }
    log(`  payroll ${period}: run ${run.status ?? ''}, ${approved} batches approved, ${released} released`);
  }

  // 4. Open applications through the real case workflow, each driven towards its own stage (see CASE_TARGETS).
  const applicants = all.filter((h) => h.applicant);
  const caseCounts = { started: 0, paper: 0, withCase: 0, moved: 0, atTarget: 0, waiting: 0, paperCaseIds: [] };
  const paperAcceptedOn = plusDays(today(), -PAPER_ACCEPTED_DAYS_AGO);
  const applicantCount = Math.min(casesPerTownship, APPLICANTS_PER_TOWNSHIP) * townships.length;
  const casesBar = progress('open cases', applicantCount, log);
  const openCases = async (township) => {
    const caseworker = token('caseworker', township);
    const reviewer = token('township_reviewer', township);
    const mine = applicants.filter((h) => h.township === township).slice(0, casesPerTownship);
    for (const [i, h] of mine.entries()) {
      const registered = ids.get(h.ledgerNo);
      let caseId = registered?.status === 'applicant' ? registered.openCaseId : undefined;
      if (!caseId && registered?.status === 'registered') {
        const paper = PAPER_APPLICATIONS.has(i);
        caseId = await startCase(api, caseworker, registered.id, h.scheme, township, paper ? paperAcceptedOn : undefined);
        if (caseId) caseCounts.started++;
        if (caseId && paper) (caseCounts.paper++, caseCounts.paperCaseIds.push(caseId));
      }
      if (caseId) {
        caseCounts.withCase++;
        const outcome = await driveCase(api, { caseworker, reviewer }, caseId, CASE_TARGETS[i % CASE_TARGETS.length]);
        caseCounts.moved += outcome.steps;
        if (outcome.reached) caseCounts.atTarget++;
        else caseCounts.waiting++;
      }
      casesBar.add(1);
    }
  };
  // Four townships at a time: each case is a handful of Temporal updates.
  let nextTownship = 0;
  await Promise.all(Array.from({ length: 4 }, async () => {
    while (nextTownship < townships.length) await openCases(townships[nextTownship++]);
  }));
  log(`  cases: ${caseCounts.started} started (${caseCounts.paper} paper applications accepted on ${paperAcceptedOn}), ${caseCounts.withCase} of ${applicantCount} applicants with an open case, ${caseCounts.moved} steps taken, ${caseCounts.atTarget} at their demo stage, ${caseCounts.waiting} waiting (publicity runs its full period: a later run moves them on)`);

  // 5. An inspection campaign with visits, findings and rectification orders.
  const inspections = withInspections ? await inspectionCampaign(api, townships, log, token) : undefined;

  // 6. The figures, read back from the work report, and the supervision overview of the open cases.
  const report = await request('GET', `${api.cases}/reports/work-report?quarter=${COUNTY.quarter}`, token('supervisor'));
  const figures = report.payouts.available
    ? {
        urban: { households: report.beneficiaries.data.urban.households, persons: report.beneficiaries.data.urban.persons, quarterFen: report.payouts.data.urban.quarterFen },
        rural: { households: report.beneficiaries.data.rural.households, persons: report.beneficiaries.data.rural.persons, quarterFen: report.payouts.data.rural.amountFen },
      }
    : undefined;
  if (figures) {
    for (const scheme of ['urban', 'rural']) {
      const f = figures[scheme];
      const target = COUNTY[scheme].quarterPayoutYuan * 100;
      log(`  work report ${COUNTY.quarter} ${scheme}: ${f.households} households, ${f.persons} people, ${yuan(f.quarterFen)} yuan (report: ${yuan(target)}; ${(((f.quarterFen - target) / target) * 100).toFixed(2)} %)`);
    }
  } else {
    log(`  work report: payouts not available (${report.payouts.reason})`);
  }
  const supervision = await caseFigures(api, token('supervisor'), townships, log);
  log(`  demo county loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  // The report's figures (undefined when payments is out of reach), the cases this run started and the supervision
  // overview of the open cases, and the inspection campaign.
  return { ...(figures ?? {}), report: figures ?? null, applicants: applicantCount, caseRun: { ...caseCounts, paperAcceptedOn }, cases: supervision, inspections };
}

module.exports = { COUNTY, APPLICANTS_PER_TOWNSHIP, countyHouseholds, buildCounty };

if (require.main === module) {
  const arg = (name) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  buildCounty({
    townships: arg('townships') ? arg('townships').split(',') : COUNTY.townships,
    casesPerTownship: arg('cases-per-township') ? Number(arg('cases-per-township')) : APPLICANTS_PER_TOWNSHIP,
    portOffset: arg('port-offset') ? Number(arg('port-offset')) : 0,
    withInspections: !process.argv.includes('--no-inspections'),
  }).catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
