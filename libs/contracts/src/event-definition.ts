import { z } from 'zod';
import { Actor } from './roles';
import { EventEnvelope, envelopeSchema } from './envelope';
import { Topic } from './topics';

/** One event type: its name, schema version, topic and payload schema. Producers and consumers share it. */
export interface EventDefinition<S extends z.ZodTypeAny = z.ZodTypeAny> {
  readonly type: string;
  readonly version: number;
  readonly topic: Topic;
  readonly payload: S;
}

export type PayloadOf<D extends EventDefinition> = z.infer<D['payload']>;

export function defineEvent<S extends z.ZodTypeAny>(def: {
  type: string;
  version: number;
  topic: Topic;
  payload: S;
}): EventDefinition<S> {
  return Object.freeze({ ...def });
}

export interface EnvelopeFields {
  eventId: string;
  occurredAt: string;
  correlationId: string;
  actor: Actor;
  key: string;
}

/**
 * Builds a validated envelope. Pure (ids and clock come from the caller), so workflow code may use it too.
 * Throws a ZodError when the payload does not match its schema: a producer never publishes a bad event.
 */
export function buildEnvelope<D extends EventDefinition>(
  def: D,
  fields: EnvelopeFields,
  payload: PayloadOf<D>,
): EventEnvelope<PayloadOf<D>> {
  const parsed = def.payload.parse(payload) as PayloadOf<D>;
  return { ...fields, type: def.type, version: def.version, payload: parsed };
}

export type ParsedEvent =
  | { ok: true; envelope: EventEnvelope; definition: EventDefinition }
  | { ok: false; reason: string; envelope?: EventEnvelope };

/** A registry of known event definitions, looked up by `type@version`. */
export class EventRegistry {
  private readonly byKey = new Map<string, EventDefinition>();

  constructor(definitions: readonly EventDefinition[]) {
    for (const def of definitions) {
      const key = `${def.type}@${def.version}`;
      if (this.byKey.has(key)) throw new Error(`event ${key} is defined twice`);
      this.byKey.set(key, def);
    }
  }

  get(type: string, version: number): EventDefinition | undefined {
    return this.byKey.get(`${type}@${version}`);
  }

  definitions(): EventDefinition[] {
    return [...this.byKey.values()];
  }

  typesOn(topic: string): string[] {
    return this.definitions()
      .filter((d) => d.topic === topic)
      .map((d) => d.type);
  }

  /** Validates a raw message value (a JSON string or Buffer) against the envelope and its payload schema. */
  parse(raw: string | Buffer | null | undefined): ParsedEvent {
    if (raw === null || raw === undefined) return { ok: false, reason: 'empty message' };
    let json: unknown;
    try {
      json = JSON.parse(raw.toString());
    } catch {
      return { ok: false, reason: 'message is not valid JSON' };
    }
    const env = envelopeSchema.safeParse(json);
    if (!env.success) return { ok: false, reason: `invalid envelope: ${formatZodIssues(env.error)}` };
    const envelope = env.data as EventEnvelope;
    const definition = this.get(envelope.type, envelope.version);
    if (!definition) {
      return { ok: false, reason: `unknown event type ${envelope.type}@${envelope.version}`, envelope };
    }
    const payload = definition.payload.safeParse(envelope.payload);
    if (!payload.success) {
      return { ok: false, reason: `invalid ${envelope.type} payload: ${formatZodIssues(payload.error)}`, envelope };
    }
    return { ok: true, envelope: { ...envelope, payload: payload.data }, definition };
  }
}

export function formatZodIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}
