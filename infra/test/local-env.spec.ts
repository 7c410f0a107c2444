// infra/local/env.sh: the defaults every script and test relies on, and that each one can be overridden.
// Also checks the scripts parse, and that status.sh reports (and fails on) services that are down.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
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

describe('infra/local/env.sh: the state folder of a second stack (DIBAO_STATE_DIR)', () => {
  const root = fs.realpathSync(ROOT);
  const local = path.join(root, '.local');
  const statePaths = (env: Record<string, string>) => ({
    DIBAO_LOG_DIR: env.DIBAO_LOG_DIR,
    DIBAO_RUN_DIR: env.DIBAO_RUN_DIR,
    DIBAO_PG_DATA: env.DIBAO_PG_DATA,
    DIBAO_PG_SOCKET_DIR: env.DIBAO_PG_SOCKET_DIR,
    DIBAO_TEMPORAL_DIR: env.DIBAO_TEMPORAL_DIR,
    DIBAO_TEMPORAL_DB: env.DIBAO_TEMPORAL_DB,
    DIBAO_KAFKA_STATE_DIR: env.DIBAO_KAFKA_STATE_DIR,
    DIBAO_KAFKA_DATA: env.DIBAO_KAFKA_DATA,
  });
  const under = (dir: string) => ({
    DIBAO_LOG_DIR: path.join(dir, 'logs'),
    DIBAO_RUN_DIR: path.join(dir, 'run'),
    DIBAO_PG_DATA: path.join(dir, 'pg'),
    DIBAO_PG_SOCKET_DIR: path.join(dir, 'pg-socket'),
    DIBAO_TEMPORAL_DIR: path.join(dir, 'temporal'),
    DIBAO_TEMPORAL_DB: path.join(dir, 'temporal/temporal.db'),
    DIBAO_KAFKA_STATE_DIR: path.join(dir, 'kafka'),
    DIBAO_KAFKA_DATA: path.join(dir, 'kafka/data'),
  });
  const shared = (env: Record<string, string>) => ({
    DIBAO_BIN_DIR: env.DIBAO_BIN_DIR,
    DIBAO_TEMPORAL_BIN: env.DIBAO_TEMPORAL_BIN,
    DIBAO_KAFKA_DIR: env.DIBAO_KAFKA_DIR,
    DIBAO_KAFKA_LIBS: env.DIBAO_KAFKA_LIBS,
  });
  const sharedDefaults = {
    DIBAO_BIN_DIR: path.join(local, 'bin'),
    DIBAO_TEMPORAL_BIN: path.join(local, 'bin/temporal'),
    DIBAO_KAFKA_DIR: path.join(local, 'kafka'),
    DIBAO_KAFKA_LIBS: path.join(local, 'kafka/libs'),
  };

  it('left unset, keeps every path of the default stack exactly where it was, and stays unset', () => {
    const env = sourceEnv();
    expect(statePaths(env)).toEqual(under(local));
    expect(shared(env)).toEqual(sharedDefaults);
    expect(env.DIBAO_STATE_DIR).toBeUndefined();
    expect(env.DIBAO_KAFKA_CLUSTER_ID).toBe('ZGliYW8tbG9jYWwta2ZrMQ');
  });

  it('moves the state, logs and pid files (absolute or relative to the root) and shares the built artefacts', () => {
    const absolute = sourceEnv({ DIBAO_STATE_DIR: '/tmp/dibao-other-stack' });
    expect(statePaths(absolute)).toEqual(under('/tmp/dibao-other-stack'));
    expect(shared(absolute)).toEqual(sharedDefaults);
    const relative = sourceEnv({ DIBAO_STATE_DIR: '.local/stacks/x' }, '/tmp');
    expect(relative.DIBAO_STATE_DIR).toBe(path.join(root, '.local/stacks/x'));
    expect(statePaths(relative)).toEqual(under(path.join(root, '.local/stacks/x')));
  });

  it('keeps the override after `DIBAO_STATE_DIR=… source env.sh`, so later scripts act on the same stack', () => {
    const out = execFileSync('bash', ['-c', 'DIBAO_STATE_DIR=.local/stacks/y source infra/local/env.sh; echo "$DIBAO_STATE_DIR $DIBAO_PG_DATA"'], {
      cwd: ROOT,
      env: cleanEnv(),
      encoding: 'utf8',
    });
    expect(out.trim()).toBe(`${path.join(root, '.local/stacks/y')} ${path.join(root, '.local/stacks/y/pg')}`);
  });

  it('the fault tests\' stack (apps/faults/stack-env.sh): its own ports, state and cluster id, whatever the shell says', () => {
    const script = `source ${JSON.stringify(path.join(ROOT, 'apps/faults/stack-env.sh'))}; env -0`;
    // A shell set up for the default stack (or another port) must not leak into the fault stack.
    const out = execFileSync('bash', ['-c', script], { cwd: '/', env: cleanEnv({ DIBAO_PG_PORT: '6000', DIBAO_KAFKA_PORT: '9092' }), encoding: 'utf8' });
    const env = Object.fromEntries(out.split('\0').filter((e) => e.includes('=')).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
    expect({
      pg: env.DIBAO_PG_PORT,
      temporal: env.DIBAO_TEMPORAL_PORT,
      ui: env.DIBAO_TEMPORAL_UI_PORT,
      kafka: env.DIBAO_KAFKA_PORT,
      controller: env.DIBAO_KAFKA_CONTROLLER_PORT,
      brokers: env.KAFKA_BROKERS,
      temporalAddress: env.TEMPORAL_ADDRESS,
      pgBase: env.DIBAO_PG_URL_BASE,
    }).toEqual({
      pg: '57432',
      temporal: '7533',
      ui: '8533',
      kafka: '9292',
      controller: '19293',
      brokers: '127.0.0.1:9292',
      temporalAddress: '127.0.0.1:7533',
      pgBase: 'postgres://dibao:dibao@127.0.0.1:57432',
    });
    expect(statePaths(env)).toEqual(under(path.join(root, '.local/stacks/faults')));
    expect(shared(env)).toEqual(sharedDefaults);
    expect(env.DIBAO_KAFKA_CLUSTER_ID).not.toBe('ZGliYW8tbG9jYWwta2ZrMQ');
    expect(Buffer.from(env.DIBAO_KAFKA_CLUSTER_ID, 'base64url')).toHaveLength(16);
    expect(env.DIBAO_FAULTS_STACK).toBe('1');
  });

  it('status.sh reports a second stack by its own ports, beside the default one', () => {
    const state = fs.mkdtempSync(path.join(os.tmpdir(), 'dibao-stack-'));
    const r = spawnSync('bash', [path.join(ROOT, 'infra/local/status.sh')], {
      cwd: ROOT,
      env: cleanEnv({ DIBAO_STATE_DIR: state, DIBAO_PG_PORT: '1', DIBAO_TEMPORAL_PORT: '1', DIBAO_KAFKA_PORT: '1' }),
      encoding: 'utf8',
    });
    // its folders were made in the stack's state folder, not in .local
    expect(fs.readdirSync(state).sort()).toEqual(['logs', 'run']);
    fs.rmSync(state, { recursive: true, force: true });
    expect(r.status).not.toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => l.split(/\s+/).slice(0, 2))).toEqual([
      ['postgres', 'down'],
      ['temporal', 'down'],
      ['kafka', 'down'],
    ]);
  });
});

describe('infra/local/env.sh: DIBAO_STACK=production', () => {
  const root = fs.realpathSync(ROOT);

  it('has its own default ports and state folder, three brokers, and derives the full server\'s ports', () => {
    const env = sourceEnv({ DIBAO_STACK: 'production' });
    expect({
      pg: env.DIBAO_PG_PORT,
      temporal: env.DIBAO_TEMPORAL_PORT,
      ui: env.DIBAO_TEMPORAL_UI_PORT,
      kafka: env.DIBAO_KAFKA_PORT,
      controller: env.DIBAO_KAFKA_CONTROLLER_PORT,
      state: env.DIBAO_STATE_DIR,
      brokers: env.KAFKA_BROKERS,
      nodes: env.DIBAO_KAFKA_NODES,
      rf: env.DIBAO_KAFKA_REPLICATION_FACTOR,
      isr: env.DIBAO_KAFKA_MIN_INSYNC_REPLICAS,
      roles: env.DIBAO_PG_SERVICE_ROLES,
      shards: env.DIBAO_TEMPORAL_HISTORY_SHARDS,
      ports: [env.DIBAO_TEMPORAL_HISTORY_PORT, env.DIBAO_TEMPORAL_MATCHING_PORT, env.DIBAO_TEMPORAL_WORKER_PORT, env.DIBAO_TEMPORAL_HTTP_PORT, env.DIBAO_TEMPORAL_MEMBERSHIP_PORT],
    }).toEqual({
      pg: '56432',
      temporal: '7633',
      ui: '8633',
      kafka: '9492',
      controller: '19492',
      state: path.join(root, '.local/stacks/production'),
      brokers: '127.0.0.1:9492,127.0.0.1:9493,127.0.0.1:9494',
      nodes: '3',
      rf: '3',
      isr: '2',
      roles: '1',
      shards: '4',
      ports: ['7634', '7635', '7636', '7643', '7653'],
    });
    expect(env.DIBAO_KAFKA_CLUSTER_ID).not.toBe('ZGliYW8tbG9jYWwta2ZrMQ');
    expect(Buffer.from(env.DIBAO_KAFKA_CLUSTER_ID, 'base64url')).toHaveLength(16);
  });

  it('keeps the dev stack exactly as it was when DIBAO_STACK is dev or unset', () => {
    for (const env of [sourceEnv(), sourceEnv({ DIBAO_STACK: 'dev' })]) {
      expect(env.DIBAO_STACK).toBe('dev');
      expect(env.KAFKA_BROKERS).toBe('127.0.0.1:9092');
      expect(env.DIBAO_STATE_DIR).toBeUndefined();
      expect(env.DIBAO_PG_SERVICE_ROLES).toBeUndefined();
      expect(env.DIBAO_KAFKA_NODES).toBe('1');
    }
  });

  it('honours overrides of the production stack\'s ports and shards', () => {
    const env = sourceEnv({ DIBAO_STACK: 'production', DIBAO_KAFKA_PORT: '6100', DIBAO_TEMPORAL_PORT: '6200', DIBAO_TEMPORAL_HISTORY_SHARDS: '16' });
    expect(env.KAFKA_BROKERS).toBe('127.0.0.1:6100,127.0.0.1:6101,127.0.0.1:6102');
    expect(env.DIBAO_TEMPORAL_HISTORY_PORT).toBe('6201');
    expect(env.DIBAO_TEMPORAL_HISTORY_SHARDS).toBe('16');
  });

  it('refuses an unknown stack', () => {
    const r = spawnSync('bash', ['-c', `source ${JSON.stringify(path.join(ROOT, 'infra/local/env.sh'))}`], { env: cleanEnv({ DIBAO_STACK: 'staging' }), encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("DIBAO_STACK='staging' is not a stack");
  });

  it('status.sh reports the production stack\'s three services (down on unused ports)', () => {
    const state = fs.mkdtempSync(path.join(os.tmpdir(), 'dibao-prod-'));
    const r = spawnSync('bash', [path.join(ROOT, 'infra/local/status.sh')], {
      cwd: ROOT,
      env: cleanEnv({ DIBAO_STACK: 'production', DIBAO_STATE_DIR: state, DIBAO_PG_PORT: '1', DIBAO_TEMPORAL_PORT: '1', DIBAO_KAFKA_PORT: '1' }),
      encoding: 'utf8',
    });
    fs.rmSync(state, { recursive: true, force: true });
    expect(r.status).not.toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => l.split(/\s+/).slice(0, 2))).toEqual([
      ['postgres', 'down'],
      ['temporal', 'down'],
      ['kafka', 'down'],
    ]);
  });

  it('cluster.properties template: replication factor, min.insync.replicas and the quorum from placeholders', () => {
    const lines = fs.readFileSync(path.join(ROOT, 'infra/kafka/cluster.properties'), 'utf8').split('\n').filter((l) => /^[a-z]/.test(l));
    const props = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    expect(props).toMatchObject({
      'node.id': '@NODE_ID@',
      'controller.quorum.voters': '@VOTERS@',
      'default.replication.factor': '@REPLICATION_FACTOR@',
      'min.insync.replicas': '@MIN_INSYNC_REPLICAS@',
      'offsets.topic.replication.factor': '@REPLICATION_FACTOR@',
      'unclean.leader.election.enable': 'false',
    });
  });
});

describe('infra/local scripts', () => {
  const scripts = [
    ...['up.sh', 'down.sh', 'status.sh', 'env.sh', 'compose-config.sh'].map((f) => `infra/local/${f}`),
    'apps/faults/stack-env.sh',
    'tools/test-faults.sh',
    ...fs.readdirSync(path.join(ROOT, 'infra/local/lib')).map((f) => `infra/local/lib/${f}`),
    'infra/postgres/docker-init.sh',
    'infra/kafka/docker-create-topics.sh',
    'infra/temporal/docker-register-search-attributes.sh',
    'infra/temporal/docker-setup-production.sh',
    'tools/lib/stack.sh',
    'tools/test.sh',
    'tools/start.sh',
    'tools/bench.sh',
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
