import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@dibao/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { CampaignsService } from '../campaigns/campaigns.service';
import { TownshipsService } from '../townships/townships.service';
import { CasePopulationService } from './case-population.service';
import { drawSample, sampleSize, townshipSeed } from './sampling.util';

export interface TownshipSample {
  township: string;
  seed: string;
  sharePercent: number;
  population: number;
  sampleSize: number;
  caseIds: string[];
  /** true: the campaign's worklist, drawn once and kept; false: a preview from today's approved cases. */
  frozen: boolean;
  /** When and by whom the worklist was drawn (frozen only). */
  drawnAt?: string;
  drawnBy?: { id: string; role: string };
}

interface WorklistRow {
  township_code: string;
  seed: string;
  share_percent: number;
  population: number;
  case_ids: string[];
  drawn_at: Date;
  drawn_by: string;
  drawn_by_role: string;
}

function fromRow(r: WorklistRow): TownshipSample {
  return {
    township: r.township_code,
    seed: r.seed,
    sharePercent: r.share_percent,
    population: r.population,
    sampleSize: r.case_ids.length,
    caseIds: r.case_ids,
    frozen: true,
    drawnAt: r.drawn_at.toISOString(),
    drawnBy: { id: r.drawn_by, role: r.drawn_by_role },
  };
}

/**
 * The campaign's spot-check samples. A sample is drawn reproducibly (seeded) from the township's approved cases;
 * once an inspector or supervisor draws the worklist it is kept as drawn, so the cases to visit stay the same
 * while cases are approved or leave during the campaign. Before that, reads show a preview of today's draw.
 */
@Injectable()
export class SpotChecksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly campaigns: CampaignsService,
    private readonly townships: TownshipsService,
    private readonly population: CasePopulationService,
  ) {}

  async sample(campaignId: string, township: string): Promise<TownshipSample> {
    const m = this.dataSource.manager;
    await this.campaigns.load(m, campaignId);
    await this.townships.get(township);
    return (await this.frozen(m, campaignId, township)) ?? this.preview(m, campaignId, township);
  }

  /**
   * Draws the township's worklist for the campaign and keeps it. Drawing again returns the kept one unchanged
   * (`created: false`), so a retried request or a second inspector cannot redraw it.
   */
  async drawWorklist(campaignId: string, township: string, actor: Actor): Promise<{ sample: TownshipSample; created: boolean }> {
    return this.dataSource.transaction(async (m) => {
      await this.campaigns.load(m, campaignId);
      await this.townships.get(township);
      const kept = await this.frozen(m, campaignId, township);
      if (kept) return { sample: kept, created: false };
      const draw = await this.preview(m, campaignId, township);
      const inserted: WorklistRow[] = await m.query(
        `INSERT INTO spot_check_worklist (campaign_id, township_code, seed, share_percent, population, case_ids, drawn_by, drawn_by_role)
         VALUES ($1, $2, $3, $4, $5, $6::text[], $7, $8)
         ON CONFLICT (campaign_id, township_code) DO NOTHING
         RETURNING township_code, seed, share_percent, population, case_ids, drawn_at, drawn_by, drawn_by_role`,
        [campaignId, township, draw.seed, draw.sharePercent, draw.population, draw.caseIds, actor.id, actor.role],
      );
      // A concurrent draw won the race: its worklist is the campaign's.
      if (inserted.length === 0) return { sample: (await this.frozen(m, campaignId, township))!, created: false };
      return { sample: fromRow(inserted[0]!), created: true };
    });
  }

  /** Every township's sample size (without the ids) for the campaign overview: kept worklists as drawn. */
  async overview(campaignId: string): Promise<Omit<TownshipSample, 'caseIds'>[]> {
    const campaign = await this.campaigns.load(this.dataSource.manager, campaignId);
    const rows: { code: string; n: number; w_seed: string | null; w_share: number | null; w_population: number | null; w_size: number | null; drawn_at: Date | null; drawn_by: string | null; drawn_by_role: string | null }[] =
      await this.dataSource.query(
        `SELECT t.code, count(c.case_id)::int AS n, w.seed AS w_seed, w.share_percent AS w_share, w.population AS w_population,
                cardinality(w.case_ids) AS w_size, w.drawn_at, w.drawn_by, w.drawn_by_role
           FROM township t
           LEFT JOIN approved_case c ON c.township_code = t.code AND c.removed_on IS NULL
           LEFT JOIN spot_check_worklist w ON w.campaign_id = $1 AND w.township_code = t.code
          WHERE t.active
          GROUP BY t.code, w.seed, w.share_percent, w.population, w.case_ids, w.drawn_at, w.drawn_by, w.drawn_by_role
          ORDER BY t.code`,
        [campaignId],
      );
    return rows.map((r) =>
      r.w_seed !== null
        ? {
            township: r.code,
            seed: r.w_seed,
            sharePercent: r.w_share!,
            population: r.w_population!,
            sampleSize: r.w_size!,
            frozen: true,
            drawnAt: r.drawn_at!.toISOString(),
            drawnBy: { id: r.drawn_by!, role: r.drawn_by_role! },
          }
        : {
            township: r.code,
            seed: townshipSeed(campaign.sampleSeed, r.code),
            sharePercent: campaign.sampleSharePercent,
            population: r.n,
            sampleSize: sampleSize(r.n, campaign.sampleSharePercent),
            frozen: false,
          },
    );
  }

  private async frozen(m: EntityManager, campaignId: string, township: string): Promise<TownshipSample | undefined> {
    const rows: WorklistRow[] = await m.query(
      `SELECT township_code, seed, share_percent, population, case_ids, drawn_at, drawn_by, drawn_by_role
         FROM spot_check_worklist WHERE campaign_id = $1 AND township_code = $2`,
      [campaignId, township],
    );
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  private async preview(m: EntityManager, campaignId: string, township: string): Promise<TownshipSample> {
    const campaign = await this.campaigns.load(m, campaignId);
    const ids = await this.population.caseIds(township, m);
    const seed = townshipSeed(campaign.sampleSeed, township);
    const caseIds = drawSample(ids, seed, campaign.sampleSharePercent);
    return { township, seed, sharePercent: campaign.sampleSharePercent, population: ids.length, sampleSize: caseIds.length, caseIds, frozen: false };
  }
}
