import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * DEMO DATA: the demo county's 32 townships (乡镇). Codes and names are invented for the demo; a real
 * county replaces them through the admin endpoints (/api/v1/townships).
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

export class SeedDemoTownships1764500000001 implements MigrationInterface {
  name = 'SeedDemoTownships1764500000001';

  async up(q: QueryRunner): Promise<void> {
    const values = DEMO_TOWNSHIPS.map((_, i) => `($${i * 2 + 1}, $${i * 2 + 2}, 'migration')`).join(', ');
    await q.query(`INSERT INTO township (code, name, changed_by) VALUES ${values} ON CONFLICT (code) DO NOTHING`, DEMO_TOWNSHIPS.flat());
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM township WHERE code = ANY($1) AND changed_by = 'migration'`, [DEMO_TOWNSHIPS.map(([c]) => c)]);
  }
}
