import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Visits a group owes a township in a campaign. */
@Entity({ name: 'campaign_plan' })
export class CampaignPlanEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @PrimaryColumn({ name: 'township_code', type: 'text' })
  townshipCode: string;

  @PrimaryColumn({ name: 'group_id', type: 'uuid' })
  groupId: string;

  @Column({ name: 'planned_visits', type: 'integer' })
  plannedVisits: number;

  @Column({ name: 'planned_by', type: 'text' })
  plannedBy: string;

  @Column({ name: 'planned_at', type: 'timestamptz', default: () => 'now()' })
  plannedAt: Date;
}
