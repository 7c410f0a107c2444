import { Column, Entity, PrimaryColumn, VersionColumn } from 'typeorm';

export type OrderStatus = 'open' | 'responded' | 'closed';

/** A rectification order (整改通知) to a township, from a finding, with a deadline. */
@Entity({ name: 'rectification_order' })
export class RectificationOrderEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'finding_id', type: 'uuid' })
  findingId: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @Column({ name: 'township_code', type: 'text' })
  townshipCode: string;

  @Column({ type: 'text' })
  requirement: string;

  @Column({ type: 'text' })
  status: OrderStatus;

  @Column({ type: 'date' })
  deadline: string;

  @Column({ name: 'issued_on', type: 'date' })
  issuedOn: string;

  @Column({ type: 'boolean', default: false })
  overdue: boolean;

  @Column({ name: 'overdue_flagged_deadline', type: 'date', nullable: true })
  overdueFlaggedDeadline: string | null;

  @Column({ type: 'text', nullable: true })
  response: string | null;

  @Column({ name: 'responded_on', type: 'date', nullable: true })
  respondedOn: string | null;

  @Column({ name: 'closed_on', type: 'date', nullable: true })
  closedOn: string | null;

  @Column({ name: 'closed_on_time', type: 'boolean', nullable: true })
  closedOnTime: boolean | null;

  @Column({ name: 'reopen_count', type: 'integer', default: 0 })
  reopenCount: number;

  @VersionColumn()
  version: number;

  @Column({ name: 'issued_by', type: 'text' })
  issuedBy: string;

  @Column({ name: 'issued_role', type: 'text' })
  issuedRole: string;

  @Column({ name: 'issued_at', type: 'timestamptz', default: () => 'now()' })
  issuedAt: Date;
}
