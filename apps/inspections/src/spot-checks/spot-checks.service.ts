import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
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
}

/** The campaign's spot-check samples, drawn from the current population of approved cases. */
@Injectable()
export class SpotChecksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly campaigns: CampaignsService,
    private readonly townships: TownshipsService,
    private readonly population: CasePopulationService,
  ) {}

  async sample(campaignId: string, township: string): Promise<TownshipSample> {
    const campaign = await this.campaigns.load(this.dataSource.manager, campaignId);
    await this.townships.get(township);
    const ids = await this.population.caseIds(township);
    const seed = townshipSeed(campaign.sampleSeed, township);
    const caseIds = drawSample(ids, seed, campaign.sampleSharePercent);
    return { township, seed, sharePercent: campaign.sampleSharePercent, population: ids.length, sampleSize: caseIds.length, caseIds };
  }

  /** Every township's sample size (without the ids) for the campaign overview. */
  async overview(campaignId: string): Promise<Omit<TownshipSample, 'caseIds'>[]> {
    const campaign = await this.campaigns.load(this.dataSource.manager, campaignId);
    const rows: { code: string; n: number }[] = await this.dataSource.query(
      `SELECT t.code, count(c.case_id)::int AS n FROM township t
         LEFT JOIN approved_case c ON c.township_code = t.code AND c.removed_on IS NULL
        WHERE t.active GROUP BY t.code ORDER BY t.code`,
    );
    return rows.map((r) => ({
      township: r.code,
      seed: townshipSeed(campaign.sampleSeed, r.code),
      sharePercent: campaign.sampleSharePercent,
      population: r.n,
      sampleSize: sampleSize(r.n, campaign.sampleSharePercent),
    }));
  }
}
