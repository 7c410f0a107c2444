import { DomainErrorCode } from './domain-error';
import { formatRatio, ratio, reachesShare } from './ratio';
import { errorCode } from './test/domain-error.helper';

describe('Ratio', () => {
  it('compares shares exactly', () => {
    expect(reachesShare(18, 27, ratio(2, 3))).toBe(true);
    expect(reachesShare(17, 27, ratio(2, 3))).toBe(false);
    expect(reachesShare(0, 0, ratio(2, 3))).toBe(true);
    expect(formatRatio(ratio(3, 2))).toBe('3/2');
  });

  it.each([
    [-1, 2],
    [1, 0],
    [1.5, 2],
  ])('refuses %p/%p', (numerator, denominator) => {
    expect(errorCode(() => ratio(numerator, denominator))).toBe(DomainErrorCode.InvalidArgument);
  });
});
