import { LoggerService, LogLevel } from '@nestjs/common';
import { requestContext } from '../context/request-context';
import { redact } from './redact';

const ORDER: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/** One JSON object per line, with the service name and the current correlation id. */
export class JsonLogger implements LoggerService {
  private readonly enabled: Set<LogLevel>;

  constructor(
    private readonly service: string,
    level: LogLevel = 'log',
    private readonly write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
  ) {
    this.enabled = new Set(ORDER.slice(0, ORDER.indexOf(level) + 1));
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.emit('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.emit('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.emit('verbose', message, rest);
  }

  private emit(level: LogLevel, message: unknown, rest: unknown[]): void {
    if (!this.enabled.has(level)) return;
    // Nest passes the context (a class name) last, and for errors a stack before it.
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const stack = level === 'error' && typeof rest[0] === 'string' ? (rest.shift() as string) : undefined;
    const entry: Record<string, unknown> = {
      time: new Date().toISOString(),
      level,
      service: this.service,
      context,
      correlationId: requestContext.get()?.correlationId,
      msg: message instanceof Error ? message.message : message,
    };
    if (stack) entry['stack'] = stack;
    if (message instanceof Error && message.stack) entry['stack'] = message.stack;
    if (rest.length) entry['extra'] = rest;
    this.write(redact(JSON.stringify(entry)));
  }
}
