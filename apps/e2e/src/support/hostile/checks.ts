import type { Case } from './cases';
import type { RawResponse } from './http';
import { SCRIPT_STRING } from './payloads';

export interface Finding {
  kind: '5xx' | 'transport' | 'wrong-status' | 'accepted' | 'problem-body' | 'errors-field' | 'internals-leak' | 'township-leak' | 'unescaped-script';
  app: string;
  op: string;
  case: string;
  caseKind: string;
  phase: string;
  status: number;
  message: string;
  request: string;
  body: string;
}

/** Text that only a stack trace or a database error would put in an answer (not our own payloads). */
const INTERNALS = [
  /\n\s+at [\w.<>$]+ \(/,
  /\bat (?:async )?[\w.<>$]+ \((?:\/|node:)/,
  /node_modules\//,
  /\/dist\/apps\//,
  /QueryFailedError|EntityNotFound(?:Error)?|TypeORMError/,
  /syntax error at or near/i,
  /relation "[^"]+" does not exist/,
  /duplicate key value violates/,
  /violates (?:foreign key|unique|check|not-null) constraint/,
  /invalid input syntax for/,
  /invalid byte sequence for encoding/,
  /value too long for type/,
  /out of range for type/,
  /\bERROR: /,
  /TypeError: |ReferenceError: |RangeError: /,
];

function excerpt(s: string, n = 400): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > n ? one.slice(0, n) + '…' : one;
}

export function describeRequest(c: Case): string {
  const b = c.body === undefined ? '' : Buffer.isBuffer(c.body) ? ` <${c.body.length} bytes>` : c.body.length > 300 ? ` <${c.body.length} chars: ${c.body.slice(0, 200)}…>` : ` ${c.body}`;
  const p = c.path.length > 200 ? c.path.slice(0, 200) + `…(${c.path.length} chars)` : c.path;
  const ct = c.headers['content-type'] ? ` [${c.headers['content-type']}]` : '';
  return `${c.method} ${p}${ct}${b}`;
}

function problemCode(text: string): unknown {
  try {
    return (JSON.parse(text) as { code?: unknown }).code;
  } catch {
    return undefined;
  }
}

function problemDetail(text: string): unknown {
  try {
    return (JSON.parse(text) as { detail?: unknown }).detail;
  } catch {
    return undefined;
  }
}

/** `control`: for a township case, the answer to the same request against unknown ids. */
export function check(c: Case, r: RawResponse, control?: RawResponse): Finding[] {
  const out: Finding[] = [];
  const f = (kind: Finding['kind'], message: string) =>
    out.push({ kind, app: c.app, op: c.op, case: c.label, caseKind: c.kind, phase: c.phase, status: r.status, message, request: describeRequest(c), body: excerpt(r.text || r.error || '') });

  if (r.status === 0) {
    f('transport', `no answer: ${r.error}`);
    return out;
  }
  if (r.status >= 500) f('5xx', `status ${r.status}`);

  const ok2xx = r.status >= 200 && r.status < 300;
  switch (c.expect) {
    case '401':
      if (r.status !== 401) f(ok2xx ? 'accepted' : 'wrong-status', `expected 401, got ${r.status}`);
      break;
    case '413':
      if (r.status !== 413) f(ok2xx ? 'accepted' : 'wrong-status', `expected 413, got ${r.status}`);
      break;
    case '4xx':
      if (ok2xx || (r.status >= 300 && r.status < 400)) f('accepted', `expected a 4xx, got ${r.status}`);
      break;
    case 'hidden':
      if (ok2xx) f('township-leak', `expected 403/404 for another township's record, got ${r.status}`);
      else if (r.status < 500 && r.status !== 403 && r.status !== 404) {
        // Not hidden, but harmless if an unknown id gets the very same answer (a check of the input alone).
        const same = control && control.status === r.status && problemCode(control.text) === problemCode(r.text) && problemDetail(control.text) === problemDetail(r.text);
        if (!same) f('township-leak', `expected 403 or 404, got ${r.status} while unknown ids get ${control?.status ?? '?'}: the answer tells the record exists`);
      }
      break;
    case 'not-5xx':
      break;
  }

  if (r.status >= 400 && r.status < 500 && !c.transportLevel) {
    if (!/^application\/problem\+json/.test(r.contentType)) {
      f('problem-body', `content-type is '${r.contentType}', not application/problem+json`);
    } else {
      let body: Record<string, unknown> | undefined;
      try {
        body = JSON.parse(r.text) as Record<string, unknown>;
      } catch {
        f('problem-body', 'the problem body is not JSON');
      }
      if (body) {
        const missing = ['status', 'title', 'detail'].filter((k) => body![k] === undefined || body![k] === null || body![k] === '');
        if (missing.length) f('problem-body', `problem body lacks ${missing.join(', ')}`);
        if (body['status'] !== undefined && body['status'] !== r.status) f('problem-body', `problem status ${String(body['status'])} differs from HTTP ${r.status}`);
        if (r.status === 400 && body['code'] === 'validation-failed') {
          const errors = body['errors'];
          if (!Array.isArray(errors) || !errors.length || !errors.every((e) => e && typeof (e as { field?: unknown }).field === 'string')) {
            f('problem-body', 'a validation 400 without an errors list naming fields');
          } else if (c.field) {
            const fields = errors.map((e) => (e as { field: string }).field);
            const named = fields.some((x) => x === c.field || x.startsWith(`${c.field}.`) || x.startsWith(`${c.field}[`) || c.field!.startsWith(`${x}.`) || c.field!.startsWith(`${x}[`));
            if (!named) f('errors-field', `errors name ${JSON.stringify(fields.slice(0, 5))}, not ${c.field}`);
          }
        }
      }
    }
  }

  if (/html/i.test(r.contentType) && r.text.includes(SCRIPT_STRING)) f('unescaped-script', 'an HTML answer contains the stored <script> tag unescaped');
  const leak = INTERNALS.find((re) => re.test(r.text));
  if (leak) f('internals-leak', `the answer contains internals (${leak.source})`);
  if (ok2xx && c.mustNotContain?.length) {
    const seen = c.mustNotContain.filter((id) => r.text.includes(id));
    if (seen.length) f('township-leak', `a T01 caseworker was shown T02 record(s) ${seen.join(', ')}`);
  }
  return out;
}
