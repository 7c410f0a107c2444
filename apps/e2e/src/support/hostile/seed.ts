import { call } from '../system';
import type { BodyRefs, Seeds } from './cases';
import { freshResidentId, RESIDENT_ID_PLACEHOLDER } from './ids';

/**
 * A little state in township T02, made through the APIs, for the path params and the township cases to hit.
 * Each step is best effort: what could not be made falls back to unknown ids (reported in `notes`).
 */
export interface Seeded {
  /** Per app: path param values by `<segment before>:<param>`. */
  seeds: Record<string, Seeds>;
  /** Per app: path param values of reference data that exists (township codes, account codes). */
  fixed: Record<string, Seeds>;
  /** Per app: body fields that should point at seeded records. */
  refs: Record<string, BodyRefs>;
  /** Ids of T02 records. */
  t02Ids: string[];
  /** Number of state-changing requests the seeding sent (before the first snapshot). */
  requests: number;
  notes: string[];
}

function isoDay(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86400000).toISOString().slice(0, 10);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export async function seed(urls: Record<string, string>, adminToken: string): Promise<Seeded> {
  const out: Seeded = { seeds: {}, fixed: {}, refs: {}, t02Ids: [], requests: 0, notes: [] };
  const step = async (what: string, method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Any | undefined> => {
    out.requests++;
    const r = await call(method, url, adminToken, body, headers);
    if (r.status >= 300) {
      out.notes.push(`seed ${what}: ${method} ${url} → ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
      return undefined;
    }
    return r.body;
  };

  if (urls['households']) {
    const u = `${urls['households']}/api/v1/households`;
    const seeds: Seeds = {};
    const hh = await step('household', 'POST', u, {
      hukou: 'agricultural',
      township: 'T02',
      village: '红星村',
      address: '红星村三组12号',
      ledgerNo: 'E2E-HOSTILE-1',
      members: [
        {
          name: '王秀英',
          relation: 'head',
          workAbility: 'full',
          residentId: freshResidentId(),
          incomes: [{ category: 'wages', amountFen: 120000, period: 'monthly', note: '建筑零工' }],
        },
      ],
      account: { kind: 'credit_cooperative', institution: '某县农村信用合作联社', number: '6228480012345678901', holderName: '王秀英' },
      proxies: [{ name: '李建国', residentId: freshResidentId(), relation: 'neighbour', entrustmentRef: 'CWH-2026-0042' }],
      assets: [{ kind: 'financial', valueFen: 500000, description: '定期存款' }],
    });
    if (hh?.id) {
      seeds['households:id'] = hh.id;
      out.t02Ids.push(hh.id);
      const member = (hh.members ?? [])[0];
      if (member?.id) seeds['members:memberId'] = member.id;
      const income = (hh.incomes ?? member?.incomes ?? [])[0];
      const asset = (hh.assets ?? [])[0];
      if (income?.id) seeds['incomes:itemId'] = income.id;
      if (asset?.id) seeds['assets:assetId'] = asset.id;
      if (!income?.id) {
        const items = await call('GET', `${u}/${hh.id}/incomes`, adminToken);
        const first = Array.isArray(items.body) ? items.body[0] : undefined;
        if (first?.id) seeds['incomes:itemId'] = first.id;
      }
    }
    out.seeds['households'] = seeds;
    out.refs['households'] = { memberId: seeds['members:memberId'], township: 'T02', residentId: RESIDENT_ID_PLACEHOLDER };
  }

  if (urls['payments']) {
    const u = `${urls['payments']}/api/v1`;
    await step('standard', 'POST', `${u}/standards`, { scheme: 'urban', area: 'county', amountFen: 18000, effectiveFrom: '2026-04-01', reason: 'e2e hostile-input seed' });
    await step('appropriation', 'POST', `${u}/fund/appropriations`, { account: 'urban', reference: 'E2E-HOSTILE-1', amountFen: 1000000, receivedOn: '2026-03-02', note: 'seed' });
    out.seeds['payments'] = {};
    out.fixed['payments'] = { 'accounts:code': 'urban', 'periods:period': '2026-03' };
    out.refs['payments'] = {};
  }

  if (urls['inspections']) {
    const u = `${urls['inspections']}/api/v1`;
    const seeds: Seeds = {};
    out.fixed['inspections'] = { 'townships:code': 'T02', 'plan:township': 'T02', 'spot-checks:township': 'T02', 'scorecards:township': 'T02' };
    const group = await step('group', 'POST', `${u}/groups`, { name: '第一督查组 e2e', members: [{ inspectorId: 'e2e-admin', name: '王建国', leader: true }] });
    if (group?.id) {
      seeds['groups:id'] = group.id;
      seeds['members:inspectorId'] = 'e2e-admin';
    }
    const campaign = await step('campaign', 'POST', `${u}/campaigns`, { name: 'e2e 督查', startsOn: isoDay(-10), endsOn: isoDay(60), minVisitsPerTownship: 1, sampleSharePercent: 30 });
    if (campaign?.id) seeds['campaigns:id'] = campaign.id;
    if (group?.id && campaign?.id) {
      const visit = await step(
        'visit',
        'POST',
        `${u}/visits`,
        {
          campaignId: campaign.id,
          groupId: group.id,
          township: 'T02',
          visitedOn: isoDay(-1),
          checked: ['低保档案'],
          findings: [
            {
              category: 'missing_materials',
              severity: 'moderate',
              description: '缺少家庭经济状况核对报告',
              rectification: { requirement: '一个月内补齐', deadline: isoDay(30) },
            },
          ],
        },
        { 'idempotency-key': 'e2e-hostile-seed-visit-1' },
      );
      if (visit?.id) {
        seeds['visits:id'] = visit.id;
        out.t02Ids.push(visit.id);
        const finding = (visit.findings ?? [])[0];
        if (finding?.id) {
          seeds['findings:id'] = finding.id;
          out.t02Ids.push(finding.id);
        }
        const orderId = finding?.order?.id ?? finding?.orderId ?? finding?.rectificationOrderId;
        if (orderId) seeds['orders:id'] = orderId;
        else {
          const orders = await call('GET', `${u}/orders?township=T02`, adminToken);
          const first = Array.isArray(orders.body) ? orders.body[0] : undefined;
          if (first?.id) seeds['orders:id'] = first.id;
        }
        if (seeds['orders:id']) out.t02Ids.push(seeds['orders:id']);
      }
    }
    out.seeds['inspections'] = seeds;
    out.refs['inspections'] = { campaignId: seeds['campaigns:id'], groupId: seeds['groups:id'], visitId: seeds['visits:id'], township: 'T02' };
  }
  return out;
}
