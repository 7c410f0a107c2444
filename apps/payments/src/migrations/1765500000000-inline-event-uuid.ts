import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * dibao_event_uuid(name) gives the same values as before (nameBasedUuid() in event-id.util.ts: MD5 of the name,
 * version 3, RFC 4122 variant), written as one expression so the planner inlines it into the calling statement.
 * The first version read its MD5 through a sub-select, which PostgreSQL cannot inline: every call went through the
 * SQL-function executor, about 15 µs a row, twice per outbox row of a payroll run. Here the MD5 bytes get the version
 * and variant bits set in place (set_bit numbers bits from the least significant bit of the first byte: bits 52–55
 * are the high nibble of byte 6 (version 0011), bits 70–71 the top of byte 8 (variant 10)), and the name is read once.
 */
export class InlineEventUuid1765500000000 implements MigrationInterface {
  name = 'InlineEventUuid1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION dibao_event_uuid(name text) RETURNS uuid LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT encode(set_bit(set_bit(set_bit(set_bit(set_bit(set_bit(decode(md5(name), 'hex'),
                 52, 1), 53, 1), 54, 0), 55, 0), 70, 0), 71, 1), 'hex')::uuid
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION dibao_event_uuid(name text) RETURNS uuid LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT (substr(h, 1, 12) || '3' || substr(h, 14, 3)
                || substr('89ab', ((('x' || substr(h, 17, 1))::bit(4)::int) & 3) + 1, 1)
                || substr(h, 18))::uuid
          FROM (SELECT md5(name) AS h) AS m
      $$`);
  }
}
