import jwt from 'jsonwebtoken';
import { Actor, isRole, isTownshipRole, Role } from '@dibao/contracts';

export interface TokenClaims {
  sub: string;
  role: Role;
  township?: string;
  name?: string;
}

export class TokenError extends Error {
  override name = 'TokenError';
}

const ISSUER = 'dibao';

/** Mints a signed HS256 token. Used by `npm run token`, the demo loader and tests. */
export function signToken(claims: TokenClaims, secret: string, expiresIn: jwt.SignOptions['expiresIn'] = '12h'): string {
  if (isTownshipRole(claims.role) && !claims.township) {
    throw new TokenError(`role ${claims.role} needs a township`);
  }
  return jwt.sign({ role: claims.role, township: claims.township, name: claims.name }, secret, {
    algorithm: 'HS256',
    subject: claims.sub,
    issuer: ISSUER,
    expiresIn,
  });
}

/** Verifies signature, expiry, issuer and the shape of the claims; returns the actor. */
export function verifyToken(token: string, secret: string): Actor {
  let decoded: jwt.JwtPayload | string;
  try {
    decoded = jwt.verify(token, secret, { algorithms: ['HS256'], issuer: ISSUER });
  } catch (e) {
    throw new TokenError(e instanceof jwt.TokenExpiredError ? 'the token has expired' : 'the token is invalid');
  }
  if (typeof decoded === 'string' || !decoded.sub) throw new TokenError('the token has no subject');
  if (!isRole(decoded['role'])) throw new TokenError('the token has no valid role');
  const township = decoded['township'];
  if (township !== undefined && typeof township !== 'string') throw new TokenError('the township claim is invalid');
  if (isTownshipRole(decoded['role']) && !township) throw new TokenError(`role ${decoded['role']} needs a township claim`);
  return { id: decoded.sub, role: decoded['role'], ...(township ? { township } : {}) };
}
