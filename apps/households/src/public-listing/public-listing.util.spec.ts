import type { PublicListingRowView, PublicListingView } from './dto/public-listing.dto';
import { renderPublicListing, villageSections } from './public-listing-html.util';
import { applyListingEvent, compareListingRows, isListed, ListingDecision, ListingEvent, ListingRow, periodLabel } from './public-listing.util';

// A art. 24: the township publishes, long-term, each beneficiary's name, household size and amount.
const ref = { caseId: 'c1', householdId: 'h1' };
const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 8, minute)).toISOString();
const approved = (minute: number, amount = 45000): ListingEvent => ({
  ...ref, type: 'case.approved', occurredAt: at(minute), approvedOn: '2026-12-01', startPeriod: '2027-Q1', monthlyAmountFen: amount, persons: 3,
});
const changed = (minute: number, amount: number, persons = 3): ListingEvent => ({
  ...ref, type: 'beneficiary.amount-changed', occurredAt: at(minute), monthlyAmountFen: amount, persons, fromPeriod: '2027-Q2',
});
const suspended = (minute: number): ListingEvent => ({ ...ref, type: 'beneficiary.suspended', occurredAt: at(minute), fromPeriod: '2027-Q2' });
const resumed = (minute: number): ListingEvent => ({ ...ref, type: 'beneficiary.resumed', occurredAt: at(minute), fromPeriod: '2027-Q3' });
const terminated = (minute: number): ListingEvent => ({ ...ref, type: 'beneficiary.terminated', occurredAt: at(minute), terminatedOn: '2027-03-02', fromPeriod: '2027-Q2' });

/** Applies the events in the order given, as the consumer would. */
function replay(...events: ListingEvent[]): { row: ListingRow | null; decisions: ListingDecision[] } {
  let row: ListingRow | null = null;
  const decisions: ListingDecision[] = [];
  for (const e of events) {
    const d = applyListingEvent(row, e);
    decisions.push(d);
    if (d.kind === 'write') row = d.row;
  }
  return { row, decisions };
}

describe('public listing rules (A art. 24)', () => {
  it('lists an approved household with its amount, persons and first period', () => {
    const { row } = replay(approved(0));
    expect(row).toMatchObject({ state: 'listed', monthlyAmountFen: 45000, persons: 3, startPeriod: '2027-Q1', approvedOn: '2026-12-01' });
    expect(isListed(row!)).toBe(true);
  });

  it('changes the amount and persons; an older change arriving late changes nothing', () => {
    const { row, decisions } = replay(approved(0), changed(20, 30000, 2), changed(10, 50000));
    expect(row).toMatchObject({ monthlyAmountFen: 30000, persons: 2, amountFromPeriod: '2027-Q2' });
    expect(decisions[2]).toMatchObject({ kind: 'ignore' });
  });

  it('ends the listing on termination, finally: later or late events of the case never list it again', () => {
    const { row, decisions } = replay(approved(0), terminated(30), changed(40, 1000), resumed(50), approved(0), terminated(60));
    expect(row).toMatchObject({ state: 'ended', endedOn: '2027-03-02', monthlyAmountFen: 45000 });
    expect(isListed(row!)).toBe(false);
    expect(decisions.slice(2).every((d) => d.kind === 'ignore')).toBe(true);
  });

  it('a termination that arrives before its approval leaves a tombstone the approval cannot lift', () => {
    const { row } = replay(terminated(30), approved(0));
    expect(row).toMatchObject({ state: 'ended', approvedOn: '2026-12-01' });
    expect(isListed(row!)).toBe(false);
  });

  it('an amount change that arrives before the approval keeps the newer amount', () => {
    const early = replay(changed(20, 30000));
    expect(isListed(early.row!)).toBe(true);
    const { row } = replay(changed(20, 30000), approved(0));
    expect(row).toMatchObject({ state: 'listed', monthlyAmountFen: 30000, approvedOn: '2026-12-01', startPeriod: '2027-Q1' });
  });

  it('keeps a suspended household listed, marked, and resumes it; a stale suspension does not undo a resumption', () => {
    expect(replay(approved(0), suspended(10)).row).toMatchObject({ state: 'suspended', suspendedFromPeriod: '2027-Q2' });
    expect(isListed(replay(approved(0), suspended(10)).row!)).toBe(true);
    const { row, decisions } = replay(approved(0), resumed(20), suspended(10));
    expect(row).toMatchObject({ state: 'listed', suspendedFromPeriod: null });
    expect(decisions[2]).toMatchObject({ kind: 'ignore' });
  });

  it('ignores a second approval of the same case', () => {
    expect(replay(approved(0), approved(5, 1)).decisions[1]).toMatchObject({ kind: 'ignore' });
  });

  it('labels periods in Chinese', () => {
    expect(periodLabel('2027-Q1')).toBe('2027年第1季度');
    expect(periodLabel('2027-01')).toBe('2027年1月');
    expect(periodLabel(null)).toBe('—');
  });

  it('sorts by township, village, then name in pinyin order', () => {
    const r = (township: string, village: string, headName: string) => ({ township, village, headName, householdId: headName });
    const rows = [r('T01', '红星村', '张三'), r('T01', '红星村', '李四'), r('T01', '白沙村', '王五'), r('T02', '安乐村', '赵六')];
    expect([...rows].sort(compareListingRows).map((x) => x.headName)).toEqual(['王五', '李四', '张三', '赵六']);
  });
});

describe('printable listing', () => {
  const row = (village: string, headName: string, extra: Partial<PublicListingRowView> = {}): PublicListingRowView => ({
    householdId: `id-${headName}`, township: 'T01', townshipName: '城关镇', village, scheme: 'rural', headName, persons: 2,
    monthlyAmountFen: 30050, monthlyAmountYuan: '300.50', since: '2027-Q1', approvedOn: '2026-12-01', amountFromPeriod: '2027-Q1',
    suspended: false, suspendedFromPeriod: null, ...extra,
  });
  const listing = (rows: PublicListingRowView[]): PublicListingView => ({
    township: 'T01', village: null, scheme: null, drawnUpOn: '2026-12-04', office: '某县民政局', households: rows.length, persons: 0, monthlyAmountFen: 0, rows,
  });

  it('has one section per village with heading, table, date and office, self-contained and escaped', () => {
    const rows = [row('白沙村', '王五'), row('红星村', '<b>李四</b>'), row('红星村', '张三', { suspended: true, suspendedFromPeriod: '2027-Q2' })];
    expect(villageSections(rows).map((s) => [s.village, s.rows.length])).toEqual([['白沙村', 1], ['红星村', 2]]);
    const page = renderPublicListing(listing(rows));
    expect(page).toContain('<h2>城关镇白沙村最低生活保障对象公示</h2>');
    expect(page).toContain('<h2>城关镇红星村最低生活保障对象公示</h2>');
    expect(page.match(/<section>/g)).toHaveLength(2);
    expect(page.match(/制表日期：2026年12月4日/g)).toHaveLength(2);
    expect(page.match(/某县民政局<br>/g)).toHaveLength(2);
    expect(page).toContain('300.50');
    expect(page).toContain('2027年第1季度');
    expect(page).toContain('暂停发放（自2027年第2季度起）');
    expect(page).toContain('&lt;b&gt;李四&lt;/b&gt;');
    expect(page).not.toMatch(/<script|<link|<img|src=|href=|url\(|@import|https?:/i);
  });

  it('says so when nobody is listed', () => {
    expect(renderPublicListing(listing([]))).toContain('暂无公示对象');
  });
});
