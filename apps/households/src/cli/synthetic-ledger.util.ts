import { residentIdCheckCharacter } from '@dibao/domain';
import { LEDGER_COLUMNS } from '../ledger-import/ledger-csv.util';

/** A small seeded PRNG (mulberry32): the same seed gives the same ledger. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A valid resident ID (Guizhou region codes) for a birth date and a sequence number. */
export function syntheticResidentId(region: string, year: number, month: number, day: number, sequence: number): string {
  const first17 = `${region}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(sequence).padStart(3, '0')}`;
  return first17 + residentIdCheckCharacter(first17);
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周'];
const GIVEN = ['秀英', '建国', '桂兰', '志强', '玉梅', '德明', '小红', '国华', '海燕', '文斌'];
const REGIONS = ['522301', '522322', '522323', '522324', '522325', '522326', '522327', '522328'];

export function csvLine(fields: string[]): string {
  return fields.map((f) => (/[",\n\r]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',');
}

export function ledgerHeader(): string {
  return LEDGER_COLUMNS.join(',');
}

/**
 * Generates `count` households over 32 townships (T01…T32), 1–5 members each, with distinct valid ID numbers,
 * some income, some disability, some proxies-free accounts. Yields CSV lines (without the header).
 */
export function* syntheticLedger(count: number, seed = 42): Generator<string> {
  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const used = new Set<string>();
  const newId = (minYear: number, maxYear: number): string => {
    for (;;) {
      const year = minYear + Math.floor(random() * (maxYear - minYear + 1));
      const id = syntheticResidentId(pick(REGIONS), year, 1 + Math.floor(random() * 12), 1 + Math.floor(random() * 28), Math.floor(random() * 1000));
      if (!used.has(id)) {
        used.add(id);
        return id;
      }
    }
  };
  for (let i = 1; i <= count; i++) {
    const township = `T${String(1 + (i % 32)).padStart(2, '0')}`;
    const rural = random() < 0.9;
    const size = 1 + Math.floor(random() * 4) + (random() < 0.1 ? 1 : 0);
    const members: string[] = [];
    for (let j = 0; j < size; j++) {
      const relation = j === 0 ? 'head' : j === 1 ? 'spouse' : 'child';
      const id = j < 2 ? newId(1940, 1985) : newId(2000, 2020);
      const grade = random() < 0.08 ? String(1 + Math.floor(random() * 4)) : '';
      const work = j >= 2 ? 'none' : pick(['full', 'partial', 'none'] as const);
      const income =
        work === 'full' ? `wages:${400 + Math.floor(random() * 800)}.00:monthly` : random() < 0.2 ? `transfer:${Math.floor(random() * 3000)}.00:annual` : '';
      members.push([`${pick(SURNAMES)}${pick(GIVEN)}`, id, relation, grade, work, random() < 0.03 ? '1' : '', '', income].join('|'));
    }
    const account = `622848${String(i).padStart(13, '0')}`;
    yield csvLine([
      `L${String(i).padStart(7, '0')}`,
      township,
      rural ? `第${1 + (i % 20)}村` : `第${1 + (i % 5)}社区`,
      `${1 + (i % 12)}组${i}号`,
      rural ? 'agricultural' : 'non_agricultural',
      rural ? 'credit_cooperative' : 'bank',
      rural ? '县农村信用合作联社' : '县农业银行',
      account,
      members[0].split('|')[0],
      members.join(';'),
    ]);
  }
}
