/** One field-level validation problem: which field, which rule, in words. */
export interface FieldProblem {
  field: string;
  rule: string;
  message: string;
}

/**
 * The one error type services throw for expected failures. The global filter turns it into an RFC 7807
 * problem body; `code` is a stable machine-readable slug, `status` the HTTP status.
 */
export class AppException extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly errors?: FieldProblem[],
  ) {
    super(message);
    this.name = 'AppException';
  }
}

export const badRequest = (code: string, message: string, errors?: FieldProblem[]) =>
  new AppException(400, code, message, {}, errors);
export const unauthorized = (message = 'a valid bearer token is required') => new AppException(401, 'unauthorized', message);
export const forbidden = (message: string) => new AppException(403, 'forbidden', message);
export const notFound = (what: string, id: string) => new AppException(404, 'not-found', `${what} ${id} was not found`);
export const conflict = (code: string, message: string, extra: Record<string, unknown> = {}) =>
  new AppException(409, code, message, extra);
export const unprocessable = (code: string, message: string, extra: Record<string, unknown> = {}) =>
  new AppException(422, code, message, extra);
