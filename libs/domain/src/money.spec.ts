import { DomainError, DomainErrorCode } from './domain-error';
import { errorCode } from './test/domain-error.helper';
import {
  add,
  allocate,
  compareFen,
  fen,
  Fen,
  formatYuan,
  maxFen,
  minFen,
  mulDiv,
  multiply,
  negate,
  parseYuan,
  sub,
  sum,
  yuan,
} from './money';
import { divideRounded, RoundingMode } from './rounding';

describe('Fen', () => {
  it('accepts safe integers and normalises -0', () => {
    expect(fen(15000)).toBe(15000);
    expect(Object.is(fen(-0), 0)).toBe(true);
  });

  it.each([1.5, NaN, Infinity, Number.MAX_SAFE_INTEGER + 1])('refuses %p', (value) => {
    expect(errorCode(() => fen(value))).toBe(DomainErrorCode.InvalidMoney);
  });

  it('converts whole yuan', () => {
    expect(yuan(150)).toBe(15000);
    expect(yuan(-3)).toBe(-300);
    expect(errorCode(() => yuan(1.5))).toBe(DomainErrorCode.InvalidMoney);
  });
});

describe('parseYuan', () => {
  it.each([
    ['150.00', 15000],
    ['150', 15000],
    ['3.5', 350],
    ['0.05', 5],
    ['0.1', 10],
    ['-0.01', -1],
    ['007.10', 710],
    ['90071992547409.91', Number.MAX_SAFE_INTEGER],
  ])('reads "%s" as %d fen', (text, expected) => {
    expect(parseYuan(text)).toBe(expected);
  });

  it.each(['1.234', '', ' 1', '1 ', '1.', '.5', '+1', '1e3', '1,000', 'abc', 'NaN', '¥1', '0x10', '--1'])(
    'refuses "%s"',
    (text) => {
      expect(errorCode(() => parseYuan(text))).toBe(DomainErrorCode.InvalidMoney);
    },
  );

  it('refuses amounts beyond the safe range', () => {
    expect(errorCode(() => parseYuan('90071992547409.92'))).toBe(DomainErrorCode.MoneyOverflow);
  });
});

describe('formatYuan', () => {
  it.each([
    [15000, '150.00'],
    [350, '3.50'],
    [5, '0.05'],
    [0, '0.00'],
    [-5, '-0.05'],
    [-12345, '-123.45'],
  ])('formats %d fen as "%s"', (amount, expected) => {
    expect(formatYuan(fen(amount))).toBe(expected);
  });

  it('round-trips with parseYuan', () => {
    for (const amount of [0, 1, 9, 10, 99, 100, 101, 123456789, -1, -100, -987654]) {
      expect(parseYuan(formatYuan(fen(amount)))).toBe(amount);
    }
  });
});

describe('arithmetic', () => {
  it('adds, subtracts, negates and sums', () => {
    expect(add(yuan(150), parseYuan('0.01'))).toBe(15001);
    expect(sub(yuan(100), yuan(150))).toBe(-5000);
    expect(negate(fen(5))).toBe(-5);
    expect(sum([yuan(1), yuan(2), fen(3)])).toBe(303);
    expect(sum([])).toBe(0);
  });

  it('refuses to overflow', () => {
    const max = fen(Number.MAX_SAFE_INTEGER);
    expect(errorCode(() => add(max, fen(1)))).toBe(DomainErrorCode.MoneyOverflow);
    expect(errorCode(() => multiply(max, 2))).toBe(DomainErrorCode.MoneyOverflow);
    expect(errorCode(() => sum([max, max]))).toBe(DomainErrorCode.MoneyOverflow);
  });

  it('multiplies by whole numbers only', () => {
    expect(multiply(yuan(150), 6)).toBe(90000);
    expect(errorCode(() => multiply(yuan(150), 1.5))).toBe(DomainErrorCode.InvalidArgument);
  });

  it('compares', () => {
    expect(compareFen(fen(1), fen(2))).toBe(-1);
    expect(compareFen(fen(2), fen(2))).toBe(0);
    expect(maxFen(fen(-1), fen(0))).toBe(0);
    expect(minFen(fen(-1), fen(0))).toBe(-1);
  });
});

describe('mulDiv rounding', () => {
  // [amount, numerator, denominator, HALF_UP, HALF_EVEN, DOWN, UP]
  const cases: [number, number, number, number, number, number, number][] = [
    [5, 1, 2, 3, 2, 2, 3], // 2.5
    [15, 1, 10, 2, 2, 1, 2], // 1.5
    [25, 1, 10, 3, 2, 2, 3], // 2.5
    [1, 1, 3, 0, 0, 0, 1], // 0.333…
    [2, 1, 3, 1, 1, 0, 1], // 0.666…
    [-5, 1, 2, -3, -2, -2, -3], // -2.5: half away from zero
    [-7, 1, 3, -2, -2, -2, -3], // -2.333…
    [10000, 2, 3, 6667, 6667, 6666, 6667], // 6666.666…
    [300, 1, 3, 100, 100, 100, 100], // exact
    [5, 1, -2, -3, -2, -2, -3], // negative denominator
  ];
  const modes: RoundingMode[] = ['HALF_UP', 'HALF_EVEN', 'DOWN', 'UP'];

  it.each(cases)('%d × %d / %d', (amount, numerator, denominator, ...expected) => {
    modes.forEach((mode, index) => {
      expect([mode, mulDiv(fen(amount), numerator, denominator, mode)]).toEqual([mode, expected[index]]);
    });
  });

  it('rounds half up by default', () => {
    expect(mulDiv(fen(5), 1, 2)).toBe(3);
  });

  it('is exact where floating point is not', () => {
    const max = fen(Number.MAX_SAFE_INTEGER);
    expect(mulDiv(max, 3, 3)).toBe(Number.MAX_SAFE_INTEGER);
    expect(mulDiv(fen(Number.MAX_SAFE_INTEGER - 1), 1, 2)).toBe((Number.MAX_SAFE_INTEGER - 1) / 2);
  });

  it('refuses a zero or fractional divisor', () => {
    expect(errorCode(() => mulDiv(fen(1), 1, 0))).toBe(DomainErrorCode.InvalidArgument);
    expect(errorCode(() => mulDiv(fen(1), 1.5, 2))).toBe(DomainErrorCode.InvalidArgument);
  });

  it('divideRounded works on BigInt directly', () => {
    expect(divideRounded(7n, 2n, 'HALF_EVEN')).toBe(4n);
    expect(divideRounded(9n, 2n, 'HALF_EVEN')).toBe(4n);
    expect(() => divideRounded(1n, 0n, 'UP')).toThrow(DomainError);
  });
});

describe('allocate', () => {
  it('splits without losing a fen, leftovers first', () => {
    expect(allocate(fen(100), 3)).toEqual([34, 33, 33]);
    expect(allocate(fen(-100), 3)).toEqual([-34, -33, -33]);
    expect(allocate(fen(2), 5)).toEqual([1, 1, 0, 0, 0]);
    expect(allocate(yuan(450), 3)).toEqual([15000, 15000, 15000]);
  });

  it('always adds up and differs by at most one fen', () => {
    for (let amount = -50; amount <= 50; amount++) {
      for (let parts = 1; parts <= 7; parts++) {
        const shares: Fen[] = allocate(fen(amount), parts);
        expect(shares).toHaveLength(parts);
        expect(sum(shares)).toBe(amount);
        expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
      }
    }
  });

  it.each([0, -1, 1.5])('refuses %p parts', (parts) => {
    expect(errorCode(() => allocate(fen(100), parts))).toBe(DomainErrorCode.InvalidArgument);
  });
});
