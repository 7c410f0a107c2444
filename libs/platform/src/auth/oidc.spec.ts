import { generateKeyPairSync, KeyObject } from 'crypto';
import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import { Controller, Get, INestApplication, Req } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import type { Actor } from '@dibao/contracts';
import { ConfigError } from '../config/config';
import { PlatformModule } from '../platform.module';
import { Roles } from './auth.decorators';
import { signToken } from './jwt';
import { OidcVerifier } from './oidc';
import { DEVELOPMENT_JWT_SECRET, loadAuthSettings } from './token-verifier';

/**
 * A local identity provider: a real HTTP server publishing a JWKS whose keys the test rotates. Tokens are signed
 * the way Keycloak or any OIDC provider signs them (RS256 or ES256, `kid` in the header, iss/aud/exp claims).
 */
class LocalIdentityProvider {
  private server!: Server;
  private published: { kid: string; key: KeyObject }[] = [];
  requests = 0;
  down = false;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.requests++;
      if (this.down) {
        res.writeHead(503).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: this.published.map(({ kid, key }) => ({ ...key.export({ format: 'jwk' }), kid, use: 'sig' })) }));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Publishes a new key (RSA or EC P-256); the returned function signs tokens with it. */
  rotate(kid: string, kind: 'rsa' | 'ec' = 'rsa', keepOld = false) {
    const pair = kind === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.published = [...(keepOld ? this.published : []), { kid, key: pair.publicKey }];
    return (claims: object, opts: jwt.SignOptions = {}) =>
      jwt.sign(claims, pair.privateKey, { algorithm: kind === 'rsa' ? 'RS256' : 'ES256', keyid: kid, expiresIn: '5m', ...opts });
  }
}

const AUDIENCE = 'dibao-county';

describe('OIDC tokens (RS256/ES256 through the JWKS of a local provider)', () => {
  const idp = new LocalIdentityProvider();
  let base: string;
  let issuer: string;
  let verifier: OidcVerifier;

  beforeAll(async () => {
    base = await idp.start();
    issuer = `${base}/realms/county`;
  });
  afterAll(() => idp.stop());
  beforeEach(() => {
    idp.down = false;
    verifier = new OidcVerifier({
      issuer,
      audience: AUDIENCE,
      jwksUrl: `${base}/jwks`,
      roleClaim: 'realm_access.roles',
      townshipClaim: 'township',
      nameClaim: 'name',
      refetchCooldownMs: 0,
    });
  });

  it("takes the actor from the subject, the configured role path and township, and keeps the person's name", async () => {
    const sign = idp.rotate('k1');
    const token = sign({ realm_access: { roles: ['offline_access', 'caseworker'] }, township: 'T01', name: '王芳' }, { subject: 'u-17', issuer, audience: AUDIENCE });
    await expect(verifier.verify(token)).resolves.toEqual({ id: 'u-17', role: 'caseworker', township: 'T01', name: '王芳' });
    const ec = idp.rotate('k-ec', 'ec');
    const ecToken = ec({ realm_access: { roles: ['supervisor'] } }, { subject: 'u-2', issuer, audience: AUDIENCE });
    await expect(verifier.verify(ecToken)).resolves.toEqual({ id: 'u-2', role: 'supervisor' });
  });

  it('refuses a wrong issuer, a wrong audience, an expired token, a missing role and a township role without township', async () => {
    const sign = idp.rotate('k2');
    const roles = { realm_access: { roles: ['caseworker'] }, township: 'T01' };
    await expect(verifier.verify(sign(roles, { subject: 'a', issuer: 'https://elsewhere', audience: AUDIENCE }))).rejects.toThrow(`not issued by ${issuer}`);
    await expect(verifier.verify(sign(roles, { subject: 'a', issuer, audience: 'another-app' }))).rejects.toThrow('not meant for this system');
    await expect(verifier.verify(sign(roles, { subject: 'a', issuer, audience: AUDIENCE, expiresIn: -120 }))).rejects.toThrow('expired');
    await expect(verifier.verify(sign({ realm_access: { roles: ['mayor'] } }, { subject: 'a', issuer, audience: AUDIENCE }))).rejects.toThrow('no dibao role');
    await expect(verifier.verify(sign({ realm_access: { roles: ['caseworker'] } }, { subject: 'a', issuer, audience: AUDIENCE }))).rejects.toThrow('needs a township claim');
    await expect(verifier.verify(sign({ realm_access: { roles: ['system'] } }, { subject: 'a', issuer, audience: AUDIENCE }))).rejects.toThrow('system role');
  });

  it('refuses HS256 (a token signed with a shared secret cannot pass for the provider) and a forged key', async () => {
    idp.rotate('k3');
    const hs = jwt.sign({ realm_access: { roles: ['admin'] } }, 'guessable-secret', { subject: 'x', issuer, audience: AUDIENCE, keyid: 'k3' });
    await expect(verifier.verify(hs)).rejects.toThrow('algorithm HS256 is not accepted');
    const forged = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const bad = jwt.sign({ realm_access: { roles: ['admin'] } }, forged, { algorithm: 'RS256', keyid: 'k3', subject: 'x', issuer, audience: AUDIENCE });
    await expect(verifier.verify(bad)).rejects.toThrow('the token is invalid');
  });

  it('follows a key rotation without a restart: an unknown kid fetches the key set again', async () => {
    const old = idp.rotate('2026-11');
    const claims = { realm_access: { roles: ['finance'] } };
    await verifier.verify(old(claims, { subject: 'f', issuer, audience: AUDIENCE }));
    const fetchesBefore = verifier.keys.fetches;
    const next = idp.rotate('2026-12');
    await expect(verifier.verify(next(claims, { subject: 'f', issuer, audience: AUDIENCE }))).resolves.toMatchObject({ role: 'finance' });
    expect(verifier.keys.fetches).toBe(fetchesBefore + 1);
    // The old key is gone from the provider: its tokens stop working once the set is fetched again.
    await expect(verifier.verify(old(claims, { subject: 'f', issuer, audience: AUDIENCE }))).rejects.toThrow('unknown key (kid 2026-11)');
  });

  it('a burst of tokens naming an unknown kid fetches the keys at most once per cooldown', async () => {
    const throttled = new OidcVerifier({ issuer, audience: AUDIENCE, jwksUrl: `${base}/jwks`, roleClaim: 'role', townshipClaim: 'township', nameClaim: 'name', refetchCooldownMs: 60_000 });
    const sign = idp.rotate('real');
    await throttled.verify(sign({ role: 'admin' }, { subject: 'a', issuer, audience: AUDIENCE }));
    const before = idp.requests;
    const fake = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const forged = jwt.sign({ role: 'admin' }, fake, { algorithm: 'RS256', keyid: 'made-up', subject: 'a', issuer, audience: AUDIENCE });
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => throttled.verify(forged)));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(idp.requests - before).toBeLessThanOrEqual(1);
  });

  it('keeps the keys it holds when the provider is briefly down; with none it says the provider is unreachable', async () => {
    const sign = idp.rotate('k4');
    const token = sign({ role: 'admin' }, { subject: 'a', issuer, audience: AUDIENCE });
    const v = new OidcVerifier({ issuer, audience: AUDIENCE, jwksUrl: `${base}/jwks`, roleClaim: 'role', townshipClaim: 'township', nameClaim: 'name', maxAgeMs: 0 });
    await v.verify(token);
    idp.down = true;
    await expect(v.verify(token)).resolves.toMatchObject({ role: 'admin' });
    const fresh = new OidcVerifier({ issuer, audience: AUDIENCE, jwksUrl: `${base}/jwks`, roleClaim: 'role', townshipClaim: 'township', nameClaim: 'name' });
    await expect(fresh.verify(token)).rejects.toThrow("identity provider's keys could not be fetched");
  });
});

describe('identity settings, checked at boot', () => {
  it('defaults to HS256 for development', () => {
    expect(loadAuthSettings({})).toEqual({ mode: 'hs256' });
  });

  it('production refuses HS256 staff tokens and the development secret, naming the variable', () => {
    expect(() => loadAuthSettings({ DIBAO_ENV: 'production' })).toThrow(/AUTH_MODE \(not set\): must be oidc when DIBAO_ENV=production/);
    expect(() =>
      loadAuthSettings({ DIBAO_ENV: 'production', AUTH_MODE: 'oidc', OIDC_ISSUER: 'https://id.example', OIDC_AUDIENCE: 'dibao', JWT_SECRET: DEVELOPMENT_JWT_SECRET }),
    ).toThrow(/JWT_SECRET: the development secret may not be used/);
    expect(() => loadAuthSettings({ DIBAO_STACK: 'production', JWT_SECRET: DEVELOPMENT_JWT_SECRET })).toThrow(/JWT_SECRET: the development secret may not be used on the production stack/);
    expect(loadAuthSettings({ DIBAO_STACK: 'production', JWT_SECRET: 'a-secret-made-for-this-stack' })).toEqual({ mode: 'hs256' });
  });

  it('oidc needs an issuer and an audience; the JWKS URL defaults below the issuer', () => {
    expect(() => loadAuthSettings({ AUTH_MODE: 'oidc' })).toThrow(ConfigError);
    expect(() => loadAuthSettings({ AUTH_MODE: 'oidc', OIDC_ISSUER: 'not a url', OIDC_AUDIENCE: 'x' })).toThrow(/OIDC_ISSUER: must be a URL/);
    expect(loadAuthSettings({ AUTH_MODE: 'oidc', OIDC_ISSUER: 'https://id.example/realms/c/', OIDC_AUDIENCE: 'dibao' })).toMatchObject({
      mode: 'oidc',
      jwksUrl: 'https://id.example/realms/c/.well-known/jwks.json',
      roleClaim: 'role',
    });
  });
});

@Controller('probe')
class ProbeController {
  @Get()
  @Roles('caseworker', 'system')
  who(@Req() req: { actor: Actor }) {
    return req.actor;
  }
}

describe('the auth guard in OIDC mode (a Nest app with the platform module)', () => {
  const idp = new LocalIdentityProvider();
  const secret = 'internal-service-secret-0123456789';
  let app: INestApplication;
  let issuer: string;

  beforeAll(async () => {
    const base = await idp.start();
    issuer = `${base}/realms/county`;
    const moduleRef = await Test.createTestingModule({
      imports: [
        PlatformModule.forRoot({
          serviceName: 'probe',
          jwtSecret: secret,
          database: false,
          auth: { mode: 'oidc', issuer, audience: AUDIENCE, jwksUrl: `${base}/jwks`, roleClaim: 'role', townshipClaim: 'township', nameClaim: 'name' },
        }),
      ],
      controllers: [ProbeController],
    }).compile();
    app = moduleRef.createNestApplication();
    await app.init();
  });
  afterAll(async () => {
    await app?.close();
    await idp.stop();
  });

  it('lets a provider token in, a service token (role system) in, and refuses a staff token signed with the internal secret', async () => {
    const sign = idp.rotate('g1');
    const staff = sign({ role: 'caseworker', township: 'T03', name: '李明' }, { subject: 'li', issuer, audience: AUDIENCE });
    const ok = await request(app.getHttpServer()).get('/probe').set('authorization', `Bearer ${staff}`).expect(200);
    expect(ok.body).toEqual({ id: 'li', role: 'caseworker', township: 'T03', name: '李明' });

    const service = signToken({ sub: 'case-worker', role: 'system' }, secret, '5m');
    await request(app.getHttpServer()).get('/probe').set('authorization', `Bearer ${service}`).expect(200);

    const local = signToken({ sub: 'x', role: 'caseworker', township: 'T03' }, secret);
    const refused = await request(app.getHttpServer()).get('/probe').set('authorization', `Bearer ${local}`).expect(401);
    expect(JSON.stringify(refused.body)).toMatch(/must come from the identity provider/);
  });

  it('answers 503, not 401 or 500, when the provider cannot be reached to fetch its first keys', async () => {
    const unreachable = await Test.createTestingModule({
      imports: [
        PlatformModule.forRoot({
          serviceName: 'probe2',
          jwtSecret: secret,
          database: false,
          auth: { mode: 'oidc', issuer, audience: AUDIENCE, jwksUrl: 'http://127.0.0.1:9/jwks', roleClaim: 'role', townshipClaim: 'township', nameClaim: 'name' },
        }),
      ],
      controllers: [ProbeController],
    }).compile();
    const app2 = unreachable.createNestApplication();
    await app2.init();
    try {
      const sign = idp.rotate('g2');
      const token = sign({ role: 'caseworker', township: 'T03' }, { subject: 'li', issuer, audience: AUDIENCE });
      await request(app2.getHttpServer()).get('/probe').set('authorization', `Bearer ${token}`).expect(503);
    } finally {
      await app2.close();
    }
  });
});
