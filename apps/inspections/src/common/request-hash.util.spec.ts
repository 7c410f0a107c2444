import { canonicalJson, pickIdempotencyKey, requestHash } from './request-hash.util';

describe('request hashing', () => {
  it('ignores key order and undefined fields', () => {
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: undefined, w: 'z' }] })).toBe('{"a":[{"w":"z","y":2}],"b":1}');
    expect(requestHash('s', { a: 1, b: 2 })).toBe(requestHash('s', { b: 2, a: 1 }));
  });

  it('tells different bodies and scopes apart', () => {
    expect(requestHash('s', { a: 1 })).not.toBe(requestHash('s', { a: 2 }));
    expect(requestHash('s', { a: 1 })).not.toBe(requestHash('t', { a: 1 }));
  });

  it('takes the key from the header or the body, refusing a disagreement', () => {
    expect(pickIdempotencyKey('abcdefgh-1', undefined)).toEqual({ key: 'abcdefgh-1' });
    expect(pickIdempotencyKey(undefined, 'abcdefgh-2')).toEqual({ key: 'abcdefgh-2' });
    expect(pickIdempotencyKey('abcdefgh-1', 'abcdefgh-1')).toEqual({ key: 'abcdefgh-1' });
    expect(pickIdempotencyKey('abcdefgh-1', 'abcdefgh-2').error).toMatch(/differ/);
    expect(pickIdempotencyKey('short', undefined).error).toMatch(/8–128/);
    expect(pickIdempotencyKey(undefined, undefined)).toEqual({ key: undefined });
  });
});
