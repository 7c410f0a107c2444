import type { FindingCategory, FindingSeverity } from '@dibao/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A problem found on a visit. */
@Entity({ name: 'finding' })
export class FindingEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'visit_id', type: 'uuid' })
  visitId: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @Column({ name: 'township_code', type: 'text' })
  townshipCode: string;

  @Column({ type: 'text' })
  category: FindingCategory;

  @Column({ type: 'text' })
  severity: FindingSeverity;

  @Column({ type: 'text' })
  description: string;

  @Column({ name: 'related_case_ids', type: 'text', array: true })
  relatedCaseIds: string[];

  @Column({ name: 'related_household_ids', type: 'text', array: true })
  relatedHouseholdIds: string[];

  /** Cases this finding asked the case side to review specially (inspection.case-flagged). */
  @Column({ name: 'flagged_case_ids', type: 'text', array: true })
  flaggedCaseIds: string[];

  @Column({ name: 'recorded_by', type: 'text' })
  recordedBy: string;

  @Column({ name: 'recorded_role', type: 'text' })
  recordedRole: string;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;
}
