import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, InspectionCaseFlagged, InspectionFindingLogged, InspectionVisitRecorded } from '@dibao/contracts';
import { badRequest, newEvent, notFound, OutboxService, unprocessable } from '@dibao/platform';
import { randomUUID } from 'crypto';
import { DataSource, EntityManager } from 'typeorm';
import { CampaignsService } from '../campaigns/campaigns.service';
import { Clock } from '../common/clock';
import { isLocalDate } from '../common/local-date.util';
import { GroupsService } from '../groups/groups.service';
import { OrdersService } from '../orders/orders.service';
import { RectificationOrderEntity } from '../orders/rectification-order.entity';
import { CasePopulationService } from '../spot-checks/case-population.service';
import { TownshipsService } from '../townships/townships.service';
import { CreateVisitDto, FindingInputDto, FindingView, VisitView } from './dto/visit.dto';
import { FindingEntity } from './finding.entity';
import { VisitEntity } from './visit.entity';

const dedupe = (xs: string[] | undefined): string[] => [...new Set((xs ?? []).map((x) => x.trim()))];

/** Visits and their findings. Everything a submission carries is recorded in one transaction, or nothing is. */
@Injectable()
export class VisitsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly campaigns: CampaignsService,
    private readonly townships: TownshipsService,
    private readonly groups: GroupsService,
    private readonly orders: OrdersService,
    private readonly population: CasePopulationService,
  ) {}

  async record(dto: CreateVisitDto, actor: Actor, m: EntityManager): Promise<VisitView> {
    const campaign = await this.campaigns.load(m, dto.campaignId);
    await this.townships.requireKnown(m, [dto.township]);
    await this.groups.requireMember(m, dto.groupId, actor);
    if (!isLocalDate(dto.visitedOn)) {
      throw badRequest('validation-failed', `visitedOn: ${dto.visitedOn} is not a calendar date`, [
        { field: 'visitedOn', rule: 'calendarDate', message: `${dto.visitedOn} is not a calendar date` },
      ]);
    }
    const today = this.clock.today();
    if (dto.visitedOn > today) {
      throw badRequest('visit-in-future', `visitedOn: ${dto.visitedOn} is after today (${today})`, [
        { field: 'visitedOn', rule: 'notInFuture', message: `${dto.visitedOn} is after today` },
      ]);
    }
    if (dto.visitedOn < campaign.startsOn || dto.visitedOn > campaign.endsOn) {
      throw unprocessable(
        'visit-outside-campaign',
        `a visit on ${dto.visitedOn} is outside campaign ${campaign.name} (${campaign.startsOn} – ${campaign.endsOn})`,
      );
    }

    const visit = m.getRepository(VisitEntity).create({
      id: randomUUID(),
      campaignId: campaign.id,
      groupId: dto.groupId,
      townshipCode: dto.township,
      visitedOn: dto.visitedOn,
      checked: dto.checked.map((c) => c.trim()),
      goodPractice: (dto.goodPractice ?? []).map((g) => g.trim()),
      notes: dto.notes?.trim() || null,
      recordedBy: actor.id,
      recordedRole: actor.role,
    });
    await m.getRepository(VisitEntity).insert(visit);
    const findings = await this.logFindings(m, visit, dto.findings ?? [], actor);
    await this.outbox.append(
      m,
      newEvent(
        InspectionVisitRecorded,
        visit.id,
        {
          visitId: visit.id,
          campaignId: visit.campaignId,
          groupId: visit.groupId,
          township: visit.townshipCode,
          visitedOn: visit.visitedOn,
          checked: visit.checked,
          findingCount: findings.length,
        },
        actor,
      ),
    );
    return this.visitView(visit, findings);
  }

  async addFindings(visitId: string, inputs: FindingInputDto[], actor: Actor, m: EntityManager): Promise<VisitView> {
    const visit = await m.getRepository(VisitEntity).findOne({ where: { id: visitId }, lock: { mode: 'pessimistic_write' } });
    if (!visit) throw notFound('visit', visitId);
    await this.groups.requireMember(m, visit.groupId, actor);
    await this.logFindings(m, visit, inputs, actor);
    return this.get(visitId, m);
  }

  async get(id: string, m: EntityManager = this.dataSource.manager): Promise<VisitView> {
    const visit = await m.getRepository(VisitEntity).findOneBy({ id });
    if (!visit) throw notFound('visit', id);
    const findings = await m.getRepository(FindingEntity).find({ where: { visitId: id }, order: { recordedAt: 'ASC', id: 'ASC' } });
    const orders = await m.getRepository(RectificationOrderEntity).find({ where: { campaignId: visit.campaignId, townshipCode: visit.townshipCode } });
    const orderOf = new Map(orders.map((o) => [o.findingId, o.id]));
    return this.visitView(
      visit,
      findings.map((f) => this.findingView(f, orderOf.get(f.id) ?? null)),
    );
  }

  async list(campaignId: string, township?: string): Promise<VisitView[]> {
    // The visits of an unknown campaign are not an empty list: the campaign is not there (404).
    await this.campaigns.load(this.dataSource.manager, campaignId);
    const visits = await this.dataSource.getRepository(VisitEntity).find({
      where: { campaignId, ...(township ? { townshipCode: township } : {}) },
      order: { visitedOn: 'ASC', recordedAt: 'ASC' },
      take: 2000,
    });
    return Promise.all(visits.map((v) => this.get(v.id)));
  }

  /** Validates every finding first, then writes them with their orders, case flags and events. */
  private async logFindings(m: EntityManager, visit: VisitEntity, inputs: FindingInputDto[], actor: Actor): Promise<FindingView[]> {
    const flagged = await this.checkCaseFlags(m, visit, inputs);
    inputs.forEach((f, i) => {
      if (f.rectification) this.orders.requireFutureDeadline(f.rectification.deadline, `findings[${i}].rectification.deadline`);
    });

    const out: FindingView[] = [];
    for (const input of inputs) {
      const finding = m.getRepository(FindingEntity).create({
        id: randomUUID(),
        visitId: visit.id,
        campaignId: visit.campaignId,
        townshipCode: visit.townshipCode,
        category: input.category,
        severity: input.severity,
        description: input.description.trim(),
        relatedCaseIds: dedupe(input.relatedCaseIds),
        relatedHouseholdIds: dedupe(input.relatedHouseholdIds),
        flaggedCaseIds: input.flagCasesForReview ? dedupe(input.relatedCaseIds) : [],
        recordedBy: actor.id,
        recordedRole: actor.role,
      });
      await m.getRepository(FindingEntity).insert(finding);
      await this.outbox.append(
        m,
        newEvent(
          InspectionFindingLogged,
          finding.id,
          {
            findingId: finding.id,
            visitId: visit.id,
            campaignId: visit.campaignId,
            township: visit.townshipCode,
            category: finding.category,
            severity: finding.severity,
            description: finding.description,
            relatedCaseIds: finding.relatedCaseIds,
            relatedHouseholdIds: finding.relatedHouseholdIds,
          },
          actor,
        ),
        ...finding.flaggedCaseIds.map((caseId) =>
          newEvent(
            InspectionCaseFlagged,
            caseId,
            {
              caseId,
              householdId: flagged.get(caseId)?.householdId,
              township: visit.townshipCode,
              findingId: finding.id,
              campaignId: visit.campaignId,
              category: finding.category,
              severity: finding.severity,
              reason: finding.description,
            },
            actor,
          ),
        ),
      );
      const order = input.rectification ? await this.orders.issueTx(m, finding, input.rectification, actor) : null;
      out.push(this.findingView(finding, order?.id ?? null));
    }
    return out;
  }

  /** A case can be flagged for special review only when it is an approved case of the visited township. */
  private async checkCaseFlags(m: EntityManager, visit: VisitEntity, inputs: FindingInputDto[]): Promise<Map<string, { township: string; householdId: string }>> {
    const wanted: string[] = [];
    inputs.forEach((f, i) => {
      if (!f.flagCasesForReview) return;
      if (!f.relatedCaseIds?.length) {
        throw badRequest('validation-failed', `findings[${i}].relatedCaseIds: name the cases to flag for review`, [
          { field: `findings[${i}].relatedCaseIds`, rule: 'requiredWhenFlagging', message: 'flagCasesForReview needs relatedCaseIds' },
        ]);
      }
      wanted.push(...dedupe(f.relatedCaseIds));
    });
    const known = await this.population.find(m, [...new Set(wanted)]);
    const bad = [...new Set(wanted)].filter((id) => known.get(id)?.township !== visit.townshipCode);
    if (bad.length > 0) {
      throw unprocessable('case-not-approved-here', `${bad.join(', ')} is not an approved case of township ${visit.townshipCode}; only those can be flagged for review`, {
        caseIds: bad,
      });
    }
    return known;
  }

  private findingView(f: FindingEntity, orderId: string | null): FindingView {
    return {
      id: f.id,
      visitId: f.visitId,
      campaignId: f.campaignId,
      township: f.townshipCode,
      category: f.category,
      severity: f.severity,
      description: f.description,
      relatedCaseIds: f.relatedCaseIds,
      relatedHouseholdIds: f.relatedHouseholdIds,
      flaggedCaseIds: f.flaggedCaseIds,
      orderId,
    };
  }

  private visitView(v: VisitEntity, findings: FindingView[]): VisitView {
    return {
      id: v.id,
      campaignId: v.campaignId,
      groupId: v.groupId,
      township: v.townshipCode,
      visitedOn: v.visitedOn,
      checked: v.checked,
      goodPractice: v.goodPractice,
      notes: v.notes,
      recordedBy: v.recordedBy,
      findings,
    };
  }
}
