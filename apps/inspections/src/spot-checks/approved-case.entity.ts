import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An approved case as told by dibao.cases.v1: the population spot checks draw from. */
@Entity({ name: 'approved_case' })
export class ApprovedCaseEntity {
  @PrimaryColumn({ name: 'case_id', type: 'text' })
  caseId: string;

  @Column({ name: 'household_id', type: 'text' })
  householdId: string;

  @Column({ name: 'township_code', type: 'text' })
  townshipCode: string;

  @Column({ type: 'text' })
  scheme: string;

  @Column({ name: 'approved_on', type: 'date' })
  approvedOn: string;

  @Column({ name: 'source_event_id', type: 'uuid' })
  sourceEventId: string;

  /** Set when the case leaves the population (a future termination event). */
  @Column({ name: 'removed_on', type: 'date', nullable: true })
  removedOn: string | null;

  @Column({ name: 'removed_reason', type: 'text', nullable: true })
  removedReason: string | null;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;
}
