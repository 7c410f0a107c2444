import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@dibao/contracts';
import { unprocessable } from '@dibao/platform';
import { DataSource, EntityManager } from 'typeorm';
import { requestHash } from './request-hash.util';

export interface Submitted<T> {
  body: T;
  /** True when the answer is the stored one of an earlier, identical submission. */
  replayed: boolean;
}

interface SubmissionRow {
  actor_id: string;
  scope: string;
  request_hash: string;
  response: unknown;
}

/**
 * Runs a change once per client-supplied key (offline teams resubmit what they logged). The key row is
 * inserted in the same transaction as the change, so a failed change leaves no key behind and two racing
 * submissions of one key serialise on its primary key: the loser returns the winner's stored answer. A key
 * belongs to the account that first used it, for one request: anything else under it is refused.
 */
@Injectable()
export class IdempotencyService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async run<T>(
    key: string | undefined,
    scope: string,
    request: unknown,
    actor: Actor,
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<Submitted<T>> {
    if (key === undefined) {
      return { body: await this.dataSource.transaction(work), replayed: false };
    }
    const hash = requestHash(scope, request);
    const fresh = await this.dataSource.transaction(async (m) => {
      const inserted: unknown[] = await m.query(
        `INSERT INTO submission (key, scope, request_hash, actor_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (key) DO NOTHING RETURNING key`,
        [key, scope, hash, actor.id],
      );
      if (inserted.length === 0) return undefined;
      const body = await work(m);
      await m.query(`UPDATE submission SET status = 201, response = $2::jsonb WHERE key = $1`, [key, JSON.stringify(body)]);
      return { body };
    });
    if (fresh) return { body: fresh.body, replayed: false };

    const rows: SubmissionRow[] = await this.dataSource.query(`SELECT actor_id, scope, request_hash, response FROM submission WHERE key = $1`, [key]);
    const stored = rows[0];
    if (!stored || stored.actor_id !== actor.id || stored.scope !== scope || stored.request_hash !== hash) {
      throw unprocessable('idempotency-key-reused', `the idempotency key ${key} was already used for a different submission`, {
        idempotencyKey: key,
      });
    }
    return { body: stored.response as T, replayed: true };
  }
}
