import { z } from 'zod';
import { ConfigError, envPieces, loadConfig } from './config';

const schema = z.object({ PORT: envPieces.PORT, DATABASE_URL: envPieces.DATABASE_URL, KAFKA_BROKERS: envPieces.KAFKA_BROKERS });

describe('loadConfig', () => {
  it('parses and coerces a valid environment', () => {
    const cfg = loadConfig(schema, { PORT: '3001', DATABASE_URL: 'postgres://u:p@h:1/db', KAFKA_BROKERS: 'a:1, b:2' });
    expect(cfg).toEqual({ PORT: 3001, DATABASE_URL: 'postgres://u:p@h:1/db', KAFKA_BROKERS: ['a:1', 'b:2'] });
  });

  it('names every bad variable and its rule', () => {
    try {
      loadConfig(schema, { PORT: '70000', DATABASE_URL: 'mysql://x' });
      throw new Error('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems.join('\n');
      expect(problems).toMatch(/^PORT: /m);
      expect(problems).toMatch(/DATABASE_URL: must be a postgres:\/\/ URL/);
      expect(problems).toMatch(/KAFKA_BROKERS \(not set\)/);
    }
  });
});
