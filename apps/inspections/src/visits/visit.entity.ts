import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A visit of an inspection group to a township, with what it checked. */
@Entity({ name: 'visit' })
export class VisitEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @Column({ name: 'group_id', type: 'uuid' })
  groupId: string;

  @Column({ name: 'township_code', type: 'text' })
  townshipCode: string;

  @Column({ name: 'visited_on', type: 'date' })
  visitedOn: string;

  @Column({ type: 'text', array: true })
  checked: string[];

  /** Good practice seen on the visit, to be promoted in the campaign report. */
  @Column({ name: 'good_practice', type: 'text', array: true })
  goodPractice: string[];

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ name: 'recorded_by', type: 'text' })
  recordedBy: string;

  @Column({ name: 'recorded_role', type: 'text' })
  recordedRole: string;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;
}
