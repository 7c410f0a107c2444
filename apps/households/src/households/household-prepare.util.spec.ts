import { localDate } from '@dibao/domain';
import { syntheticResidentId } from '../cli/synthetic-ledger.util';
import type { HouseholdDraft } from './household-draft';
import { prepareHousehold, schemeOfHukou } from './household-prepare.util';

const today = localDate('2026-11-30');
const HEAD = syntheticResidentId('520102', 1960, 3, 4, 11); // sequence 011: odd → male
const WIFE = syntheticResidentId('520102', 1962, 5, 6, 12);

function ids() {
  let n = 0;
  return () => `id-${++n}`;
}

function draft(overrides: Partial<HouseholdDraft> = {}): HouseholdDraft {
  return {
    hukou: 'agricultural',
    township: 'T01',
    village: 'v',
    address: 'a',
    members: [
      { name: 'h', residentId: HEAD, relation: 'head', workAbility: 'full', incomes: [{ category: 'wages', amountFen: 100, period: 'monthly' }] },
      { name: 'w', residentId: WIFE.toLowerCase(), relation: 'spouse', workAbility: 'none', deductions: [{ kind: 'medical', amountFen: 5, period: 'annual' }] },
    ],
    ...overrides,
  };
}

describe('prepareHousehold', () => {
  it('derives scheme, sex and birth date and assigns ids', () => {
    const result = prepareHousehold(draft(), today, ids());
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const h = result.household;
    expect(h.scheme).toBe('rural');
    expect(h.members.map((m) => [m.sex, m.birthDate])).toEqual([
      ['male', '1960-03-04'],
      ['female', '1962-05-06'],
    ]);
    expect(h.members[1].residentId).toBe(WIFE.toUpperCase());
    expect(h.incomes).toEqual([
      expect.objectContaining({ item: 'income', memberId: h.members[0].id, category: 'wages' }),
      expect.objectContaining({ item: 'deduction', memberId: h.members[1].id, kind: 'medical' }),
    ]);
  });

  it('maps hukou to scheme', () => {
    expect(schemeOfHukou('non_agricultural')).toBe('urban');
    expect(schemeOfHukou('agricultural')).toBe('rural');
  });

  it('needs exactly one head', () => {
    const result = prepareHousehold(draft({ members: [{ name: 'w', residentId: WIFE, relation: 'spouse', workAbility: 'none' }] }), today, ids());
    expect(result).toEqual({ ok: false, problems: [expect.objectContaining({ field: 'members', rule: 'oneHead' })] });
  });

  it('refuses the same ID twice and a bad check digit, naming the member', () => {
    const bad = HEAD.slice(0, 17) + (HEAD[17] === '0' ? '1' : '0');
    const result = prepareHousehold(
      draft({
        members: [
          { name: 'h', residentId: HEAD, relation: 'head', workAbility: 'full' },
          { name: 'x', residentId: HEAD, relation: 'child', workAbility: 'none' },
          { name: 'y', residentId: bad, relation: 'child', workAbility: 'none' },
        ],
      }),
      today,
      ids(),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      expect.objectContaining({ field: 'members[1].residentId', rule: 'uniqueResidentId' }),
      expect.objectContaining({ field: 'members[2].residentId', rule: 'isResidentId', message: expect.stringContaining('check_digit_mismatch') }),
    ]);
  });

  it('refuses a birth date after today', () => {
    const future = syntheticResidentId('520102', 2026, 12, 1, 11);
    const result = prepareHousehold(draft({ members: [{ name: 'h', residentId: future, relation: 'head', workAbility: 'full' }] }), today, ids());
    expect(result).toMatchObject({ ok: false, problems: [{ message: expect.stringContaining('birth_date_in_future') }] });
  });
});
