import { createPublicKey, KeyObject } from 'crypto';
import jwt from 'jsonwebtoken';
import { Actor, isRole, isTownshipRole } from '@dibao/contracts';
import { TokenError } from './jwt';

/**
 * Staff identity from an OpenID Connect provider (Keycloak, Authing, a province's IdP...).
 *
 * A token is accepted when it is signed with RS256 or ES256 by a key published at the provider's JWKS URL, its
 * issuer and audience are the configured ones, and it is neither expired nor not yet valid. Keys are fetched on the
 * first token, kept for `maxAgeMs`, and fetched again at once when a token names a key id we do not hold (the
 * provider rotated its keys): no restart is needed. A burst of tokens with an unknown key id causes at most one
 * fetch per `refetchCooldownMs`, so a forged kid cannot turn the service into a JWKS flooder.
 *
 * The dibao role and township come from claims whose names the county configures (`role`, `township` by default;
 * a dotted path such as `realm_access.roles` reaches nested claims, and a list of roles is searched for the one
 * dibao knows). The actor's id is the token's subject and its name the configured name claim: that is who the
 * audit records.
 */
export interface OidcSettings {
  issuer: string;
  audience: string;
  jwksUrl: string;
  roleClaim: string;
  townshipClaim: string;
  nameClaim: string;
  /** How long a fetched key set is trusted before it is fetched again (default 10 minutes). */
  maxAgeMs?: number;
  /** The shortest time between two fetches caused by unknown key ids (default 30 s). */
  refetchCooldownMs?: number;
  /** Seconds of clock skew tolerated on exp/nbf (default 30). */
  clockToleranceSec?: number;
  fetchTimeoutMs?: number;
}

const ALGORITHMS: jwt.Algorithm[] = ['RS256', 'ES256'];

interface Jwk {
  kid?: string;
  kty?: string;
  use?: string;
  alg?: string;
  [k: string]: unknown;
}

/** The provider could not be asked for its keys: not the caller's fault, so the guard answers 503. */
export class IdentityProviderUnavailable extends Error {
  override name = 'IdentityProviderUnavailable';
}

export class JwksKeyStore {
  private keys = new Map<string, KeyObject>();
  private fetchedAt = 0;
  private lastFetchAttempt = 0;
  private inflight?: Promise<void>;
  /** How many times the key set was fetched (for tests and the health check). */
  fetches = 0;

  constructor(
    private readonly url: string,
    private readonly opts: { maxAgeMs: number; refetchCooldownMs: number; fetchTimeoutMs: number; now?: () => number },
  ) {}

  private now(): number {
    return this.opts.now ? this.opts.now() : Date.now();
  }

  /** The key for `kid` (or the only signing key when the token names none). */
  async key(kid: string | undefined): Promise<KeyObject> {
    const stale = this.now() - this.fetchedAt > this.opts.maxAgeMs;
    if (this.fetchedAt === 0 || stale) await this.refresh();
    let found = this.pick(kid);
    if (!found && this.now() - this.lastFetchAttempt >= this.opts.refetchCooldownMs) {
      await this.refresh();
      found = this.pick(kid);
    }
    if (!found) throw new TokenError(kid ? `the token is signed with an unknown key (kid ${kid})` : 'the token names no key id');
    return found;
  }

  private pick(kid: string | undefined): KeyObject | undefined {
    if (kid) return this.keys.get(kid);
    return this.keys.size === 1 ? [...this.keys.values()][0] : undefined;
  }

  private refresh(): Promise<void> {
    this.inflight ??= this.fetchKeys().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private async fetchKeys(): Promise<void> {
    this.lastFetchAttempt = this.now();
    let body: { keys?: Jwk[] };
    try {
      const res = await fetch(this.url, { signal: AbortSignal.timeout(this.opts.fetchTimeoutMs), headers: { accept: 'application/json' } });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      body = (await res.json()) as { keys?: Jwk[] };
    } catch (e) {
      // Keep serving with the keys we have, if any; without any key no token can be checked.
      if (this.keys.size > 0) return;
      throw new IdentityProviderUnavailable(`the identity provider's keys could not be fetched from ${this.url}: ${(e as Error).message}`);
    }
    const next = new Map<string, KeyObject>();
    for (const [i, jwk] of (body.keys ?? []).entries()) {
      if (jwk.use && jwk.use !== 'sig') continue;
      if (jwk.kty !== 'RSA' && jwk.kty !== 'EC') continue;
      try {
        next.set(jwk.kid ?? `#${i}`, createPublicKey({ key: jwk as import('crypto').JsonWebKey, format: 'jwk' }));
      } catch {
        // A key we cannot read is skipped; the others still work.
      }
    }
    this.keys = next;
    this.fetchedAt = this.now();
    this.fetches++;
  }
}

function claimAt(payload: jwt.JwtPayload, path: string): unknown {
  let value: unknown = payload;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

export class OidcVerifier {
  readonly keys: JwksKeyStore;

  constructor(private readonly settings: OidcSettings) {
    this.keys = new JwksKeyStore(settings.jwksUrl, {
      maxAgeMs: settings.maxAgeMs ?? 10 * 60_000,
      refetchCooldownMs: settings.refetchCooldownMs ?? 30_000,
      fetchTimeoutMs: settings.fetchTimeoutMs ?? 5_000,
    });
  }

  /** Whether the token claims to come from this provider (so the guard knows which verifier to ask). */
  claimsIssuer(token: string): boolean {
    const decoded = jwt.decode(token, { json: true });
    return !!decoded && decoded.iss === this.settings.issuer;
  }

  async verify(token: string): Promise<Actor> {
    const header = jwt.decode(token, { complete: true })?.header;
    if (!header) throw new TokenError('the token is invalid');
    if (!ALGORITHMS.includes(header.alg as jwt.Algorithm)) {
      throw new TokenError(`the token's algorithm ${header.alg} is not accepted (accepted: ${ALGORITHMS.join(', ')})`);
    }
    const key = await this.keys.key(header.kid);
    let payload: jwt.JwtPayload;
    try {
      const verified = jwt.verify(token, key, {
        algorithms: ALGORITHMS,
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        clockTolerance: this.settings.clockToleranceSec ?? 30,
      });
      if (typeof verified === 'string') throw new TokenError('the token is invalid');
      payload = verified;
    } catch (e) {
      if (e instanceof TokenError) throw e;
      if (e instanceof jwt.TokenExpiredError) throw new TokenError('the token has expired');
      if (e instanceof jwt.NotBeforeError) throw new TokenError('the token is not valid yet');
      const message = (e as Error).message;
      if (/audience/.test(message)) throw new TokenError(`the token is not meant for this system (audience must be ${this.settings.audience})`);
      if (/issuer/.test(message)) throw new TokenError(`the token was not issued by ${this.settings.issuer}`);
      throw new TokenError('the token is invalid');
    }
    if (!payload.sub) throw new TokenError('the token has no subject');

    const roleClaim = claimAt(payload, this.settings.roleClaim);
    const role = (Array.isArray(roleClaim) ? roleClaim : [roleClaim]).find(isRole);
    if (!role) throw new TokenError(`the token carries no dibao role in its ${this.settings.roleClaim} claim`);
    if (role === 'system') throw new TokenError('the system role is for the services themselves, not for staff tokens');
    const township = claimAt(payload, this.settings.townshipClaim);
    if (township !== undefined && typeof township !== 'string') throw new TokenError(`the ${this.settings.townshipClaim} claim is invalid`);
    if (isTownshipRole(role) && !township) throw new TokenError(`role ${role} needs a ${this.settings.townshipClaim} claim`);
    const name = claimAt(payload, this.settings.nameClaim);
    return {
      id: payload.sub,
      role,
      ...(township ? { township } : {}),
      ...(typeof name === 'string' && name ? { name } : {}),
    };
  }
}
