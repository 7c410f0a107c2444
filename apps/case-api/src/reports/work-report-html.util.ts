import { barChart, esc, wanYuan, yuan } from './svg-chart.util';
import type { Section, WorkReport } from './work-report.service';

const STAGE_LABELS: Record<string, string> = {
  application: '申请受理',
  investigation: '入户调查',
  appraisal: '民主评议',
  publicity: '公示',
  township_review: '乡镇审核',
  county_approval: '县级审批',
};
const SCHEME_LABELS: Record<string, string> = { urban: '城市低保', rural: '农村低保' };
const UNIT_LABELS: Record<string, string> = { per_person_per_month: '元/人·月', per_person_per_year: '元/人·年' };

const n = (v: number) => v.toLocaleString('en-US');

function unavailable<T>(s: Section<T>): string | undefined {
  return s.available ? undefined : `<p class="missing">数据暂不可用 (data not available): ${esc(s.reason)}</p>`;
}

/**
 * The work report as one printable Chinese HTML page with inline SVG charts: no scripts, no external resources,
 * every value escaped. Money in the county's units (万元) with the exact yuan beside it.
 */
export function renderWorkReportHtml(r: WorkReport, townshipNames: Record<string, string> = {}): string {
  const name = (code: string) => (townshipNames[code] ? `${townshipNames[code]} (${code})` : code);
  const sections: string[] = [];

  // 一、基本情况
  const b = r.beneficiaries;
  const p = r.payouts;
  sections.push('<h2>一、城乡低保基本情况</h2>');
  if (b.data && p.data) {
    const u = b.data.urban;
    const ru = b.data.rural;
    sections.push(
      `<p class="lead">本季度城市低保对象 <b>${n(u.households)}</b> 户 <b>${n(u.persons)}</b> 人，发放低保金 <b>${wanYuan(p.data.urban.quarterFen)}</b> 万元；` +
        `农村低保对象 <b>${n(ru.households)}</b> 户 <b>${n(ru.persons)}</b> 人，发放低保金 <b>${wanYuan(p.data.rural.amountFen)}</b> 万元。` +
        `合计发放 <b>${wanYuan(p.data.totalFen)}</b> 万元。</p>`,
    );
    sections.push(
      '<table><thead><tr><th>类别 scheme</th><th>发放期 period</th><th>户数</th><th>人数</th><th>金额（元）</th><th>对账</th></tr></thead><tbody>' +
        p.data.urban.periods
          .map((x) => `<tr><td>城市低保</td><td>${esc(x.period)}</td><td>${n(x.households)}</td><td>${n(x.persons)}</td><td class="num">${yuan(x.amountFen)}</td><td>${x.reconciled === false ? '未平' : '已平'}</td></tr>`)
          .join('') +
        `<tr><td>农村低保</td><td>${esc(p.data.rural.period)}</td><td>${n(p.data.rural.households)}</td><td>${n(p.data.rural.persons)}</td><td class="num">${yuan(p.data.rural.amountFen)}</td><td>${p.data.rural.reconciled === false ? '未平' : '已平'}</td></tr>` +
        `<tr class="total"><td colspan="4">合计 total</td><td class="num">${yuan(p.data.totalFen)}</td><td></td></tr></tbody></table>`,
    );
    const townships = [...new Set([...u.byTownship, ...ru.byTownship].map((t) => t.township))].sort();
    const of = (rows: typeof u.byTownship, t: string) => rows.find((x) => x.township === t);
    sections.push(
      barChart({
        title: '各乡镇低保人数 persons per township',
        series: ['城市 urban', '农村 rural'],
        bars: townships.map((t) => ({ label: t, values: [of(u.byTownship, t)?.persons ?? 0, of(ru.byTownship, t)?.persons ?? 0] })),
      }),
    );
    sections.push(
      barChart({
        title: '各乡镇本季度发放金额（万元）payouts per township',
        series: ['农村 rural', '城市 urban (末月)'],
        bars: townships.map((t) => ({ label: t, values: [(of(ru.byTownship, t)?.amountFen ?? 0) / 1_000_000, (of(u.byTownship, t)?.amountFen ?? 0) / 1_000_000] })),
        format: (v) => v.toFixed(1),
      }),
    );
    sections.push(
      '<table><thead><tr><th>乡镇 township</th><th>城市户数</th><th>城市人数</th><th>农村户数</th><th>农村人数</th></tr></thead><tbody>' +
        townships
          .map((t) => `<tr><td>${esc(name(t))}</td><td>${n(of(u.byTownship, t)?.households ?? 0)}</td><td>${n(of(u.byTownship, t)?.persons ?? 0)}</td><td>${n(of(ru.byTownship, t)?.households ?? 0)}</td><td>${n(of(ru.byTownship, t)?.persons ?? 0)}</td></tr>`)
          .join('') +
        '</tbody></table>',
    );
  } else {
    sections.push(unavailable(b) ?? unavailable(p) ?? '');
  }

  // 二、保障标准
  sections.push('<h2>二、保障标准历史 standards</h2>');
  sections.push(
    r.standards.data
      ? '<table><thead><tr><th>类别</th><th>范围</th><th>标准</th><th>起始日期</th><th>依据</th></tr></thead><tbody>' +
          r.standards.data
            .map((s) => `<tr><td>${esc(SCHEME_LABELS[s.scheme] ?? s.scheme)}</td><td>${esc(s.area === 'county' ? '全县' : s.area)}</td><td class="num">${yuan(s.amountFen)} ${esc(UNIT_LABELS[s.unit] ?? s.unit)}</td><td>${esc(s.effectiveFrom)}</td><td>${esc(s.reason)}</td></tr>`)
            .join('') +
          '</tbody></table>'
      : (unavailable(r.standards) ?? ''),
  );

  // 三、动态管理
  sections.push('<h2>三、动态管理：新增与退出 entries and exits</h2>');
  sections.push(
    r.movements.data
      ? `<p>本季度新增低保对象 <b>${n(r.movements.data.entered)}</b> 户，退出 <b>${n(r.movements.data.exited)}</b> 户。</p>`
      : (unavailable(r.movements) ?? ''),
  );

  // 四、在办案件
  sections.push('<h2>四、在办申请与督办 open cases</h2>');
  if (r.cases.data) {
    const c = r.cases.data;
    sections.push(
      `<p>在办申请 <b>${n(c.open)}</b> 件，其中超期 <b>${n(c.overdue)}</b> 件，滞留 <b>${n(c.stalled)}</b> 件。</p>` +
        '<table><thead><tr>' +
        Object.keys(STAGE_LABELS).map((s) => `<th>${esc(STAGE_LABELS[s])}</th>`).join('') +
        '</tr></thead><tbody><tr>' +
        Object.keys(STAGE_LABELS).map((s) => `<td>${n(c.byStage[s] ?? 0)}</td>`).join('') +
        '</tr></tbody></table>',
    );
    sections.push(
      barChart({
        title: '各乡镇在办与超期申请 open and overdue cases',
        series: ['在办 open', '超期 overdue', '滞留 stalled'],
        bars: c.townships.map((t) => ({ label: t.township, values: [t.open, t.overdue, t.stalled] })),
      }),
    );
  } else {
    sections.push(unavailable(r.cases) ?? '');
  }

  // 五、督查
  sections.push('<h2>五、督查情况 inspections</h2>');
  if (r.inspections.data) {
    if (r.inspections.data.length === 0) sections.push('<p>本季度无督查活动。</p>');
    for (const c of r.inspections.data) {
      const t = c.totals;
      sections.push(
        `<h3>${esc(c.campaign.name)}（${esc(c.campaign.startsOn)} 至 ${esc(c.campaign.endsOn)}）</h3>` +
          `<p>督查乡镇 ${n(t.townships)} 个，计划督查 ${n(t.visits.planned)} 次，已完成 ${n(t.visits.done)} 次，${n(t.townshipsFullyVisited)} 个乡镇已完成全部督查；` +
          `发现问题 ${n(t.findings.total)} 个，责令整改 ${n(t.rectifications.issued)} 项，已整改 ${n(t.rectifications.closed)} 项` +
          `（按期 ${n(t.rectifications.closedOnTime)} 项${t.rectifications.onTimePercent === null ? '' : `，按期率 ${t.rectifications.onTimePercent}%`}），超期未整改 ${n(t.rectifications.overdue)} 项。</p>`,
      );
      if (c.findingsByCategory.length > 0) {
        sections.push('<ul>' + c.findingsByCategory.map((f) => `<li>${esc(f.label)}：${n(f.count)}</li>`).join('') + '</ul>');
      }
      sections.push(
        '<table><thead><tr><th>乡镇</th><th>计划</th><th>完成</th><th>问题</th><th>整改</th><th>超期</th></tr></thead><tbody>' +
          c.scorecards
            .map((s) => `<tr><td>${esc(s.name)} (${esc(s.township)})</td><td>${n(s.visits.planned)}</td><td>${n(s.visits.done)}</td><td>${n(s.findings.total)}</td><td>${n(s.rectifications.issued)}</td><td>${n(s.rectifications.overdue)}</td></tr>`)
            .join('') +
          '</tbody></table>',
      );
    }
  } else {
    sections.push(unavailable(r.inspections) ?? '');
  }

  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>城乡低保工作情况汇报 ${esc(r.quarter)}</title>
<style>
body{font-family:"Noto Sans CJK SC","WenQuanYi Zen Hei","Source Han Sans SC",sans-serif;margin:2em auto;max-width:960px;color:#222}
h1{text-align:center;font-size:22px}h2{font-size:17px;border-bottom:1px solid #999;margin-top:1.6em}h3{font-size:15px}
table{border-collapse:collapse;width:100%;margin:.6em 0;font-size:12px}th,td{border:1px solid #bbb;padding:3px 6px;text-align:left}
td.num{text-align:right}tr.total td{font-weight:bold}.lead{font-size:14px;line-height:1.7}.missing{color:#a33}.meta{text-align:center;color:#666;font-size:12px}
svg{display:block;margin:.8em 0}
@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}table,svg{page-break-inside:avoid}}
</style></head><body>
<h1>关于全县城乡居民最低生活保障工作情况的汇报</h1>
<p class="meta">${esc(r.quarter)}（${esc(r.from)} 至 ${esc(r.to)}，不含）· 生成于 ${esc(r.generatedAt)}</p>
${sections.join('\n')}
</body></html>`;
}
