import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A written rejection notice with reasons, due within 3 working days of the decision (A art. 21). */
@Entity({ name: 'case_notices' })
export class CaseNotice {
  @PrimaryColumn({ name: 'notice_id', type: 'text' })
  noticeId: string;

  @Column({ name: 'case_id', type: 'text' })
  caseId: string;

  @Column({ name: 'household_id', type: 'text' })
  householdId: string;

  @Column({ type: 'text' })
  township: string;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text' })
  stage: string;

  @Column({ type: 'jsonb' })
  reasons: string[];

  @Column({ name: 'decided_on', type: 'date' })
  decidedOn: string;

  @Column({ name: 'due_on', type: 'date' })
  dueOn: string;

  @Column({ name: 'decided_by', type: 'text' })
  decidedBy: string;

  /** Set when the township records that the notice was served. */
  @Column({ name: 'served_on', type: 'date', nullable: true })
  servedOn: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
