import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Observable, throwError } from 'rxjs';
import { requestContext } from '../context/request-context';
import { isConnectionError } from '../database/connection-error';
import { AppException, FieldProblem } from './app-exception';

/** RFC 7807 body. `errors` lists field problems for 400s. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: string;
  correlationId?: string;
  errors?: FieldProblem[];
  [extra: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problem(
  status: number,
  code: string,
  detail: string,
  extra: Record<string, unknown> = {},
  errors?: FieldProblem[],
): ProblemDetails {
  return {
    type: `https://dibao.local/problems/${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail,
    correlationId: requestContext.get()?.correlationId,
    ...(errors ? { errors } : {}),
    ...extra,
  };
}

/** Maps any thrown value to a problem body. Internals of unexpected errors never leave the process. */
export function toProblem(exception: unknown): ProblemDetails {
  if (exception instanceof AppException) {
    return problem(exception.status, exception.code, exception.message, exception.extra, exception.errors);
  }
  if (isDomainError(exception)) {
    return problem(422, exception.code, exception.message);
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    const message =
      typeof body === 'string'
        ? body
        : Array.isArray((body as { message?: unknown }).message)
          ? ((body as { message: string[] }).message.join('; '))
          : String((body as { message?: unknown }).message ?? exception.message);
    return problem(status, slug(TITLES[status] ?? 'error'), message);
  }
  // The database (or another backing service) is down or restarting: nothing was stored, and trying again later will
  // work. Found by the PostgreSQL restart fault test (apps/faults): these were 500s.
  if (isConnectionError(exception)) {
    return problem(503, 'service-unavailable', 'a backing service (the database, or a service this one calls) is not reachable right now; try again shortly');
  }
  return problem(500, 'internal-error', 'an unexpected error occurred; quote the correlation id when reporting it');
}

function isDomainError(e: unknown): e is Error & { code: string } {
  return e instanceof Error && e.name === 'DomainError' && typeof (e as { code?: unknown }).code === 'string';
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetailsFilter');

  catch(exception: unknown, host: ArgumentsHost): void | Observable<never> {
    // Event handlers: hand the original error back to the Kafka transport, which retries and dead-letters it
    // with its real reason (Nest's default would replace it with "Internal server error").
    if (host.getType() !== 'http') return throwError(() => exception);
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const body = toProblem(exception);
    body.instance = req.originalUrl;
    if (body.status >= 500) {
      this.logger.error(exception instanceof Error ? exception : String(exception));
    }
    res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  }
}
