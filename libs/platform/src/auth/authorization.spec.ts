import { Controller, Get, INestApplication, Patch, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AUTHORIZATION_MATRIX, permissionFor } from '@dibao/contracts';
import { PlatformModule } from '../platform.module';
import { Roles } from './auth.decorators';
import { signToken } from './jwt';

/** Routes spelled like the real services', with no @Roles(): the matrix alone must decide. */
@Controller('households')
class LookalikeHouseholds {
  @Get(':id')
  get() {
    return { ok: true };
  }
  @Patch(':id')
  update() {
    return { ok: true };
  }
}

@Controller()
class Unreviewed {
  @Post('brand-new-endpoint')
  create() {
    return { ok: true };
  }
}

@Controller('outside-api')
class OutsideApi {
  @Get()
  @Roles('finance')
  get() {
    return { ok: true };
  }
}

describe('the authorization matrix, enforced by the guard', () => {
  const secret = 'matrix-spec-secret-0123456789';
  let app: INestApplication;
  const token = (role: 'caseworker' | 'finance' | 'admin' | 'supervisor', township?: string) =>
    `Bearer ${signToken({ sub: `u-${role}`, role, ...(township ? { township } : {}) }, secret)}`;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [PlatformModule.forRoot({ serviceName: 'matrix-spec', jwtSecret: secret, database: false, auth: { mode: 'hs256' } })],
      controllers: [LookalikeHouseholds, Unreviewed, OutsideApi],
    }).compile();
    app = moduleRef.createNestApplication();
    app.setGlobalPrefix('api/v1', { exclude: ['outside-api'] });
    await app.init();
  });
  afterAll(() => app?.close());

  it('looks routes up in either spelling and lists no operation twice', () => {
    expect(permissionFor('patch', '/api/v1/households/:id')?.permission.roles).toEqual(['caseworker']);
    expect(permissionFor('PATCH', '/api/v1/households/{id}')?.service).toBe('households');
    expect(permissionFor('GET', '/api/v1/nowhere')).toBeUndefined();
    const count = Object.values(AUTHORIZATION_MATRIX).reduce((n, ops) => n + Object.keys(ops).length, 0);
    expect(count).toBeGreaterThanOrEqual(100);
  });

  it('takes the roles from the matrix, not from the controller', async () => {
    const http = request(app.getHttpServer());
    await http.get('/api/v1/households/h1').set('authorization', token('finance')).expect(200);
    await http.patch('/api/v1/households/h1').set('authorization', token('caseworker', 'T01')).expect(200);
    const refused = await http.patch('/api/v1/households/h1').set('authorization', token('finance')).expect(403);
    expect(refused.body.detail ?? refused.body.message).toMatch(/role finance may not do this; allowed: caseworker/);
    await http.patch('/api/v1/households/h1').set('authorization', token('admin')).expect(200);
  });

  it('refuses an API route that is not in the matrix (fail closed), except to the administrator', async () => {
    const http = request(app.getHttpServer());
    const refused = await http.post('/api/v1/brand-new-endpoint').set('authorization', token('supervisor')).expect(403);
    expect(JSON.stringify(refused.body)).toMatch(/not in the authorization matrix/);
    await http.post('/api/v1/brand-new-endpoint').set('authorization', token('admin')).expect(201);
  });

  it('outside the public API, @Roles() still decides', async () => {
    const http = request(app.getHttpServer());
    await http.get('/outside-api').set('authorization', token('finance')).expect(200);
    await http.get('/outside-api').set('authorization', token('supervisor')).expect(403);
  });
});
