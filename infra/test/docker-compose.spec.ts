// Checks docker-compose.yml without a Docker engine: `docker-compose config` must resolve it, and what it
// resolves to must match the apps' needs and the native stack's defaults (infra/local/env.sh).
// infra/local/compose-config.sh installs Debian's docker-compose on first use when it is missing.
import { execFileSync } from 'child_process';
import * as path from 'path';
import { cleanEnv, readList, ROOT, sourceEnv, yamlFile } from './helpers';

interface PortMapping {
  published: string;
  target: string;
}
interface Service {
  image?: string;
  profiles?: string[];
  build?: { context: string; dockerfile: string };
  command?: string[] | string;
  entrypoint?: string[] | string;
  environment?: Record<string, string | null> | string[];
  ports?: Array<string | { published: number | string; target: number | string }>;
  volumes?: Array<string | { source: string; target: string }>;
  depends_on?: Record<string, { condition: string }> | string[];
}
interface Compose {
  services: Record<string, Service>;
}

const APPS: Record<string, { port: number; database: string }> = {
  'case-api': { port: 3000, database: 'dibao_cases' },
  households: { port: 3001, database: 'dibao_households' },
  payments: { port: 3002, database: 'dibao_payments' },
  inspections: { port: 3003, database: 'dibao_inspections' },
  'case-worker': { port: 3004, database: 'dibao_cases' },
};
const BACKING = ['postgres', 'temporal', 'temporal-setup', 'temporal-ui', 'kafka', 'kafka-setup'];
/** The compose profile `production` (the native DIBAO_STACK=production): full Temporal server, three Kafka nodes. */
const PRODUCTION = [
  'temporal-server-schema',
  'temporal-server',
  'temporal-server-setup',
  'temporal-server-ui',
  'kafka-1',
  'kafka-2',
  'kafka-3',
  'kafka-cluster-setup',
];
const APP_ENV = [
  'PORT',
  'DATABASE_URL',
  'KAFKA_BROKERS',
  'TEMPORAL_ADDRESS',
  'TEMPORAL_NAMESPACE',
  'TEMPORAL_TASK_QUEUE',
  'JWT_SECRET',
  'HOUSEHOLDS_URL',
  'PAYMENTS_URL',
  'INSPECTIONS_URL',
  'LOG_LEVEL',
];

function composeConfig(env: Record<string, string> = {}, args: string[] = []): Compose {
  const out = execFileSync('bash', [path.join(ROOT, 'infra/local/compose-config.sh'), ...args], {
    cwd: ROOT,
    env: cleanEnv(env),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out) as Compose;
}

function envOf(svc: Service): Record<string, string> {
  const e = svc.environment ?? {};
  if (Array.isArray(e)) {
    return Object.fromEntries(e.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  }
  return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, v ?? '']));
}

/** Ports in either the short ("55432:5432") or the long ({published, target}) form, as strings. */
function portsOf(svc: Service): PortMapping[] {
  return (svc.ports ?? []).map((p) => {
    if (typeof p === 'string') {
      const parts = p.split(':');
      return { published: parts[parts.length - 2], target: parts[parts.length - 1].replace(/\/.*/, '') };
    }
    return { published: String(p.published), target: String(p.target) };
  });
}

function volumeSources(svc: Service): string[] {
  return (svc.volumes ?? []).map((v) => (typeof v === 'string' ? v.split(':')[0] : v.source));
}

describe('docker-compose.yml', () => {
  let compose: Compose;
  let defaults: Record<string, string>;

  beforeAll(() => {
    compose = composeConfig();
    defaults = sourceEnv();
  }, 300_000);

  it('is accepted by docker-compose config', () => {
    expect(compose.services).toBeDefined();
  });

  it('has exactly the backing services, the production profile and the five apps', () => {
    expect(Object.keys(compose.services).sort()).toEqual([...BACKING, ...PRODUCTION, ...Object.keys(APPS)].sort());
  });

  it('puts every production engine in the profile production, and nothing else', () => {
    for (const [name, svc] of Object.entries(compose.services)) {
      expect({ name, profiles: svc.profiles ?? [] }).toEqual({ name, profiles: PRODUCTION.includes(name) ? ['production'] : [] });
    }
  });

  describe.each(Object.entries(APPS))('app %s', (app, { port, database }) => {
    it('listens on its default port and publishes it as is', () => {
      const svc = compose.services[app];
      expect(envOf(svc).PORT).toBe(String(port));
      expect(portsOf(svc)).toEqual([{ published: String(port), target: String(port) }]);
    });

    it('has every setting the apps read, non-empty', () => {
      const env = envOf(compose.services[app]);
      for (const name of APP_ENV) {
        expect({ name, value: env[name] }).toEqual({ name, value: expect.stringMatching(/\S/) });
      }
    });

    it('points at its own database, one that infra/postgres creates', () => {
      const url = new URL(envOf(compose.services[app]).DATABASE_URL);
      expect(url.protocol).toBe('postgres:');
      expect(url.hostname).toBe('postgres');
      expect(url.port).toBe('5432');
      expect(`${url.username}:${url.password}`).toBe('dibao:dibao');
      expect(url.pathname).toBe(`/${database}`);
      expect(readList('infra/postgres/databases.txt')).toContain(database);
    });

    it('reaches the other services by their compose names and ports', () => {
      const env = envOf(compose.services[app]);
      expect(env.KAFKA_BROKERS).toBe('kafka:29092');
      expect(env.TEMPORAL_ADDRESS).toBe('temporal:7233');
      expect(env.TEMPORAL_NAMESPACE).toBe('default');
      expect(env.TEMPORAL_TASK_QUEUE).toBe('dibao-cases');
      expect(env.HOUSEHOLDS_URL).toBe(`http://households:${APPS.households.port}`);
      expect(env.PAYMENTS_URL).toBe(`http://payments:${APPS.payments.port}`);
      expect(env.INSPECTIONS_URL).toBe(`http://inspections:${APPS.inspections.port}`);
    });

    it('is built from infra/docker/Dockerfile and runs its own main.js', () => {
      const svc = compose.services[app];
      expect(svc.build?.dockerfile).toBe('infra/docker/Dockerfile');
      expect(path.resolve(ROOT, svc.build?.context ?? '')).toBe(ROOT);
      expect(svc.command).toEqual(['node', '-r', './tools/register-paths.js', `dist/apps/${app}/src/main.js`]);
    });
  });

  it('publishes the backing services on the ports of infra/local/env.sh', () => {
    const s = compose.services;
    expect(portsOf(s.postgres)).toEqual([{ published: defaults.DIBAO_PG_PORT, target: '5432' }]);
    expect(portsOf(s.temporal)).toEqual([{ published: defaults.DIBAO_TEMPORAL_PORT, target: '7233' }]);
    expect(portsOf(s['temporal-ui'])).toEqual([{ published: defaults.DIBAO_TEMPORAL_UI_PORT, target: '8080' }]);
    expect(portsOf(s.kafka)).toEqual([{ published: defaults.DIBAO_KAFKA_PORT, target: '9092' }]);
    // what a client on the host is told to connect to is what env.sh's KAFKA_BROKERS says
    expect(envOf(s.kafka).KAFKA_ADVERTISED_LISTENERS).toContain(`HOST://${defaults.KAFKA_BROKERS}`);
    expect(envOf(s.kafka).KAFKA_CONTROLLER_QUORUM_VOTERS).toBe(`1@kafka:${defaults.DIBAO_KAFKA_CONTROLLER_PORT}`);
  });

  it('moves the published ports with the same variables as infra/local/env.sh', () => {
    const moved = composeConfig({
      DIBAO_PG_PORT: '45432',
      DIBAO_TEMPORAL_PORT: '47233',
      DIBAO_TEMPORAL_UI_PORT: '48233',
      DIBAO_KAFKA_PORT: '49092',
    });
    expect(portsOf(moved.services.postgres)[0].published).toBe('45432');
    expect(portsOf(moved.services.temporal)[0].published).toBe('47233');
    expect(portsOf(moved.services['temporal-ui'])[0].published).toBe('48233');
    expect(portsOf(moved.services.kafka)[0].published).toBe('49092');
    expect(envOf(moved.services.kafka).KAFKA_ADVERTISED_LISTENERS).toContain('HOST://127.0.0.1:49092');
  }, 120_000);

  it('gives PostgreSQL the init script and the database list', () => {
    const sources = volumeSources(compose.services.postgres).map((s) => path.relative(ROOT, path.resolve(ROOT, s)));
    expect(sources).toEqual(expect.arrayContaining(['infra/postgres/docker-init.sh', 'infra/postgres/databases.txt']));
    expect(compose.services.postgres.image).toBe('postgres:15');
  });

  it('runs Temporal on PostgreSQL with our dynamic config and registers our search attributes', () => {
    const t = compose.services.temporal;
    expect(t.image).toMatch(/^temporalio\/auto-setup:/);
    expect(envOf(t).DB).toBe('postgres12');
    expect(envOf(t).POSTGRES_SEEDS).toBe('postgres');
    const setup = compose.services['temporal-setup'];
    const sources = volumeSources(setup).map((s) => path.relative(ROOT, path.resolve(ROOT, s)));
    expect(sources).toContain('infra/temporal/search-attributes.txt');
    for (const app of Object.keys(APPS)) {
      expect(compose.services[app].depends_on).toMatchObject({
        'temporal-setup': { condition: 'service_completed_successfully' },
        'kafka-setup': { condition: 'service_completed_successfully' },
        postgres: { condition: 'service_healthy' },
      });
    }
  });

  it('runs Kafka 3.9.1 in KRaft mode like infra/kafka/server.properties', () => {
    const k = compose.services.kafka;
    const env = envOf(k);
    expect(k.image).toBe('apache/kafka:3.9.1');
    expect(env.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(env.CLUSTER_ID).toBe(defaults.DIBAO_KAFKA_CLUSTER_ID);
    expect(env.KAFKA_NUM_PARTITIONS).toBe('3');
    expect(env.KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS).toBe('0');
    expect(env.KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe('true');
    expect(env.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR).toBe('1');
    const sources = volumeSources(compose.services['kafka-setup']).map((s) => path.relative(ROOT, path.resolve(ROOT, s)));
    expect(sources).toContain('infra/kafka/topics.txt');
  });
});

describe('infra/temporal settings', () => {
  it('docker dynamic config carries every native dev-server value unchanged', () => {
    const yaml = yamlFile('infra/temporal/dynamicconfig.yaml') as Record<string, Array<{ value: unknown }>>;
    const native = readList('infra/temporal/dynamic-config.txt');
    expect(native.length).toBeGreaterThan(0);
    for (const line of native) {
      const key = line.slice(0, line.indexOf('='));
      const value: unknown = JSON.parse(line.slice(line.indexOf('=') + 1));
      expect({ key, value: yaml[key]?.[0]?.value }).toEqual({ key, value });
    }
  });

  it('lists the search attributes the design needs, with valid types', () => {
    const attrs = Object.fromEntries(readList('infra/temporal/search-attributes.txt').map((l) => l.split('=')));
    expect(attrs).toMatchObject({
      DibaoStage: 'Keyword',
      DibaoTownship: 'Keyword',
      DibaoScheme: 'Keyword',
      DibaoStageDeadline: 'Datetime',
      DibaoOverdue: 'Bool',
    });
    for (const type of Object.values(attrs)) {
      expect(['Text', 'Keyword', 'Int', 'Double', 'Bool', 'Datetime', 'KeywordList']).toContain(type);
    }
  });
});

describe('infra/kafka settings', () => {
  it('has every event topic and its dead-letter twin', () => {
    const topics = readList('infra/kafka/topics.txt').map((l) => l.split(/\s+/)[0]);
    for (const t of ['dibao.households.v1', 'dibao.cases.v1', 'dibao.payments.v1', 'dibao.inspections.v1']) {
      expect(topics).toContain(t);
      expect(topics).toContain(`${t}.dlq`);
    }
  });

  it('server.properties template: one node, replication factor 1, ports from placeholders', () => {
    const props = Object.fromEntries(readList('infra/kafka/server.properties').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    expect(props).toMatchObject({
      'process.roles': 'broker,controller',
      'controller.quorum.voters': '1@127.0.0.1:@CONTROLLER_PORT@',
      listeners: 'PLAINTEXT://127.0.0.1:@KAFKA_PORT@,CONTROLLER://127.0.0.1:@CONTROLLER_PORT@',
      'advertised.listeners': 'PLAINTEXT://127.0.0.1:@KAFKA_PORT@',
      'log.dirs': '@LOG_DIRS@',
      'offsets.topic.replication.factor': '1',
      'transaction.state.log.replication.factor': '1',
      'group.initial.rebalance.delay.ms': '0',
      'auto.create.topics.enable': 'true',
      'num.partitions': '3',
    });
  });
});

describe('docker-compose.yml, profile production (infra/docker/production.env)', () => {
  let compose: Compose;

  beforeAll(() => {
    compose = composeConfig({}, ['--env-file', 'infra/docker/production.env']);
  }, 300_000);

  it('runs the full Temporal server on PostgreSQL, its schema migrated by temporal-sql-tool, in its own databases', () => {
    const t = envOf(compose.services['temporal-server']);
    expect(compose.services['temporal-server'].image).toBe('temporalio/server:1.29.1');
    expect(t).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgres', POSTGRES_USER: 'temporal', NUM_HISTORY_SHARDS: '4' });
    expect(t.DBNAME).not.toBe('temporal');
    const schema = envOf(compose.services['temporal-server-schema']);
    expect({ db: schema.DBNAME, vis: schema.VISIBILITY_DBNAME }).toEqual({ db: t.DBNAME, vis: t.VISIBILITY_DBNAME });
    expect(compose.services['temporal-server-schema'].entrypoint).toEqual(['bash', '/dibao/setup-production.sh', 'schema']);
    const setup = volumeSources(compose.services['temporal-server-setup']).map((v) => path.relative(ROOT, path.resolve(ROOT, v)));
    expect(setup).toEqual(expect.arrayContaining(['infra/temporal/namespaces.txt', 'infra/temporal/search-attributes.txt']));
  });

  it('has three KRaft nodes with one quorum, replication factor 3 and min.insync.replicas 2', () => {
    const voters = new Set<string>();
    for (const n of [1, 2, 3]) {
      const env = envOf(compose.services[`kafka-${n}`]);
      expect(env).toMatchObject({
        KAFKA_NODE_ID: String(n),
        KAFKA_DEFAULT_REPLICATION_FACTOR: '3',
        KAFKA_MIN_INSYNC_REPLICAS: '2',
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '3',
      });
      voters.add(env.KAFKA_CONTROLLER_QUORUM_VOTERS);
    }
    expect([...voters]).toEqual(['1@kafka-1:19093,2@kafka-2:19093,3@kafka-3:19093']);
    expect(envOf(compose.services['kafka-cluster-setup'])).toMatchObject({ REPLICATION_FACTOR: '3', MIN_INSYNC_REPLICAS: '2' });
  });

  it('points every app at the three brokers, the full server, and its own PostgreSQL role', () => {
    const roles: Record<string, string> = {
      'case-api': 'dibao_supervision',
      households: 'dibao_households',
      payments: 'dibao_payments',
      inspections: 'dibao_inspections',
      'case-worker': 'dibao_cases',
    };
    for (const app of Object.keys(APPS)) {
      const env = envOf(compose.services[app]);
      expect(env.KAFKA_BROKERS).toBe('kafka-1:29092,kafka-2:29092,kafka-3:29092');
      expect(env.TEMPORAL_ADDRESS).toBe('temporal-server:7233');
      const url = new URL(app === 'case-api' ? env.SUPERVISION_DATABASE_URL : env.DATABASE_URL);
      expect({ app, user: url.username }).toEqual({ app, user: roles[app] });
      expect(readList('infra/postgres/databases.txt')).toContain(url.pathname.slice(1));
    }
  });
});
