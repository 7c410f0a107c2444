import { randomUUID } from 'crypto';
import { Actor, buildEnvelope, EventDefinition, EventEnvelope, PayloadOf } from '@dibao/contracts';
import { requestContext } from '../context/request-context';

/**
 * Builds an envelope with the current time and the current correlation id and actor. The id is fresh unless the
 * caller derives one (replay-safe events: the same fact always gets the same id, and the outbox keeps one row).
 */
export function newEvent<D extends EventDefinition>(
  def: D,
  key: string,
  payload: PayloadOf<D>,
  actor?: Actor,
  eventId: string = randomUUID(),
): EventEnvelope<PayloadOf<D>> {
  const ctx = requestContext.get();
  const who = actor ?? ctx?.actor;
  if (!who) throw new Error(`no actor for event ${def.type}: every state change records who made it`);
  return buildEnvelope(
    def,
    { eventId, occurredAt: new Date().toISOString(), correlationId: ctx?.correlationId ?? randomUUID(), actor: who, key },
    payload,
  );
}
