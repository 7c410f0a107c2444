import { AsyncLocalStorage } from 'async_hooks';
import { randomUUID } from 'crypto';
import type { Actor } from '@dibao/contracts';

/** What travels with one unit of work (an HTTP request, a consumed event, an activity). */
export interface RequestContext {
  correlationId: string;
  actor?: Actor;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const requestContext = {
  run<T>(ctx: RequestContext, fn: () => T): T {
    return storage.run(ctx, fn);
  },
  get(): RequestContext | undefined {
    return storage.getStore();
  },
  correlationId(): string {
    return storage.getStore()?.correlationId ?? randomUUID();
  },
  setActor(actor: Actor): void {
    const store = storage.getStore();
    if (store) store.actor = actor;
  },
};

export const CORRELATION_HEADER = 'x-correlation-id';
