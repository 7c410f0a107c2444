import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope, eventRegistry } from '@dibao/contracts';

/**
 * Appends events to the outbox inside the caller's transaction. Never publish to Kafka directly:
 * a crash between a database commit and a send would lose the event.
 */
@Injectable()
export class OutboxService {
  async append(manager: EntityManager, ...envelopes: EventEnvelope[]): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('OutboxService.append must run inside a transaction with the change it describes');
    }
    if (envelopes.length === 0) return;
    const values: unknown[] = [];
    const rows = envelopes.map((env, i) => {
      const def = eventRegistry.get(env.type, env.version);
      if (!def) throw new Error(`unknown event ${env.type}@${env.version}`);
      values.push(env.eventId, def.topic, env.key, env.type, JSON.stringify(env));
      const b = i * 5;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}::jsonb)`;
    });
    await manager.query(
      `INSERT INTO outbox (event_id, topic, message_key, event_type, envelope) VALUES ${rows.join(', ')}
       ON CONFLICT (event_id) DO NOTHING`,
      values,
    );
  }
}
