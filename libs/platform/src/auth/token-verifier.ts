import { z } from 'zod';
import type { Actor } from '@dibao/contracts';
import { ConfigError, loadConfig } from '../config/config';
import { TokenError, verifyToken } from './jwt';
import { OidcSettings, OidcVerifier } from './oidc';

/**
 * Who may present which token.
 *
 * - `hs256` (development, tests, the demo): every token is an HS256 token signed with JWT_SECRET (`npm run token`).
 * - `oidc` (a county's deployment): staff tokens come from the OpenID Connect provider (RS256/ES256 via its JWKS,
 *   issuer and audience checked). HS256 tokens signed with JWT_SECRET are then accepted for the `system` role only:
 *   they are how the services call each other (the case worker asks the registry), never a person's login.
 *
 * With DIBAO_ENV=production, `hs256` is refused at boot; on the production stack (DIBAO_STACK=production) or with
 * DIBAO_ENV=production, so is the development secret (`npm start` makes a secret of its own there).
 */
export interface TokenVerifier {
  verify(token: string): Promise<Actor>;
}

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

/** The secret `npm start`, the demo and `npm run token` use when JWT_SECRET is unset. Never valid in production. */
export const DEVELOPMENT_JWT_SECRET = 'dibao-local-development-secret';

export type AuthSettings = { mode: 'hs256' } | ({ mode: 'oidc' } & OidcSettings);

const url = z.string().url('must be a URL');
const authEnv = z
  .object({
    DIBAO_ENV: z.enum(['development', 'production']).default('development'),
    DIBAO_STACK: z.enum(['dev', 'production']).default('dev'),
    AUTH_MODE: z.enum(['hs256', 'oidc']).default('hs256'),
    OIDC_ISSUER: url.optional(),
    OIDC_AUDIENCE: z.string().min(1).optional(),
    OIDC_JWKS_URL: url.optional(),
    OIDC_ROLE_CLAIM: z.string().regex(/^[\w-]+(\.[\w-]+)*$/, 'must be a claim name or a dotted path').default('role'),
    OIDC_TOWNSHIP_CLAIM: z.string().regex(/^[\w-]+(\.[\w-]+)*$/, 'must be a claim name or a dotted path').default('township'),
    OIDC_NAME_CLAIM: z.string().regex(/^[\w-]+(\.[\w-]+)*$/, 'must be a claim name or a dotted path').default('name'),
    OIDC_JWKS_MAX_AGE_S: z.coerce.number().int().min(10).max(86_400).default(600),
    JWT_SECRET: z.string().optional(),
  })
  .superRefine((env, ctx) => {
    if (env.DIBAO_ENV === 'production' && env.AUTH_MODE !== 'oidc') {
      ctx.addIssue({ code: 'custom', path: ['AUTH_MODE'], message: 'must be oidc when DIBAO_ENV=production (HS256 staff tokens are for development)' });
    }
    if ((env.DIBAO_ENV === 'production' || env.DIBAO_STACK === 'production') && env.JWT_SECRET === DEVELOPMENT_JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'the development secret may not be used on the production stack or with DIBAO_ENV=production' });
    }
    if (env.AUTH_MODE === 'oidc') {
      for (const name of ['OIDC_ISSUER', 'OIDC_AUDIENCE'] as const) {
        if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'is required when AUTH_MODE=oidc' });
      }
    }
  });

/** Reads and checks the identity settings; throws ConfigError naming each bad variable (called at boot). */
export function loadAuthSettings(env: NodeJS.ProcessEnv = process.env): AuthSettings {
  const c = loadConfig(authEnv, env);
  if (c.AUTH_MODE === 'hs256') return { mode: 'hs256' };
  if (!c.OIDC_ISSUER || !c.OIDC_AUDIENCE) throw new ConfigError(['OIDC_ISSUER: is required when AUTH_MODE=oidc']);
  return {
    mode: 'oidc',
    issuer: c.OIDC_ISSUER,
    audience: c.OIDC_AUDIENCE,
    // Providers publish their keys at jwks_uri; the common default is below the issuer.
    jwksUrl: c.OIDC_JWKS_URL ?? `${c.OIDC_ISSUER.replace(/\/$/, '')}/.well-known/jwks.json`,
    roleClaim: c.OIDC_ROLE_CLAIM,
    townshipClaim: c.OIDC_TOWNSHIP_CLAIM,
    nameClaim: c.OIDC_NAME_CLAIM,
    maxAgeMs: c.OIDC_JWKS_MAX_AGE_S * 1000,
  };
}

/** Development: every role, HS256 with the shared secret. */
export class SharedSecretVerifier implements TokenVerifier {
  constructor(private readonly secret: string) {}
  async verify(token: string): Promise<Actor> {
    return verifyToken(token, this.secret);
  }
}

/** Production: staff from the identity provider, the services themselves (role `system`) by the internal secret. */
export class OidcWithServiceTokensVerifier implements TokenVerifier {
  constructor(
    private readonly oidc: OidcVerifier,
    private readonly internalSecret: string,
  ) {}

  async verify(token: string): Promise<Actor> {
    if (this.oidc.claimsIssuer(token)) return this.oidc.verify(token);
    const actor = verifyToken(token, this.internalSecret);
    if (actor.role !== 'system') throw new TokenError('staff tokens must come from the identity provider (AUTH_MODE=oidc)');
    return actor;
  }
}

export function createTokenVerifier(settings: AuthSettings, secret: string): TokenVerifier {
  return settings.mode === 'hs256' ? new SharedSecretVerifier(secret) : new OidcWithServiceTokensVerifier(new OidcVerifier(settings), secret);
}
