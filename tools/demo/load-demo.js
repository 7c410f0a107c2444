// Loads a small demo slice through the services' own APIs: a ledger of households (T01…T32), the fund's
// appropriations, and open cases in T01 and T02 spread over the early stages. Idempotent: the ledger import and
// the appropriations change nothing the second time, and cases are only started while a township has fewer
// than the wanted number open. Then the demo county of the bureau's report (tools/demo/county.js): by default its
// first township only (its ledger with its 10 applicants, enrolments, 2026-Q1 payroll, inspection visits, and a case
// for every applicant, two of them paper applications accepted 55 days ago, overdue on the day of loading), the whole
// county with `npm start -- --full-county` (the same as `npm run demo:county`).
// Returns what it loaded: { cases: { started, wanted } of the slice, county: buildCounty's figures }.
const path = require('path');
require('../register-paths');
const { signToken } = require(path.join(__dirname, '../../dist/libs/platform/src'));
const { syntheticLedger, ledgerHeader } = require(path.join(__dirname, '../../dist/apps/households/src/cli/synthetic-ledger.util'));

const LEDGER_HOUSEHOLDS = 320;
const CASE_TOWNSHIPS = ['T01', 'T02'];
const CASES_PER_TOWNSHIP = 8;

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
  const json = text ? JSON.parse(text) : undefined;
  if (res.status >= 400) {
    const err = new Error(`${method} ${url} → ${res.status}: ${json?.detail ?? text}`);
    err.status = res.status;
    throw err;
  }
  return json;
}

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** The investigation a caseworker records from the household's registered facts. */
function investigationOf(household) {
  const members = household.members.map((m) => ({
    id: m.id,
    name: m.name,
    ableToWork: m.workAbility !== 'none',
    hasLegalSupporter: false,
    severelyDisabled: m.disabilityGrade === 1 || m.disabilityGrade === 2,
    ...(m.exclusion ? { exclusion: m.exclusion } : {}),
  }));
  const incomes = (household.incomes ?? [])
    .filter((i) => i.treatment !== 'deductible')
    .map((i) => ({ category: i.category, amount: i.amountFen, costs: i.costsFen ?? 0, period: i.period, memberId: i.memberId }));
  return {
    investigators: ['demo-investigator-zhao', 'demo-investigator-qian'],
    members,
    incomes,
    assets: { financialAssetsFen: 0, motorVehicles: 0, additionalDwellings: 0 },
    dataCheck: { result: 'passed' },
  };
}

async function loadDemo({ full = false, portOffset = 0, log = console.log } = {}) {
  const secret = process.env.JWT_SECRET;
  const token = (role, township) => signToken({ sub: `demo-${role}${township ? '-' + township : ''}`, role, township }, secret);
  const api = urls(portOffset);

  const csv = [ledgerHeader(), ...syntheticLedger(LEDGER_HOUSEHOLDS, 2026)].join('\n') + '\n';
  const imported = await request('POST', `${api.households}/households/import`, token('admin'), csv, 'text/csv');
  log(`  ledger: ${LEDGER_HOUSEHOLDS} households (${imported.imported ?? 0} new, ${imported.unchanged ?? 0} unchanged, ${imported.rejected?.length ?? 0} rejected)`);

  for (const [account, reference, amountFen] of [
    ['urban', '财社〔2026〕1号', 370_000_000],
    ['rural', '财社〔2026〕2号', 1_750_000_000],
  ]) {
    await request('POST', `${api.payments}/fund/appropriations`, token('finance'), { account, reference, amountFen, receivedOn: '2026-01-05', note: '演示数据 demo' });
  }
  log('  fund: urban and rural appropriations recorded');

  let started = 0;
  for (const township of CASE_TOWNSHIPS) {
    const caseworker = token('caseworker', township);
    // Households with an open case are applicants: the registry, not Temporal's visibility, says how many are open.
    const applicants = await request('GET', `${api.households}/households?township=${township}&status=applicant&pageSize=1`, caseworker);
    const wanted = CASES_PER_TOWNSHIP - applicants.total;
    if (wanted <= 0) continue;
    const page = await request('GET', `${api.households}/households?township=${township}&status=registered&pageSize=${wanted}`, caseworker);
    for (const [i, summary] of (page.items ?? []).entries()) {
      const household = await request('GET', `${api.households}/households/${summary.id}`, caseworker);
      const created = await request('POST', `${api.cases}/cases`, caseworker, {
        householdId: household.id,
        scheme: household.scheme,
        township,
        applicant: { kind: 'head' },
        claimedMonthlyIncomeFen: household.assessment?.perCapitaMonthlyIncomeFen ?? 0,
      });
      const step = (name, body) => request('POST', `${api.cases}/cases/${created.caseId}/${name}`, caseworker, body ?? {});
      const reach = i % 4;
      if (reach >= 1) await step('acceptance');
      if (reach >= 2) await step('investigation', investigationOf(household));
      if (reach >= 3) {
        await step('appraisal', {
          meetingOn: today(),
          tally: { attendees: 16, villagerRepresentatives: 11, representativesTotal: 13, approve: 12, reject: 2, abstain: 1, invalid: 1 },
        });
      }
      started++;
    }
  }
  log(`  cases: ${started} started in ${CASE_TOWNSHIPS.join(', ')} (application, investigation, appraisal, publicity)`);

  // The demo county: one township by default, all 32 with --full-county.
  const { buildCounty } = require('./county');
  log(full ? '  demo county: the whole county (--full-county)' : '  demo county: township T01 only (npm start -- --full-county for all 32)');
  // Every applicant of the ledger gets its case (until 2026-12 the default run passed 0 here: "cases: 0 started",
  // no paper applications, so 0 overdue on the day of loading).
  const county = await buildCounty({ townships: full ? undefined : ['T01'], portOffset, log });
  return { cases: { started, wanted: CASE_TOWNSHIPS.length * CASES_PER_TOWNSHIP }, county };
}

module.exports = { loadDemo };
