import { randomUUID } from 'crypto';
import { Actor, buildEnvelope, EventDefinition, EventEnvelope, PayloadOf } from '@dibao/contracts';
import { requestContext } from '@dibao/platform';
import { eventIdFor } from './event-id.util';

/**
 * A finance event whose eventId is derived from its type and idempotency key (not random): written twice,
 * it is still one event. Otherwise like the platform's newEvent().
 */
export function financeEvent<D extends EventDefinition>(
  def: D,
  key: string,
  payload: PayloadOf<D> & { idempotencyKey: string },
  actor: Actor,
): EventEnvelope<PayloadOf<D>> {
  return buildEnvelope(
    def,
    {
      eventId: eventIdFor(def.type, payload.idempotencyKey),
      occurredAt: new Date().toISOString(),
      correlationId: requestContext.get()?.correlationId ?? randomUUID(),
      actor,
      key,
    },
    payload,
  );
}

/** The parameters the set-based outbox SQL needs: occurredAt, correlationId, actor (as JSON). */
export function envelopeParams(actor: Actor): [string, string, string] {
  return [new Date().toISOString(), requestContext.get()?.correlationId ?? randomUUID(), JSON.stringify(actorJson(actor))];
}

/** The actor exactly as the envelope schema allows it (strict: id, role, township). */
export function actorJson(actor: Actor): Actor {
  return { id: actor.id, role: actor.role, ...(actor.township ? { township: actor.township } : {}) };
}
