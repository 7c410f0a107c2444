import { JsonLogger } from './json-logger';
import { redact } from './redact';

describe('redact', () => {
  it('masks resident ID numbers and long account numbers', () => {
    expect(redact('id 52010219800101123X and 520102198001011234')).toBe('id 5201**********123X and 5201**********1234');
    expect(redact('account 6228480402564890018')).toBe('account 6228********0018');
  });

  it('leaves ordinary numbers alone', () => {
    expect(redact('amount 15000 fen, 2026-03')).toBe('amount 15000 fen, 2026-03');
  });

  it('is applied to every log line', () => {
    const lines: string[] = [];
    new JsonLogger('test', 'log', (l) => lines.push(l)).log('registered 520102198001011234', 'Ctx');
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ level: 'log', service: 'test', context: 'Ctx', msg: 'registered 5201**********1234' });
  });

  it('drops levels below the configured one', () => {
    const lines: string[] = [];
    const logger = new JsonLogger('test', 'warn', (l) => lines.push(l));
    logger.log('hidden');
    logger.warn('shown');
    expect(lines).toHaveLength(1);
  });
});
