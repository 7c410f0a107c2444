/** Node socket errors and SQLSTATEs (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now). */
const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', '57P01', '57P02', '57P03']);
// TypeORM's "Query runner already released" comes from a transaction whose connection died under it (PostgreSQL
// restarted mid-request): the request did not commit, and the database is not reachable right now.
const CONNECTION_ERROR_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Query runner already released|connection provided by a query runner was already released/i;

/**
 * Whether an error says a connection failed (refused, reset, cut by a shutdown, server starting up), as opposed to an
 * error of the statement or of the code: the database (or another backing service) is not reachable right now.
 * pg's socket errors carry the Node error code, server errors the SQLSTATE (class 08 is "connection exception"),
 * which TypeORM's QueryFailedError keeps in `driverError`.
 */
export function isConnectionError(e: unknown): boolean {
  let err: unknown = e;
  for (let depth = 0; err && typeof err === 'object' && depth < 5; depth++) {
    const { code, message } = err as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (CONNECTION_ERROR_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
    if (typeof message === 'string' && CONNECTION_ERROR_MESSAGE.test(message)) return true;
    err = (err as { driverError?: unknown; cause?: unknown }).driverError ?? (err as { cause?: unknown }).cause;
  }
  return false;
}
