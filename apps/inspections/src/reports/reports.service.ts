import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, FindingCategory, findingCategorySchema, FindingSeverity, findingSeveritySchema, isTownshipRole } from '@dibao/contracts';
import { canAccessTownship, notFound } from '@dibao/platform';
import { DataSource } from 'typeorm';
import { CampaignsService, campaignView } from '../campaigns/campaigns.service';
import { CampaignView } from '../campaigns/dto/campaign.dto';
import { Clock } from '../common/clock';
import { CATEGORY_LABELS } from './labels.util';
import { CategoryCounts, countBy, OrderFacts, RectificationSummary, SeverityCounts, summariseOrders } from './scorecard.util';

export interface TownshipScorecard {
  township: string;
  name: string;
  visits: { planned: number; done: number; due: number };
  findings: { total: number; bySeverity: SeverityCounts; byCategory: CategoryCounts };
  rectifications: RectificationSummary;
  goodPractice: string[];
}

export interface CampaignReport {
  campaign: CampaignView;
  generatedOn: string;
  totals: {
    townships: number;
    visits: { planned: number; done: number; due: number };
    townshipsFullyVisited: number;
    findings: { total: number; bySeverity: SeverityCounts };
    rectifications: RectificationSummary;
  };
  /** County-wide findings per category, most frequent first: the county report's problems as data. */
  findingsByCategory: { category: FindingCategory; label: string; count: number }[];
  goodPractice: { township: string; name: string; items: string[] }[];
  townshipsWithOpenRectifications: { township: string; name: string; open: number; responded: number; overdue: number }[];
  townshipsWithLateRectifications: { township: string; name: string; overdue: number; closedLate: number }[];
  townshipsBehindPlan: { township: string; name: string; done: number; planned: number }[];
  scorecards: TownshipScorecard[];
}

const CATEGORIES = findingCategorySchema.options;
const SEVERITIES = findingSeveritySchema.options;

@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly campaigns: CampaignsService,
    private readonly clock: Clock,
  ) {}

  async scorecards(campaignId: string): Promise<TownshipScorecard[]> {
    const plan = await this.campaigns.plan(campaignId);
    const findings: { township: string; category: FindingCategory; severity: FindingSeverity }[] = await this.dataSource.query(
      `SELECT township_code AS township, category, severity FROM finding WHERE campaign_id = $1`,
      [campaignId],
    );
    const orders: (OrderFacts & { township: string })[] = await this.dataSource.query(
      `SELECT township_code AS township, status, overdue, closed_on_time AS "closedOnTime" FROM rectification_order WHERE campaign_id = $1`,
      [campaignId],
    );
    const practice: { township: string; items: string[] }[] = await this.dataSource.query(
      `SELECT township_code AS township, array_agg(g ORDER BY visited_on, g) AS items
         FROM visit, unnest(good_practice) AS g WHERE campaign_id = $1 GROUP BY township_code`,
      [campaignId],
    );
    return plan.townships.map((t) => {
      const mine = findings.filter((f) => f.township === t.township);
      return {
        township: t.township,
        name: t.name,
        visits: { planned: t.planned, done: t.done, due: t.due },
        findings: {
          total: mine.length,
          bySeverity: countBy(SEVERITIES, mine.map((f) => f.severity)),
          byCategory: countBy(CATEGORIES, mine.map((f) => f.category)),
        },
        rectifications: summariseOrders(orders.filter((o) => o.township === t.township)),
        goodPractice: practice.find((p) => p.township === t.township)?.items ?? [],
      };
    });
  }

  /** One township's scorecard; a township role sees its own only (another's is "not found"). */
  async scorecard(campaignId: string, township: string, actor: Actor): Promise<TownshipScorecard> {
    if (isTownshipRole(actor.role) && !canAccessTownship(actor, township)) throw notFound('scorecard of township', township);
    const card = (await this.scorecards(campaignId)).find((s) => s.township === township);
    if (!card) throw notFound('scorecard of township', township);
    return card;
  }

  async report(campaignId: string): Promise<CampaignReport> {
    const campaign = await this.campaigns.load(this.dataSource.manager, campaignId);
    const cards = await this.scorecards(campaignId);
    const sum = (f: (c: TownshipScorecard) => number) => cards.reduce((s, c) => s + f(c), 0);
    const bySeverity = countBy(SEVERITIES, []);
    const byCategory = countBy(CATEGORIES, []);
    for (const c of cards) {
      for (const s of SEVERITIES) bySeverity[s] += c.findings.bySeverity[s];
      for (const k of CATEGORIES) byCategory[k] += c.findings.byCategory[k];
    }
    const closed = sum((c) => c.rectifications.closed);
    const closedOnTime = sum((c) => c.rectifications.closedOnTime);
    return {
      campaign: campaignView(campaign),
      generatedOn: this.clock.today(),
      totals: {
        townships: cards.length,
        visits: { planned: sum((c) => c.visits.planned), done: sum((c) => c.visits.done), due: sum((c) => c.visits.due) },
        townshipsFullyVisited: cards.filter((c) => c.visits.due === 0).length,
        findings: { total: sum((c) => c.findings.total), bySeverity },
        rectifications: {
          issued: sum((c) => c.rectifications.issued),
          open: sum((c) => c.rectifications.open),
          responded: sum((c) => c.rectifications.responded),
          closed,
          closedOnTime,
          closedLate: closed - closedOnTime,
          overdue: sum((c) => c.rectifications.overdue),
          onTimePercent: closed === 0 ? null : Math.round((closedOnTime * 100) / closed),
        },
      },
      findingsByCategory: CATEGORIES.map((category) => ({ category, label: CATEGORY_LABELS[category], count: byCategory[category] }))
        .filter((c) => c.count > 0)
        .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category)),
      goodPractice: cards.filter((c) => c.goodPractice.length > 0).map((c) => ({ township: c.township, name: c.name, items: c.goodPractice })),
      townshipsWithOpenRectifications: cards
        .filter((c) => c.rectifications.open + c.rectifications.responded > 0)
        .map((c) => ({ township: c.township, name: c.name, open: c.rectifications.open, responded: c.rectifications.responded, overdue: c.rectifications.overdue })),
      townshipsWithLateRectifications: cards
        .filter((c) => c.rectifications.overdue + c.rectifications.closedLate > 0)
        .map((c) => ({ township: c.township, name: c.name, overdue: c.rectifications.overdue, closedLate: c.rectifications.closedLate })),
      townshipsBehindPlan: cards.filter((c) => c.visits.due > 0).map((c) => ({ township: c.township, name: c.name, done: c.visits.done, planned: c.visits.planned })),
      scorecards: cards,
    };
  }
}
