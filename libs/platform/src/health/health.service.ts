import { Injectable } from '@nestjs/common';

export type HealthCheck = () => Promise<void>;

export interface HealthReport {
  status: 'ok' | 'error';
  service: string;
  checks: Record<string, { status: 'ok' | 'error'; error?: string; ms: number }>;
}

/** Dependencies register a check; `/health` runs them all with a timeout each. */
@Injectable()
export class HealthService {
  private readonly checks = new Map<string, HealthCheck>();
  service = 'dibao';

  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  async report(timeoutMs = 2000): Promise<HealthReport> {
    const entries = await Promise.all(
      [...this.checks.entries()].map(async ([name, check]) => {
        const started = Date.now();
        try {
          await withTimeout(check(), timeoutMs, name);
          return [name, { status: 'ok' as const, ms: Date.now() - started }] as const;
        } catch (e) {
          return [name, { status: 'error' as const, error: e instanceof Error ? e.message : String(e), ms: Date.now() - started }] as const;
        }
      }),
    );
    const checks = Object.fromEntries(entries);
    const status = entries.every(([, c]) => c.status === 'ok') ? 'ok' : 'error';
    return { status, service: this.service, checks };
  }
}

async function withTimeout<T>(p: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<T>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${name} did not answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
