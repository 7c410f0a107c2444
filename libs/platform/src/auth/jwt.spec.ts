import jwt from 'jsonwebtoken';
import { signToken, TokenError, verifyToken } from './jwt';

const secret = 'a-secret-of-sixteen-chars';

describe('tokens', () => {
  it('round-trips the actor', () => {
    const token = signToken({ sub: 'wang', role: 'caseworker', township: 'T01' }, secret);
    expect(verifyToken(token, secret)).toEqual({ id: 'wang', role: 'caseworker', township: 'T01' });
  });

  it('refuses a township role without a township', () => {
    expect(() => signToken({ sub: 'x', role: 'township_reviewer' }, secret)).toThrow(TokenError);
  });

  it('rejects a wrong signature, an expired token and an unknown role', () => {
    const good = signToken({ sub: 'li', role: 'supervisor' }, secret);
    expect(() => verifyToken(good, 'another-secret-16-chars')).toThrow('the token is invalid');
    const expired = signToken({ sub: 'li', role: 'supervisor' }, secret, -10);
    expect(() => verifyToken(expired, secret)).toThrow('the token has expired');
    const badRole = jwt.sign({ role: 'mayor' }, secret, { subject: 'x', issuer: 'dibao' });
    expect(() => verifyToken(badRole, secret)).toThrow('no valid role');
  });

  it('rejects an unsigned token', () => {
    const none = jwt.sign({ role: 'admin' }, '', { algorithm: 'none', subject: 'x', issuer: 'dibao' });
    expect(() => verifyToken(none, secret)).toThrow(TokenError);
  });
});
