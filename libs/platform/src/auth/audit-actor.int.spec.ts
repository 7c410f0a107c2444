import { generateKeyPairSync } from 'crypto';
import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import { Controller, Get, INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { postgresOptions } from '../database/data-source';
import { withActorNames } from '../database/audit-actors';
import { PlatformModule } from '../platform.module';
import { freshDatabase } from '../testing';
import { Roles } from './auth.decorators';

@Controller('probe-audit')
class Probe {
  @Get()
  @Roles('caseworker')
  ok() {
    return { ok: true };
  }
}

/** The audit names who acted: an OIDC token's name is kept per subject (audit_actor) and joined into the audit reads. */
describe('audit actor names (real PostgreSQL, OIDC tokens from a local JWKS)', () => {
  let app: INestApplication;
  let server: Server;
  let ds: DataSource;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  let issuer: string;

  beforeAll(async () => {
    server = createServer((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'a1', use: 'sig' }] })));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    issuer = `${base}/realms/county`;
    const url = await freshDatabase('platform_audit_actor_it');
    const moduleRef = await Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot(postgresOptions({ url, entities: [], migrations: [] })),
        PlatformModule.forRoot({
          serviceName: 'audit-probe',
          jwtSecret: 'internal-service-secret-0123456789',
          auth: { mode: 'oidc', issuer, audience: 'dibao', jwksUrl: `${base}/jwks`, roleClaim: 'role', townshipClaim: 'township', nameClaim: 'name' },
        }),
      ],
      controllers: [Probe],
    }).compile();
    app = moduleRef.createNestApplication();
    await app.init();
    ds = app.get<DataSource>(getDataSourceToken());
  });
  afterAll(async () => {
    await app?.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it("records the name once per person and adds it to audit entries by actor id", async () => {
    const token = (name: string) => jwt.sign({ role: 'caseworker', township: 'T01', name }, privateKey, { algorithm: 'RS256', keyid: 'a1', subject: 'u-wang', issuer, audience: 'dibao', expiresIn: '5m' });
    await request(app.getHttpServer()).get('/probe-audit').set('authorization', `Bearer ${token('王芳')}`).expect(200);
    await request(app.getHttpServer()).get('/probe-audit').set('authorization', `Bearer ${token('王芳')}`).expect(200);
    expect(await ds.query(`SELECT id, role, name FROM audit_actor`)).toEqual([{ id: 'u-wang', role: 'caseworker', name: '王芳' }]);
    // A changed name (a corrected record at the provider) is kept too.
    await request(app.getHttpServer()).get('/probe-audit').set('authorization', `Bearer ${token('王芳芳')}`).expect(200);
    const entries = await withActorNames(ds, [
      { actorId: 'u-wang', action: 'registered' },
      { actorId: 'case-worker', action: 'status-changed' },
    ]);
    expect(entries).toEqual([
      { actorId: 'u-wang', action: 'registered', actorName: '王芳芳' },
      { actorId: 'case-worker', action: 'status-changed' },
    ]);
  });
});
