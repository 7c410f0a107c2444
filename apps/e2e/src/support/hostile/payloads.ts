/** The hostile values the sweep sends. */

export const LONG_STRING = 'x'.repeat(100_000);
/** For path and query params: long, but under Node's 16 KB header limit so it reaches the app. */
export const LONG_PARAM = 'x'.repeat(4_000);

const SQL_OR = "' OR 1=1 --";
const SQL_DROP = "'; DROP TABLE households; --";
export const SQL_STRINGS = [SQL_OR, SQL_DROP];
export const SCRIPT_STRING = '<script>alert(1)</script>';

/** Strings a validator may accept but storage, logging or rendering must survive. */
export const STRING_CONTENT: { label: string; value: string }[] = [
  { label: 'sql: or 1=1', value: SQL_OR },
  { label: 'sql: drop table', value: SQL_DROP },
  { label: 'script tag', value: SCRIPT_STRING },
  { label: 'NUL character', value: 'a\u0000b' },
  { label: 'lone surrogate', value: 'a\ud800b' },
  { label: 'emoji', value: '👨‍👩‍👧‍👦🏠' },
  { label: 'RTL override', value: '\u202Eabc\u202Cمرحبا' },
  { label: 'only whitespace', value: ' \t\n ' },
];

/** Numbers at the edges, and numbers that are not numbers. */
export const NUMBER_EDGES: { label: string; value: unknown; alwaysInvalid: boolean }[] = [
  { label: 'number -1', value: -1, alwaysInvalid: false },
  { label: 'number 1e308', value: 1e308, alwaysInvalid: true },
  { label: 'number 2^63', value: 2 ** 63, alwaysInvalid: true },
  { label: "string 'NaN'", value: 'NaN', alwaysInvalid: true },
  { label: 'decimal 1.5', value: 1.5, alwaysInvalid: false },
];

/** Field names whose numbers are counts or money: negative and fractional values make no sense. */
export const NON_NEGATIVE_INTEGER_FIELD = /fen|persons|visits|percent|count|limit|offset|page|planned|amount/i;

export const PATH_PARAM_VALUES: { label: string; raw: string }[] = [
  { label: 'path: not a uuid', raw: 'not-a-uuid' },
  { label: 'path: unknown uuid', raw: 'UNKNOWN_UUID' },
  { label: 'path: sql', raw: encodeURIComponent(SQL_DROP) },
  { label: 'path: sql or', raw: encodeURIComponent(SQL_OR) },
  { label: 'path: script', raw: encodeURIComponent(SCRIPT_STRING) },
  { label: 'path: NUL', raw: '%00' },
  { label: 'path: bad percent-encoding', raw: '%E0%A4%A' },
  { label: 'path: 4000 chars', raw: LONG_PARAM },
  { label: 'path: emoji', raw: encodeURIComponent('🏠') },
  { label: 'path: traversal', raw: '..%2F..%2Fetc%2Fpasswd' },
  { label: 'path: number overflow', raw: '99999999999999999999999' },
];

export const QUERY_NUMBER_VALUES = ['-1', '0', '1000000', 'abc', '1.5', '1e308', '', 'NaN', '0x10'];
export const QUERY_STRING_VALUES: { label: string; raw: string }[] = [
  { label: 'sql', raw: encodeURIComponent(SQL_OR) },
  { label: 'sql drop', raw: encodeURIComponent(SQL_DROP) },
  { label: 'script', raw: encodeURIComponent(SCRIPT_STRING) },
  { label: 'NUL', raw: 'a%00b' },
  { label: 'bad percent-encoding', raw: '%E0%A4%A' },
  { label: '4000 chars', raw: LONG_PARAM },
  { label: 'empty', raw: '' },
];

/** 5 MB of valid JSON: an object with one huge string. */
export function hugeJson(): string {
  return JSON.stringify({ padding: 'y'.repeat(5 * 1024 * 1024) });
}

export function garbageCsv(): string {
  const lines = ['payment_id,result,reason', 'ledger_no,township,village', '"unterminated,quote', ',,,,,,,,,,,,,,,,,,', '=cmd|\' /C calc\'!A0,@SUM(1+1),+1,-1'];
  for (let i = 0; i < 200; i++) lines.push(`${SQL_STRINGS[i % 2]},${SCRIPT_STRING},\u0000,${'z'.repeat(i * 10)},"a""b"`);
  return lines.join('\r\n');
}

export function binaryBytes(): Buffer {
  const b = Buffer.alloc(64 * 1024);
  let x = 12345;
  for (let i = 0; i < b.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    b[i] = x & 0xff;
  }
  return b;
}

/** A CSV larger than `limitBytes` (the app's text body limit), made of garbage rows. */
export function hugeCsv(limitBytes: number): Buffer {
  const row = Buffer.from('garbage,row,' + 'q'.repeat(500) + '\n');
  const n = Math.ceil((limitBytes + 1024 * 1024) / row.length);
  return Buffer.concat(Array.from({ length: n }, () => row));
}

/** A JSON array nested `depth` levels deep. */
export function deeplyNested(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}
