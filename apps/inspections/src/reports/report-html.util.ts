import { findingSeveritySchema } from '@dibao/contracts';
import { html, SafeHtml } from '@dibao/platform';
import { SEVERITY_LABELS } from './labels.util';
import type { CampaignReport } from './reports.service';

const CSS = `
  body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif; margin: 2em; color: #111; }
  h1 { font-size: 1.6em; text-align: center; } h2 { font-size: 1.2em; border-bottom: 1px solid #444; margin-top: 1.6em; }
  table { border-collapse: collapse; width: 100%; margin: .6em 0; font-size: .95em; }
  th, td { border: 1px solid #666; padding: .25em .5em; text-align: left; } td.n, th.n { text-align: right; }
  .meta { text-align: center; color: #333; } .late { color: #a00; font-weight: bold; }
  @media print { body { margin: 1.5cm; } h2 { page-break-after: avoid; } table { page-break-inside: auto; } tr { page-break-inside: avoid; } a { color: inherit; } }
  @page { size: A4; margin: 1.5cm; }
`;

const pct = (p: number | null): string => (p === null ? '—' : `${p}%`);

/** The campaign report for the county government (督查情况通报) as a printable, self-contained HTML page. */
export function renderCampaignReport(r: CampaignReport): string {
  const severities = findingSeveritySchema.options;
  const t = r.totals;
  const list = (rows: SafeHtml[], empty: string): SafeHtml => (rows.length ? html`${rows}` : html`<p>${empty}</p>`);
  const page = html`<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>${r.campaign.name} 督查情况报告</title><style>${new SafeHtml(CSS)}</style></head>
<body>
<h1>${r.campaign.name}<br>城乡低保工作督查情况报告</h1>
<p class="meta">督查期间：${r.campaign.startsOn} 至 ${r.campaign.endsOn}&emsp;报告日期：${r.generatedOn}</p>

<h2>一、总体情况</h2>
<table>
<tr><th>乡镇数</th><td class="n">${t.townships}</td><th>计划督查次数</th><td class="n">${t.visits.planned}</td><th>已督查次数</th><td class="n">${t.visits.done}</td><th>尚欠次数</th><td class="n">${t.visits.due}</td></tr>
<tr><th>完成督查的乡镇</th><td class="n">${t.townshipsFullyVisited}</td><th>发现问题</th><td class="n">${t.findings.total}</td><th>下达整改</th><td class="n">${t.rectifications.issued}</td><th>按期整改率</th><td class="n">${pct(t.rectifications.onTimePercent)}</td></tr>
</table>
<p>问题按严重程度：${severities.map((s) => `${SEVERITY_LABELS[s]} ${t.findings.bySeverity[s]} 个`).join('，')}。整改已销号 ${t.rectifications.closed} 件（按期 ${t.rectifications.closedOnTime} 件），未销号 ${t.rectifications.open + t.rectifications.responded} 件，其中逾期 ${t.rectifications.overdue} 件。</p>

<h2>二、发现的主要问题</h2>
${list(
  r.findingsByCategory.length ? [html`<table><tr><th>问题类别</th><th class="n">个数</th></tr>${r.findingsByCategory.map((c) => html`<tr><td>${c.label}</td><td class="n">${c.count}</td></tr>`)}</table>`] : [],
  '本次督查未发现问题。',
)}

<h2>三、好的做法和经验</h2>
${list(
  r.goodPractice.map((g) => html`<p><strong>${g.name}（${g.township}）</strong>：${g.items.join('；')}</p>`),
  '暂无。',
)}

<h2>四、整改未完成的乡镇</h2>
${list(
  r.townshipsWithOpenRectifications.length
    ? [html`<table><tr><th>乡镇</th><th class="n">待整改</th><th class="n">已反馈待核查</th><th class="n">逾期</th></tr>${r.townshipsWithOpenRectifications.map(
        (x) => html`<tr><td>${x.name}（${x.township}）</td><td class="n">${x.open}</td><td class="n">${x.responded}</td><td class="n${x.overdue ? ' late' : ''}">${x.overdue}</td></tr>`,
      )}</table>`]
    : [],
  '无。',
)}

<h2>五、整改逾期的乡镇（予以通报）</h2>
${list(
  r.townshipsWithLateRectifications.length
    ? [html`<table><tr><th>乡镇</th><th class="n">逾期未整改</th><th class="n">逾期后整改</th></tr>${r.townshipsWithLateRectifications.map(
        (x) => html`<tr><td class="late">${x.name}（${x.township}）</td><td class="n">${x.overdue}</td><td class="n">${x.closedLate}</td></tr>`,
      )}</table>`]
    : [],
  '无。',
)}

<h2>六、各乡镇督查情况</h2>
<table>
<tr><th>乡镇</th><th class="n">计划</th><th class="n">已督查</th><th class="n">尚欠</th>${severities.map((s) => html`<th class="n">${SEVERITY_LABELS[s]}问题</th>`)}<th class="n">整改下达</th><th class="n">已销号</th><th class="n">逾期</th><th class="n">按期率</th></tr>
${r.scorecards.map(
  (c) => html`<tr><td>${c.name}（${c.township}）</td><td class="n">${c.visits.planned}</td><td class="n">${c.visits.done}</td><td class="n">${c.visits.due}</td>${severities.map(
    (s) => html`<td class="n">${c.findings.bySeverity[s]}</td>`,
  )}<td class="n">${c.rectifications.issued}</td><td class="n">${c.rectifications.closed}</td><td class="n">${c.rectifications.overdue}</td><td class="n">${pct(c.rectifications.onTimePercent)}</td></tr>`,
)}
</table>
</body>
</html>
`;
  return page.html;
}
