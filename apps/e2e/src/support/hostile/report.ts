import * as fs from 'fs';
import * as path from 'path';
import type { Case } from './cases';
import type { Finding } from './checks';
import type { RawResponse } from './http';

export interface AppCounts {
  requests: number;
  '2xx': number;
  '3xx': number;
  '4xx': number;
  '4xxByStatus': Record<string, number>;
  '5xx': number;
  noAnswer: number;
}

export function countByApp(results: { c: Case; r: RawResponse }[]): Record<string, AppCounts> {
  const out: Record<string, AppCounts> = {};
  for (const { c, r } of results) {
    const a = (out[c.app] ??= { requests: 0, '2xx': 0, '3xx': 0, '4xx': 0, '4xxByStatus': {}, '5xx': 0, noAnswer: 0 });
    a.requests++;
    if (r.status === 0) a.noAnswer++;
    else if (r.status < 300) a['2xx']++;
    else if (r.status < 400) a['3xx']++;
    else if (r.status < 500) {
      a['4xx']++;
      a['4xxByStatus'][r.status] = (a['4xxByStatus'][r.status] ?? 0) + 1;
    } else a['5xx']++;
  }
  return out;
}

export function summaryTable(counts: Record<string, AppCounts>): string {
  const rows = Object.entries(counts);
  const total: AppCounts = { requests: 0, '2xx': 0, '3xx': 0, '4xx': 0, '4xxByStatus': {}, '5xx': 0, noAnswer: 0 };
  for (const [, a] of rows) {
    total.requests += a.requests;
    total['2xx'] += a['2xx'];
    total['3xx'] += a['3xx'];
    total['4xx'] += a['4xx'];
    total['5xx'] += a['5xx'];
    total.noAnswer += a.noAnswer;
    for (const [s, n] of Object.entries(a['4xxByStatus'])) total['4xxByStatus'][s] = (total['4xxByStatus'][s] ?? 0) + n;
  }
  const line = (name: string, a: AppCounts) =>
    `${name.padEnd(12)} ${String(a.requests).padStart(8)} ${String(a['2xx']).padStart(6)} ${String(a['4xx']).padStart(6)} ${String(a['5xx']).padStart(5)} ${String(a.noAnswer).padStart(6)}  ${Object.entries(a['4xxByStatus'])
      .map(([s, n]) => `${s}:${n}`)
      .join(' ')}`;
  return [`${'app'.padEnd(12)} ${'requests'.padStart(8)} ${'2xx'.padStart(6)} ${'4xx'.padStart(6)} ${'5xx'.padStart(5)} ${'no-ans'.padStart(6)}  4xx by status`, ...rows.map(([n, a]) => line(n, a)), line('total', total)].join('\n');
}

/** Findings grouped by kind, app, operation and case kind, with up to `examples` requests each. */
export function groupFindings(findings: Finding[], examples = 3): { key: string; count: number; examples: Finding[] }[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.kind} | ${f.app} | ${f.op} | ${f.caseKind} | ${f.status} | ${f.message.replace(/"[^"]*"|\[[^\]]*\]/g, '…')}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups.entries()].map(([key, fs]) => ({ key, count: fs.length, examples: fs.slice(0, examples) })).sort((a, b) => a.key.localeCompare(b.key));
}

export function writeJson(file: string, data: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(data, null, 2));
}
