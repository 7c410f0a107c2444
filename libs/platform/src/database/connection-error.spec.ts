import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { isConnectionError } from './connection-error';

describe('isConnectionError', () => {
  const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

  it('recognises a refused or cut connection and a server shutting down or starting up', () => {
    expect(isConnectionError(withCode('connect ECONNREFUSED 127.0.0.1:55432', 'ECONNREFUSED'))).toBe(true);
    expect(isConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionError(new Error('timeout exceeded when trying to connect'))).toBe(true);
    // TypeORM wraps the server's error; the SQLSTATE is on driverError
    const shutdown = new QueryFailedError('SELECT 1', [], withCode('terminating connection due to administrator command', '57P01'));
    expect(isConnectionError(shutdown)).toBe(true);
    expect(isConnectionError(withCode('the database system is starting up', '57P03'))).toBe(true);
    expect(isConnectionError(withCode('connection failure', '08006'))).toBe(true);
    expect(isConnectionError(new Error('outer', { cause: withCode('reset', 'ECONNRESET') }))).toBe(true);
    // A transaction whose connection died under it while PostgreSQL restarted (seen on the production stack).
    expect(isConnectionError(new QueryRunnerAlreadyReleasedError())).toBe(true);
  });

  it('does not take an error of the statement or of the code for one', () => {
    expect(isConnectionError(new QueryFailedError('INSERT', [], withCode('duplicate key value violates unique constraint', '23505')))).toBe(false);
    expect(isConnectionError(withCode('relation "x" does not exist', '42P01'))).toBe(false);
    expect(isConnectionError(new Error('household H1 is not registered'))).toBe(false);
    expect(isConnectionError(undefined)).toBe(false);
    expect(isConnectionError('ECONNREFUSED')).toBe(false);
  });
});
