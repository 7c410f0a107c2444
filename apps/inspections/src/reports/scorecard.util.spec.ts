import { countBy, summariseOrders } from './scorecard.util';

describe('summariseOrders', () => {
  it('counts rectifications on time, late and overdue', () => {
    expect(
      summariseOrders([
        { status: 'open', overdue: true, closedOnTime: null },
        { status: 'open', overdue: false, closedOnTime: null },
        { status: 'responded', overdue: true, closedOnTime: null },
        { status: 'closed', overdue: false, closedOnTime: true },
        { status: 'closed', overdue: true, closedOnTime: false },
        { status: 'closed', overdue: false, closedOnTime: true },
      ]),
    ).toEqual({ issued: 6, open: 2, responded: 1, closed: 3, closedOnTime: 2, closedLate: 1, overdue: 1, onTimePercent: 67 });
  });

  it('has no on-time rate before anything is closed', () => {
    expect(summariseOrders([]).onTimePercent).toBeNull();
  });
});

describe('countBy', () => {
  it('starts every key at zero', () => {
    expect(countBy(['a', 'b', 'c'] as const, ['a', 'c', 'a'])).toEqual({ a: 2, b: 0, c: 1 });
  });
});
