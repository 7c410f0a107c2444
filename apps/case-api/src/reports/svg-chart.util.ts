/** Escapes text for HTML and SVG. */
export function esc(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export interface Bar {
  label: string;
  values: number[];
}

/**
 * A grouped vertical bar chart as inline SVG (no scripts, no external resources), for print and screen.
 * `series` names the values of each bar group; colours repeat.
 */
export function barChart(opts: { title: string; series: string[]; bars: Bar[]; width?: number; height?: number; format?: (n: number) => string }): string {
  const width = opts.width ?? 900;
  const height = opts.height ?? 260;
  const pad = { left: 64, right: 12, top: 28, bottom: 48 };
  const colours = ['#2f6db5', '#d9534f', '#f0ad4e', '#5cb85c'];
  const max = Math.max(1, ...opts.bars.flatMap((b) => b.values));
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const groupW = opts.bars.length > 0 ? plotW / opts.bars.length : plotW;
  const barW = Math.max(1, (groupW * 0.8) / Math.max(1, opts.series.length));
  const fmt = opts.format ?? ((n: number) => Math.round(n).toLocaleString('en-US'));
  const parts: string[] = [];
  parts.push(`<text x="${pad.left}" y="16" font-size="13" font-weight="bold">${esc(opts.title)}</text>`);
  for (let i = 0; i <= 4; i++) {
    const y = pad.top + plotH - (plotH * i) / 4;
    parts.push(`<line x1="${pad.left}" x2="${width - pad.right}" y1="${y}" y2="${y}" stroke="#ddd"/>`);
    parts.push(`<text x="${pad.left - 4}" y="${y + 4}" font-size="10" text-anchor="end">${esc(fmt((max * i) / 4))}</text>`);
  }
  opts.bars.forEach((b, g) => {
    const x0 = pad.left + g * groupW + groupW * 0.1;
    b.values.forEach((v, s) => {
      const h = (plotH * v) / max;
      parts.push(
        `<rect x="${(x0 + s * barW).toFixed(1)}" y="${(pad.top + plotH - h).toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${colours[s % colours.length]}"><title>${esc(`${b.label} ${opts.series[s] ?? ''}: ${fmt(v)}`)}</title></rect>`,
      );
    });
    const lx = x0 + (barW * b.values.length) / 2;
    parts.push(`<text x="${lx.toFixed(1)}" y="${height - pad.bottom + 14}" font-size="10" text-anchor="end" transform="rotate(-45 ${lx.toFixed(1)} ${height - pad.bottom + 14})">${esc(b.label)}</text>`);
  });
  opts.series.forEach((name, s) => {
    const x = width - pad.right - 110 * (opts.series.length - s);
    parts.push(`<rect x="${x}" y="6" width="10" height="10" fill="${colours[s % colours.length]}"/><text x="${x + 14}" y="15" font-size="11">${esc(name)}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(opts.title)}" viewBox="0 0 ${width} ${height}" width="100%" style="max-width:${width}px">${parts.join('')}</svg>`;
}

/** Integer fen as yuan with two decimals and thousands separators: 360500000 → "3,605,000.00". */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/** Integer fen as 万元 (ten thousand yuan) with two decimals, as the county's report writes money: 360.50. */
export function wanYuan(fen: number): string {
  return (fen / 1_000_000).toFixed(2);
}
