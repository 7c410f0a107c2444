import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { MemberExclusionReason, Sex } from '@dibao/domain';
import type { Relation, WorkAbility } from './household.types';

/** A person of a household. Removal marks the row (removed_at) and clears `active`; it is never deleted. */
@Entity({ name: 'household_members' })
export class HouseholdMember {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'resident_id', type: 'text' })
  residentId: string;

  @Column({ type: 'text' })
  relation: Relation;

  @Column({ type: 'text' })
  sex: Sex;

  @Column({ name: 'birth_date', type: 'date' })
  birthDate: string;

  @Column({ name: 'disability_grade', type: 'smallint', nullable: true })
  disabilityGrade: number | null;

  @Column({ name: 'work_ability', type: 'text' })
  workAbility: WorkAbility;

  @Column({ name: 'seriously_ill', type: 'boolean' })
  seriouslyIll: boolean;

  @Column({ type: 'text', nullable: true })
  exclusion: MemberExclusionReason | null;

  @Column({ type: 'boolean' })
  active: boolean;

  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true })
  removedAt: Date | null;

  @Column({ name: 'removed_by', type: 'text', nullable: true })
  removedBy: string | null;

  @Column({ name: 'removed_by_role', type: 'text', nullable: true })
  removedByRole: string | null;

  @Column({ name: 'removal_reason', type: 'text', nullable: true })
  removalReason: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @Column({ name: 'created_by_role', type: 'text' })
  createdByRole: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy: string;

  @Column({ name: 'updated_by_role', type: 'text' })
  updatedByRole: string;
}
