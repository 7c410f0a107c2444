import { DomainErrorCode } from './domain-error';
import { localDate } from './local-date';
import {
  addMonthsToMonth,
  benefitStartMonth,
  compareMonths,
  firstMonthOf,
  lastMonthOf,
  monthNumberOf,
  monthsOfPeriodWithin,
  previousMonth,
  comparePeriods,
  firstDayOf,
  firstPeriodAfterApproval,
  isPaymentPeriod,
  lastDayOf,
  monthsIn,
  nextPeriod,
  paymentPeriod,
  payableMonths,
  periodOf,
  schemeOfPeriod,
  yearMonth,
} from './payment-period';
import { errorCode } from './test/domain-error.helper';

const d = localDate;
const urban = (text: string) => paymentPeriod('urban', text);
const rural = (text: string) => paymentPeriod('rural', text);

describe('payment periods', () => {
  it('are months for urban and quarters for rural', () => {
    expect(urban('2026-03')).toBe('2026-03');
    expect(rural('2026-Q2')).toBe('2026-Q2');
    expect(schemeOfPeriod(urban('2026-03'))).toBe('urban');
    expect(schemeOfPeriod(rural('2026-Q2'))).toBe('rural');
  });

  it.each<['urban' | 'rural', string]>([
    ['urban', '2026-Q2'],
    ['urban', '2026-13'],
    ['urban', '2026-00'],
    ['urban', '2026-3'],
    ['urban', '0000-01'],
    ['rural', '2026-03'],
    ['rural', '2026-Q5'],
    ['rural', '2026-Q0'],
    ['rural', '2026-q2'],
  ])('refuse %s "%s"', (scheme, text) => {
    expect(isPaymentPeriod(scheme, text)).toBe(false);
    expect(errorCode(() => paymentPeriod(scheme, text))).toBe(DomainErrorCode.InvalidPeriod);
  });

  it('contain dates', () => {
    expect(periodOf('urban', d('2026-03-15'))).toBe('2026-03');
    expect(periodOf('rural', d('2026-03-31'))).toBe('2026-Q1');
    expect(periodOf('rural', d('2026-04-01'))).toBe('2026-Q2');
    expect(periodOf('rural', d('2026-12-31'))).toBe('2026-Q4');
  });

  it('follow one another across years', () => {
    expect(nextPeriod(urban('2026-03'))).toBe('2026-04');
    expect(nextPeriod(urban('2026-12'))).toBe('2027-01');
    expect(nextPeriod(rural('2026-Q1'))).toBe('2026-Q2');
    expect(nextPeriod(rural('2026-Q4'))).toBe('2027-Q1');
  });

  it('list their months and boundary days', () => {
    expect(monthsIn(rural('2026-Q2'))).toEqual(['2026-04', '2026-05', '2026-06']);
    expect(monthsIn(urban('2026-03'))).toEqual(['2026-03']);
    expect(firstDayOf(rural('2026-Q1'))).toBe('2026-01-01');
    expect(lastDayOf(rural('2026-Q1'))).toBe('2026-03-31');
    expect(lastDayOf(urban('2024-02'))).toBe('2024-02-29');
  });

  it('compare within a scheme only', () => {
    expect(comparePeriods(urban('2026-03'), urban('2026-12'))).toBe(-1);
    expect(comparePeriods(rural('2027-Q1'), rural('2026-Q4'))).toBe(1);
    expect(errorCode(() => comparePeriods(urban('2026-03'), rural('2026-Q1')))).toBe(DomainErrorCode.InvalidPeriod);
  });
});

describe('the first period after approval', () => {
  it('is the month after approval for urban dibao', () => {
    expect(firstPeriodAfterApproval('urban', d('2026-03-15'))).toBe('2026-04');
    expect(firstPeriodAfterApproval('urban', d('2026-03-01'))).toBe('2026-04');
    expect(firstPeriodAfterApproval('urban', d('2026-12-31'))).toBe('2027-01');
  });

  it('is the quarter containing that month for rural dibao, paid from that month', () => {
    expect(firstPeriodAfterApproval('rural', d('2026-03-15'))).toBe('2026-Q2');
    const approvedInFebruary = firstPeriodAfterApproval('rural', d('2026-02-10'));
    expect(approvedInFebruary).toBe('2026-Q1');
    expect(payableMonths(approvedInFebruary, benefitStartMonth(d('2026-02-10')))).toEqual(['2026-03']);
    expect(payableMonths(rural('2026-Q2'), benefitStartMonth(d('2026-03-15')))).toEqual(['2026-04', '2026-05', '2026-06']);
  });

  it('limits payable months at both ends', () => {
    expect(payableMonths(rural('2026-Q3'), yearMonth('2026-08'), yearMonth('2026-08'))).toEqual(['2026-08']);
    expect(payableMonths(rural('2026-Q3'), undefined, yearMonth('2026-06'))).toEqual([]);
  });
});


const ym = yearMonth;

describe('months against periods (typed, never string against string of another kind)', () => {
  it('orders and shifts months across years', () => {
    expect(monthNumberOf(ym('2026-01')) - monthNumberOf(ym('2025-12'))).toBe(1);
    expect(compareMonths(ym('2026-08'), ym('2026-09'))).toBe(-1);
    expect(compareMonths(ym('2026-09'), ym('2026-09'))).toBe(0);
    expect(addMonthsToMonth(ym('2026-11'), 3)).toBe('2027-02');
    expect(previousMonth(ym('2027-01'))).toBe('2026-12');
  });

  it('names the first and last month of a period and the months of a period within a range', () => {
    const q3 = paymentPeriod('rural', '2026-Q3');
    expect([firstMonthOf(q3), lastMonthOf(q3)]).toEqual(['2026-07', '2026-09']);
    expect(monthsOfPeriodWithin(q3, undefined, ym('2026-08'))).toEqual(['2026-07', '2026-08']);
    expect(monthsOfPeriodWithin(q3, ym('2026-08'))).toEqual(['2026-08', '2026-09']);
    expect(monthsOfPeriodWithin(paymentPeriod('urban', '2026-09'), undefined, ym('2026-08'))).toEqual([]);
  });
});
