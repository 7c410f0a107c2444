import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The people behind the actor ids in a service's audit rows: the name an identity provider's token carries
 * (AUTH_MODE=oidc), kept per subject by the auth guard, so every `…/history` read names who acted, not only their id.
 */
export class CreateAuditActors1765900000000 implements MigrationInterface {
  name = 'CreateAuditActors1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_actor (
        id         text PRIMARY KEY,
        role       text NOT NULL,
        name       text NOT NULL,
        seen_at    timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_actor`);
  }
}
