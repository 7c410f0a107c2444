// infra/local/env.sh: the defaults every script and test relies on, and that each one can be overridden.
// Also checks the scripts parse, and that status.sh reports (and fails on) services that are down.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { cleanEnv, PORT_VARS, ROOT, sourceEnv } from './helpers';

const DEFAULTS: Record<(typeof PORT_VARS)[number], string> = {
  DIBAO_PG_PORT: '55432',
  DIBAO_TEMPORAL_PORT: '7233',
  DIBAO_TEMPORAL_UI_PORT: '8233',
  DIBAO_KAFKA_PORT: '9092',
  DIBAO_KAFKA_CONTROLLER_PORT: '19093',
};

describe('infra/local/env.sh', () => {
  it('has the documented defaults, and derives the client settings from them', () => {
    const env = sourceEnv();
    for (const [name, value] of Object.entries(DEFAULTS)) {
      expect({ name, value: env[name] }).toEqual({ name, value });
    }
    expect(env.DIBAO_PG_URL_BASE).toBe('postgres://dibao:dibao@127.0.0.1:55432');
    expect(env.KAFKA_BROKERS).toBe('127.0.0.1:9092');
    expect(env.TEMPORAL_ADDRESS).toBe('127.0.0.1:7233');
  });

  it('finds the repository root from its own location, whatever the working directory', () => {
    const env = sourceEnv({}, '/tmp');
    expect(env.ROOT).toBe(fs.realpathSync(ROOT));
    expect(env.DIBAO_LOCAL).toBe(path.join(fs.realpathSync(ROOT), '.local'));
    expect(env.DIBAO_PG_DATA).toBe(path.join(env.DIBAO_LOCAL, 'pg'));
    expect(env.DIBAO_TEMPORAL_BIN).toBe(path.join(env.DIBAO_LOCAL, 'bin/temporal'));
  });

  it('honours DIBAO_PG_PORT=6000 (the one-liner from the README)', () => {
    const out = execFileSync('bash', ['-c', 'DIBAO_PG_PORT=6000 source infra/local/env.sh; echo $DIBAO_PG_PORT $DIBAO_PG_URL_BASE'], {
      cwd: ROOT,
      env: cleanEnv(),
      encoding: 'utf8',
    });
    expect(out.trim()).toBe('6000 postgres://dibao:dibao@127.0.0.1:6000');
  });

  it.each(PORT_VARS)('honours an override of %s', (name) => {
    const env = sourceEnv({ [name]: '6111' });
    expect(env[name]).toBe('6111');
    for (const other of PORT_VARS.filter((n) => n !== name)) expect(env[other]).toBe(DEFAULTS[other]);
  });

  it('derives the client settings from overridden ports', () => {
    const env = sourceEnv({ DIBAO_PG_PORT: '6001', DIBAO_KAFKA_PORT: '6002', DIBAO_TEMPORAL_PORT: '6003' });
    expect(env.DIBAO_PG_URL_BASE).toBe('postgres://dibao:dibao@127.0.0.1:6001');
    expect(env.KAFKA_BROKERS).toBe('127.0.0.1:6002');
    expect(env.TEMPORAL_ADDRESS).toBe('127.0.0.1:6003');
  });
});

describe('infra/local scripts', () => {
  const scripts = [
    ...['up.sh', 'down.sh', 'status.sh', 'env.sh', 'compose-config.sh'].map((f) => `infra/local/${f}`),
    ...fs.readdirSync(path.join(ROOT, 'infra/local/lib')).map((f) => `infra/local/lib/${f}`),
    'infra/postgres/docker-init.sh',
    'infra/kafka/docker-create-topics.sh',
    'infra/temporal/docker-register-search-attributes.sh',
  ];

  it.each(scripts)('%s parses (bash -n)', (script) => {
    const r = spawnSync('bash', ['-n', path.join(ROOT, script)], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('status.sh prints one line per service and exits non-zero when they are down', () => {
    // Port 1 has no listener, so every service reads as down whatever is running on the real ports.
    const r = spawnSync('bash', [path.join(ROOT, 'infra/local/status.sh')], {
      cwd: ROOT,
      env: cleanEnv({ DIBAO_PG_PORT: '1', DIBAO_TEMPORAL_PORT: '1', DIBAO_KAFKA_PORT: '1' }),
      encoding: 'utf8',
    });
    expect(r.status).not.toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.map((l) => l.split(/\s+/).slice(0, 3))).toEqual([
      ['postgres', 'down', '127.0.0.1:1'],
      ['temporal', 'down', '127.0.0.1:1'],
      ['kafka', 'down', '127.0.0.1:1'],
    ]);
  });

  it('up.sh and down.sh refuse an unknown service', () => {
    for (const script of ['up.sh', 'down.sh']) {
      const r = spawnSync('bash', [path.join(ROOT, 'infra/local', script), 'redis'], { cwd: ROOT, env: cleanEnv(), encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("unknown service 'redis'");
    }
  });
});
