import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A written notice with reasons, due within 3 working days of the decision: an application's rejection
 * (A art. 21), or a beneficiary's suspension, termination, gradual exit or stopped share (A art. 32).
 */
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

  @Column({ name: 'decided_by_role', type: 'text', nullable: true })
  decidedByRole: string | null;

  /** The notice as written (a beneficiary's); a rejection's is made from its reasons. */
  @Column({ name: 'notice_text', type: 'text', nullable: true })
  noticeText: string | null;

  /** The payment period a beneficiary's cut or stop applies from. */
  @Column({ name: 'from_period', type: 'text', nullable: true })
  fromPeriod: string | null;

  /** Set when the township records that the notice was served. */
  @Column({ name: 'served_on', type: 'date', nullable: true })
  servedOn: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
