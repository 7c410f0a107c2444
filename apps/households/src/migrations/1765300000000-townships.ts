import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * DEMO DATA: the demo county's 32 townships (乡镇), the same codes and names as the inspections service's seed.
 * A household is registered only in a known, active township (the service checks first and names the field; the
 * foreign key is the backstop on every write path: the API, the ledger import over HTTP and the CLI).
 */
export const DEMO_TOWNSHIPS: readonly (readonly [code: string, name: string])[] = [
  ['T01', '城关镇'], ['T02', '双河镇'], ['T03', '桂果镇'], ['T04', '猫场镇'],
  ['T05', '马场镇'], ['T06', '八步镇'], ['T07', '龙场镇'], ['T08', '三塘镇'],
  ['T09', '熊家场镇'], ['T10', '珠藏镇'], ['T11', '阿弓镇'], ['T12', '牛场镇'],
  ['T13', '以那镇'], ['T14', '少普镇'], ['T15', '绮陌乡'], ['T16', '白泥乡'],
  ['T17', '实兴乡'], ['T18', '黑土乡'], ['T19', '板桥乡'], ['T20', '化起乡'],
  ['T21', '鸡场乡'], ['T22', '后寨乡'], ['T23', '大平乡'], ['T24', '官寨乡'],
  ['T25', '茶店乡'], ['T26', '金龙乡'], ['T27', '自强乡'], ['T28', '上坪寨乡'],
  ['T29', '纳雍乡'], ['T30', '普翁乡'], ['T31', '中寨乡'], ['T32', '良山乡'],
];

/**
 * The county's townships as reference data in the registry's own database. The foreign key is added NOT VALID:
 * it holds for every row written from now on, while a household registered earlier in an unknown township (the
 * issue found one in T33) stays readable and can be found with
 * `SELECT id, township FROM households h WHERE NOT EXISTS (SELECT 1 FROM township t WHERE t.code = h.township)`.
 */
export class Townships1765300000000 implements MigrationInterface {
  name = 'Townships1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE township (
        code        text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9_-]{1,32}$'),
        name        text NOT NULL,
        active      boolean NOT NULL DEFAULT true,
        changed_by  text NOT NULL,
        changed_at  timestamptz NOT NULL DEFAULT now()
      )`);
    const values = DEMO_TOWNSHIPS.map((_, i) => `($${i * 2 + 1}, $${i * 2 + 2}, 'migration')`).join(', ');
    await q.query(`INSERT INTO township (code, name, changed_by) VALUES ${values} ON CONFLICT (code) DO NOTHING`, DEMO_TOWNSHIPS.flat());
    await q.query(`ALTER TABLE households ADD CONSTRAINT households_township_known FOREIGN KEY (township) REFERENCES township (code) NOT VALID`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE households DROP CONSTRAINT households_township_known`);
    await q.query(`DROP TABLE township`);
  }
}
