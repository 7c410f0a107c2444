import { ConfigError, loadConfig } from '@dibao/platform';
import { inspectionsConfigSchema } from './config';

const env = {
  JWT_SECRET: 'a-secret-of-enough-length',
  DATABASE_URL: 'postgres://dibao:dibao@127.0.0.1:55432/inspections',
  KAFKA_BROKERS: '127.0.0.1:9092',
};

describe('inspections config', () => {
  it('fills the defaults', () => {
    expect(loadConfig(inspectionsConfigSchema, env)).toMatchObject({
      SERVICE_NAME: 'inspections',
      PORT: 3003,
      INSPECTIONS_CONSUMER_GROUP: 'inspections',
      INSPECTIONS_OVERDUE_SWEEP_MS: 60_000,
      KAFKA_BROKERS: ['127.0.0.1:9092'],
    });
  });

  it('refuses to start naming the bad variables', () => {
    let problems: string[] = [];
    try {
      loadConfig(inspectionsConfigSchema, { ...env, DATABASE_URL: 'mysql://x', INSPECTIONS_OVERDUE_SWEEP_MS: '-5' });
    } catch (e) {
      if (e instanceof ConfigError) problems = e.problems;
    }
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['DATABASE_URL', 'INSPECTIONS_OVERDUE_SWEEP_MS']);
  });
});
