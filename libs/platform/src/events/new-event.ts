import { randomUUID } from 'crypto';
import { Actor, buildEnvelope, EventDefinition, EventEnvelope, PayloadOf } from '@dibao/contracts';
import { requestContext } from '../context/request-context';

/** Builds an envelope with a fresh id, the current time and the current correlation id and actor. */
export function newEvent<D extends EventDefinition>(
  def: D,
  key: string,
  payload: PayloadOf<D>,
  actor?: Actor,
): EventEnvelope<PayloadOf<D>> {
  const ctx = requestContext.get();
  const who = actor ?? ctx?.actor;
  if (!who) throw new Error(`no actor for event ${def.type}: every state change records who made it`);
  return buildEnvelope(
    def,
    { eventId: randomUUID(), occurredAt: new Date().toISOString(), correlationId: ctx?.correlationId ?? randomUUID(), actor: who, key },
    payload,
  );
}
