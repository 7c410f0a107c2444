import { execSync } from 'child_process';
import { existsSync, mkdirSync } from 'fs';
import * as path from 'path';
import { randomUUID } from 'crypto';
import { Client } from 'pg';
import { Browser, chromium } from 'playwright-core';
import { residentIdCheckCharacter } from '@dibao/domain';
import { eventually } from '@dibao/platform/testing';
import { call, startSystem, System } from './support/system';

/*
 * The supervisor dashboard end to end: the built system (second copy, ports +1000), cases opened through the real
 * API in two townships of this run, and Debian's Chromium driven by playwright-core: the page loads with a token,
 * the township table shows the counts, a drill-down lists exactly that township's cases, English is available, and
 * a screenshot lands in .local/test-results/dashboard.png.
 */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'];
const RESULTS = path.join(__dirname, '../../../.local/test-results');

const run = randomUUID().slice(0, 6).toUpperCase();
const A = `DB${run}A`;
const B = `DB${run}B`;

function residentId(seq: number, birth = '19700101'): string {
  const first17 = `520102${birth}${String(100 + seq).slice(-3)}`;
  return first17 + residentIdCheckCharacter(first17);
}

/** Chromium must be there: installed here if missing (allowed as root), else the suite fails saying what to do. */
function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  try {
    execSync('apt-get install -y chromium', { stdio: 'pipe', timeout: 600_000 });
  } catch (e) {
    throw new Error(`the dashboard test needs Debian's chromium at ${CHROMIUM}; "apt-get install -y chromium" failed: ${String(e).slice(0, 500)}`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get install -y chromium ran but ${CHROMIUM} is still missing (set CHROMIUM_PATH)`);
}

describe('supervisor dashboard in headless Chromium', () => {
  let system: System;
  let browser: Browser;
  const casesOf: Record<string, string[]> = { [A]: [], [B]: [] };

  beforeAll(async () => {
    ensureChromium();
    system = await startSystem({ extraEnv: { SUPERVISION_TOWNSHIPS: `${A},${B}`, CHROMIUM_PATH: CHROMIUM } });
    // This run's two townships join the registry's reference data (its migration seeds T01…T32; issue 15: a household
    // in a township the county does not have is refused).
    const householdsDb = new Client({ connectionString: system.databaseUrl('households') });
    await householdsDb.connect();
    for (const code of [A, B]) {
      await householdsDb.query(`INSERT INTO township (code, name, changed_by) VALUES ($1, $2, 'e2e') ON CONFLICT (code) DO NOTHING`, [code, `看板测试乡 ${code}`]);
    }
    await householdsDb.end();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

    let seq = 0;
    for (const [township, n] of [[A, 3], [B, 1]] as const) {
      const caseworker = system.token('caseworker', township);
      for (let i = 0; i < n; i++) {
        seq += 2;
        const household = await call('POST', `${system.url('households')}/api/v1/households`, caseworker, {
          hukou: 'agricultural',
          township,
          village: '红星村',
          address: `红星村${seq}组`,
          ledgerNo: `DB-${run}-${seq}`,
          members: [
            { name: '李大山', residentId: residentId(seq), relation: 'head', workAbility: 'partial', incomes: [{ category: 'wages', amountFen: 9000, period: 'monthly' }] },
            { name: '李小花', residentId: residentId(seq + 1, '20120301'), relation: 'child', workAbility: 'none' },
          ],
          account: { kind: 'bank', institution: '县农商银行', number: '6228480012345678901', holderName: '李大山' },
        });
        expect(household.status).toBe(201);
        const created = await call('POST', `${system.url('case-api')}/api/v1/cases`, caseworker, {
          householdId: household.body.id,
          scheme: 'rural',
          township,
          applicant: { kind: 'head' },
          claimedMonthlyIncomeFen: 4500,
        });
        expect(created.status).toBe(201);
        casesOf[township]!.push(created.body.caseId);
      }
    }
    // One of A's cases moves on to investigation.
    const accepted = await call('POST', `${system.url('case-api')}/api/v1/cases/${casesOf[A]![0]}/acceptance`, system.token('caseworker', A), {});
    expect(accepted.status).toBe(200);
    // Visibility is indexed asynchronously.
    await eventually(async () => {
      const o = await call('GET', `${system.url('case-api')}/api/v1/supervision/overview?fresh=true`, system.token('supervisor'));
      const a = o.body.townships?.find((t: { township: string }) => t.township === A);
      return a?.open === 3 && a.byStage.investigation === 1 && o.body.totals.open === 4 ? o.body : undefined;
    }, 60_000, 500);
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('loads, drills down into a township, speaks English, and is photographed', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${system.url('case-api')}/dashboard?token=${encodeURIComponent(system.token('supervisor'))}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    // The token left the address bar.
    expect(page.url()).not.toContain('token=');
    expect(await page.textContent('h1')).toBe('城乡低保督查看板');
    expect(await page.textContent('#totalOpen')).toBe('4');

    const rowA = page.locator(`tr.township[data-township="${A}"]`);
    expect(await rowA.locator('td[data-col="open"]').textContent()).toBe('3');
    expect(await page.locator(`tr.township[data-township="${B}"] td[data-col="open"]`).textContent()).toBe('1');

    await rowA.click();
    await page.waitForSelector(`#cases[data-loaded-township="${A}"]`);
    const shown = await page.locator('#cases tr.case').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case-id')));
    expect(shown.sort()).toEqual([...casesOf[A]!].sort());
    expect(await page.locator('#cases tr.case').first().textContent()).toMatch(/申请受理|入户调查/);

    // The payouts chart and scorecard come from payments and inspections through the work report.
    expect(await page.locator('#payoutChart svg').count()).toBe(1);
    expect(await page.locator('#caseloadChart svg rect').count()).toBeGreaterThan(0);

    await page.click('#lang');
    expect(await page.textContent('h1')).toBe('Dibao supervision dashboard');
    await page.waitForSelector('#cases tr.case');
    expect(await page.locator('#cases thead').textContent()).toContain('Days waiting');
    await page.click('#lang');
    await page.waitForSelector(`#cases tr.case[data-case-id="${casesOf[A]![0]}"]`);

    mkdirSync(RESULTS, { recursive: true });
    const file = path.join(RESULTS, 'dashboard.png');
    await page.screenshot({ path: file, fullPage: true });
    expect(existsSync(file)).toBe(true);
    expect(errors).toEqual([]);
  });

  it('asks for a token when it has none, and refuses a bad one', async () => {
    const page = await browser.newPage();
    await page.goto(`${system.url('case-api')}/dashboard`);
    expect(await page.isVisible('#login')).toBe(true);
    await page.fill('#tokenInput', 'not-a-token');
    await page.click('#loginButton');
    await page.locator('#loginError', { hasText: '令牌无效或已过期' }).waitFor();
  });

  it('serves the work report JSON from payments and inspections, and its PDF', async () => {
    const supervisor = system.token('supervisor');
    const report = await call('GET', `${system.url('case-api')}/api/v1/reports/work-report?quarter=2026-Q1`, supervisor);
    expect(report.status).toBe(200);
    expect(report.body.payouts).toMatchObject({ available: true, data: { totalFen: 0 } });
    expect(report.body.standards.available).toBe(true);
    expect(report.body.standards.data.map((s: { scheme: string }) => s.scheme)).toEqual(expect.arrayContaining(['urban', 'rural']));
    expect(report.body.inspections.available).toBe(true);
    const pdf = await fetch(`${system.url('case-api')}/api/v1/reports/work-report.pdf?quarter=2026-Q1`, { headers: { authorization: `Bearer ${supervisor}` } });
    expect(pdf.status).toBe(200);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
