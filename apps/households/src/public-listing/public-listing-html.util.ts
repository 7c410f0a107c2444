import { fen, formatYuan } from '@dibao/domain';
import type { PublicListingRowView, PublicListingView } from './dto/public-listing.dto';
import { html, SafeHtml } from '@dibao/platform';
import { dateLabel, periodLabel } from './public-listing.util';

const CSS = `
  body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif; margin: 2em; color: #111; }
  h1 { font-size: 1.6em; text-align: center; } h2 { font-size: 1.3em; text-align: center; margin-top: 1.2em; }
  table { border-collapse: collapse; width: 100%; margin: .6em 0; font-size: 1em; }
  th, td { border: 1px solid #666; padding: .3em .5em; text-align: left; } td.n, th.n { text-align: right; }
  .meta { text-align: center; color: #333; } .sign { text-align: right; margin-top: 1.2em; } .note { font-size: .9em; color: #333; }
  section { page-break-after: always; } section:last-of-type { page-break-after: auto; }
  @media print { body { margin: 1.5cm; } h2 { page-break-after: avoid; } tr { page-break-inside: avoid; } }
  @page { size: A4; margin: 1.5cm; }
`;

const SCHEME_LABELS = { urban: '城市低保', rural: '农村低保' } as const;

interface VillageSection {
  township: string;
  townshipName: string;
  village: string;
  rows: PublicListingRowView[];
}

/** The rows (already in listing order) grouped into one section per township and village. */
export function villageSections(rows: readonly PublicListingRowView[]): VillageSection[] {
  const sections: VillageSection[] = [];
  for (const row of rows) {
    const last = sections[sections.length - 1];
    if (last && last.township === row.township && last.village === row.village) last.rows.push(row);
    else sections.push({ township: row.township, townshipName: row.townshipName, village: row.village, rows: [row] });
  }
  return sections;
}

function section(s: VillageSection, listing: PublicListingView): SafeHtml {
  const persons = s.rows.reduce((n, r) => n + r.persons, 0);
  const total = s.rows.reduce((n, r) => n + r.monthlyAmountFen, 0);
  return html`<section>
<h2>${s.townshipName}${s.village}最低生活保障对象公示</h2>
<p class="meta">共 ${s.rows.length} 户 ${persons} 人，月保障金额合计 ${formatYuan(fen(total))} 元</p>
<table>
<thead><tr><th class="n">序号</th><th>户主姓名</th><th class="n">保障人数</th><th class="n">月保障金额（元）</th><th>享受起始</th><th>类别</th><th>备注</th></tr></thead>
<tbody>
${s.rows.map(
  (r, i) =>
    html`<tr><td class="n">${i + 1}</td><td>${r.headName ?? '—'}</td><td class="n">${r.persons}</td><td class="n">${r.monthlyAmountYuan}</td><td>${periodLabel(r.since)}</td><td>${SCHEME_LABELS[r.scheme]}</td><td>${
      r.suspended ? `暂停发放（自${periodLabel(r.suspendedFromPeriod)}起）` : r.amountFromPeriod && r.amountFromPeriod !== r.since ? `自${periodLabel(r.amountFromPeriod)}起调整` : ''
    }</td></tr>`,
)}
</tbody>
</table>
<p class="sign">${listing.office}<br>制表日期：${dateLabel(listing.drawnUpOn)}</p>
</section>`;
}

/**
 * The listing as a printable, self-contained page (no scripts, no external style sheets, fonts or images): one
 * section per village with its heading, its table, the date it was drawn up and the county office's name.
 */
export function renderPublicListing(listing: PublicListingView): string {
  const sections = villageSections(listing.rows);
  const title = listing.village ?? '';
  const page = html`<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>${title}最低生活保障对象长期公示</title><style>${new SafeHtml(CSS)}</style></head>
<body>
<h1>最低生活保障对象长期公示</h1>
<p class="meta note">依据《最低生活保障审核确认办法》第二十四条，公示保障对象户主姓名、保障人数和保障金额。如有异议，请向乡镇人民政府或${listing.office}反映。</p>
${
  sections.length
    ? sections.map((s) => section(s, listing))
    : html`<section><h2>${listing.village ?? ''}最低生活保障对象公示</h2><p>暂无公示对象。</p><p class="sign">${listing.office}<br>制表日期：${dateLabel(listing.drawnUpOn)}</p></section>`
}
</body>
</html>
`;
  return page.html;
}
