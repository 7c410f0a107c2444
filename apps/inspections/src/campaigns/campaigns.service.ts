import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@dibao/contracts';
import { badRequest, notFound, unprocessable } from '@dibao/platform';
import { randomUUID } from 'crypto';
import { DataSource, EntityManager } from 'typeorm';
import { isLocalDate } from '../common/local-date.util';
import { TownshipsService } from '../townships/townships.service';
import { CampaignPlanEntity } from './campaign-plan.entity';
import { CampaignEntity } from './campaign.entity';
import { CampaignView, CreateCampaignDto, UpdateTownshipPlanDto } from './dto/campaign.dto';
import { PlanCell, planProgress, spreadPlan, TownshipProgress } from './plan.util';

export const DEFAULT_MIN_VISITS = 3;
export const DEFAULT_SAMPLE_SHARE_PERCENT = 30;

export interface CampaignPlanView {
  campaignId: string;
  minVisitsPerTownship: number;
  totals: { townships: number; planned: number; done: number; due: number; townshipsComplete: number };
  groups: { groupId: string; name: string; planned: number; done: number; due: number }[];
  townships: (TownshipProgress & { name: string })[];
}

export function campaignView(c: CampaignEntity): CampaignView {
  return {
    id: c.id,
    name: c.name,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    minVisitsPerTownship: c.minVisitsPerTownship,
    sampleSharePercent: c.sampleSharePercent,
    sampleSeed: c.sampleSeed,
  };
}

@Injectable()
export class CampaignsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly townships: TownshipsService,
  ) {}

  async list(): Promise<CampaignView[]> {
    const rows = await this.dataSource.getRepository(CampaignEntity).find({ order: { startsOn: 'DESC', name: 'ASC' } });
    return rows.map(campaignView);
  }

  async get(id: string): Promise<CampaignView> {
    return campaignView(await this.load(this.dataSource.manager, id));
  }

  async load(manager: EntityManager, id: string): Promise<CampaignEntity> {
    const c = await manager.getRepository(CampaignEntity).findOneBy({ id });
    if (!c) throw notFound('campaign', id);
    return c;
  }

  /** Creates the campaign and spreads its plan over every active township and every group. */
  async create(dto: CreateCampaignDto, actor: Actor): Promise<CampaignView & { plannedVisits: number }> {
    for (const field of ['startsOn', 'endsOn'] as const) {
      if (!isLocalDate(dto[field])) {
        throw badRequest('validation-failed', `${field}: ${dto[field]} is not a calendar date`, [
          { field, rule: 'calendarDate', message: `${dto[field]} is not a calendar date` },
        ]);
      }
    }
    if (dto.endsOn < dto.startsOn) {
      throw badRequest('validation-failed', 'endsOn: a campaign cannot end before it starts', [
        { field: 'endsOn', rule: 'notBeforeStartsOn', message: 'endsOn must not be before startsOn' },
      ]);
    }
    return this.dataSource.transaction(async (m) => {
      const groups: { id: string }[] = await m.query(`SELECT id FROM inspection_group ORDER BY id`);
      if (groups.length === 0) throw unprocessable('no-inspection-groups', 'create the inspection groups before a campaign: its plan spreads visits over them');
      const townships: { code: string }[] = await m.query(`SELECT code FROM township WHERE active ORDER BY code`);
      if (townships.length === 0) throw unprocessable('no-townships', 'there are no active townships to plan visits for');

      const id = randomUUID();
      const campaign = m.getRepository(CampaignEntity).create({
        id,
        name: dto.name.trim(),
        startsOn: dto.startsOn,
        endsOn: dto.endsOn,
        minVisitsPerTownship: dto.minVisitsPerTownship ?? DEFAULT_MIN_VISITS,
        sampleSharePercent: dto.sampleSharePercent ?? DEFAULT_SAMPLE_SHARE_PERCENT,
        sampleSeed: dto.sampleSeed ?? id,
        createdBy: actor.id,
        createdRole: actor.role,
      });
      await m.getRepository(CampaignEntity).insert(campaign);
      const cells = spreadPlan(
        townships.map((t) => t.code),
        groups.map((g) => g.id),
        campaign.minVisitsPerTownship,
      );
      await this.insertCells(m, id, cells, actor);
      return { ...campaignView(campaign), plannedVisits: cells.reduce((s, c) => s + c.plannedVisits, 0) };
    });
  }

  /** Replaces one township's plan; it must still add up to the campaign's minimum. */
  async updateTownshipPlan(campaignId: string, township: string, dto: UpdateTownshipPlanDto, actor: Actor): Promise<CampaignPlanView> {
    await this.dataSource.transaction(async (m) => {
      const campaign = await this.load(m, campaignId);
      await this.townships.requireKnown(m, [township]);
      const groupIds = dto.visits.map((v) => v.groupId);
      if (new Set(groupIds).size !== groupIds.length) throw badRequest('duplicate-group', 'a group appears twice in the plan');
      const known: { id: string }[] = await m.query(`SELECT id FROM inspection_group WHERE id = ANY($1::uuid[])`, [groupIds]);
      const missing = groupIds.filter((g) => !known.some((k) => k.id === g));
      if (missing.length) throw badRequest('unknown-group', `inspection group ${missing.join(', ')} does not exist`);
      const total = dto.visits.reduce((s, v) => s + v.plannedVisits, 0);
      if (total < campaign.minVisitsPerTownship) {
        throw unprocessable(
          'plan-below-minimum',
          `township ${township} must be visited at least ${campaign.minVisitsPerTownship} times in this campaign; the plan has ${total}`,
        );
      }
      await m.query(`DELETE FROM campaign_plan WHERE campaign_id = $1 AND township_code = $2`, [campaignId, township]);
      await this.insertCells(
        m,
        campaignId,
        dto.visits.filter((v) => v.plannedVisits > 0).map((v) => ({ township, groupId: v.groupId, plannedVisits: v.plannedVisits })),
        actor,
      );
    });
    return this.plan(campaignId);
  }

  async plan(campaignId: string, manager: EntityManager = this.dataSource.manager): Promise<CampaignPlanView> {
    const campaign = await this.load(manager, campaignId);
    const cells = (await manager.getRepository(CampaignPlanEntity).findBy({ campaignId })).map((c) => ({
      township: c.townshipCode,
      groupId: c.groupId,
      plannedVisits: c.plannedVisits,
    }));
    const visits: { township: string; groupId: string; count: number }[] = await manager.query(
      `SELECT township_code AS township, group_id AS "groupId", count(*)::int AS count
         FROM visit WHERE campaign_id = $1 GROUP BY township_code, group_id`,
      [campaignId],
    );
    const names = new Map<string, string>(
      ((await manager.query(`SELECT code, name FROM township`)) as { code: string; name: string }[]).map((t) => [t.code, t.name]),
    );
    const groupNames = new Map<string, string>(
      ((await manager.query(`SELECT id, name FROM inspection_group`)) as { id: string; name: string }[]).map((g) => [g.id, g.name]),
    );
    const townships = planProgress(cells, visits).map((t) => ({ ...t, name: names.get(t.township) ?? t.township }));
    const groups = new Map<string, { planned: number; done: number; due: number }>();
    for (const t of townships) {
      for (const g of t.byGroup) {
        const acc = groups.get(g.groupId) ?? { planned: 0, done: 0, due: 0 };
        acc.planned += g.planned;
        acc.done += g.done;
        acc.due += g.due;
        groups.set(g.groupId, acc);
      }
    }
    return {
      campaignId,
      minVisitsPerTownship: campaign.minVisitsPerTownship,
      totals: {
        townships: townships.length,
        planned: townships.reduce((s, t) => s + t.planned, 0),
        done: townships.reduce((s, t) => s + t.done, 0),
        due: townships.reduce((s, t) => s + t.due, 0),
        townshipsComplete: townships.filter((t) => t.complete).length,
      },
      groups: [...groups.entries()]
        .map(([groupId, g]) => ({ groupId, name: groupNames.get(groupId) ?? groupId, ...g }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      townships,
    };
  }

  private async insertCells(m: EntityManager, campaignId: string, cells: PlanCell[], actor: Actor): Promise<void> {
    if (cells.length === 0) return;
    await m.getRepository(CampaignPlanEntity).insert(
      cells.map((c) => ({ campaignId, townshipCode: c.township, groupId: c.groupId, plannedVisits: c.plannedVisits, plannedBy: actor.id })),
    );
  }
}
