import { z } from 'zod';
import { ROLES } from './roles';

export const actorSchema = z
  .object({
    id: z.string().min(1).max(128),
    role: z.enum(ROLES),
    township: z.string().min(1).max(64).optional(),
    /** The person's name from the identity provider's token (AUTH_MODE=oidc); absent for development tokens. */
    name: z.string().min(1).max(200).optional(),
  })
  .strict();

/**
 * The one event envelope. `key` (the aggregate id) is the Kafka message key, so all events of one aggregate
 * land on one partition in order.
 */
export const envelopeSchema = z
  .object({
    eventId: z.string().uuid(),
    type: z.string().min(1).max(100),
    version: z.number().int().positive(),
    occurredAt: z.string().datetime({ offset: true }),
    correlationId: z.string().min(1).max(128),
    actor: actorSchema,
    key: z.string().min(1).max(128),
    payload: z.unknown(),
  })
  .strict();

export type EventEnvelope<P = unknown> = Omit<z.infer<typeof envelopeSchema>, 'payload'> & { payload: P };
