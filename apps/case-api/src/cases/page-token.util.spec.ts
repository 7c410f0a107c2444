import { decodePageToken, encodePageToken } from './page-token.util';

describe('page tokens', () => {
  const secret = 'a-secret-of-16-chars';

  it('round-trips a token issued with the secret', () => {
    const raw = Uint8Array.from([1, 2, 3, 250]);
    expect(decodePageToken(encodePageToken(raw, secret), secret)).toEqual(Buffer.from(raw));
  });

  it('refuses a forged, altered or foreign token', () => {
    const token = encodePageToken(Uint8Array.from([1, 2, 3]), secret);
    expect(decodePageToken('bm90LWEtdG9rZW4', secret)).toBeUndefined();
    expect(decodePageToken(`AAAA${token}`, secret)).toBeUndefined();
    expect(decodePageToken(token, 'another-secret-16-chars')).toBeUndefined();
  });
});
