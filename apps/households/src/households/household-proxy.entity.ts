import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A person entrusted to collect the benefit (代领), with the village committee's entrustment certificate. */
@Entity({ name: 'household_proxies' })
export class HouseholdProxy {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'resident_id', type: 'text' })
  residentId: string;

  @Column({ type: 'text', nullable: true })
  relation: string | null;

  @Column({ name: 'entrustment_ref', type: 'text' })
  entrustmentRef: string;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'revoked_by', type: 'text', nullable: true })
  revokedBy: string | null;

  @Column({ name: 'revoked_by_role', type: 'text', nullable: true })
  revokedByRole: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @Column({ name: 'created_by_role', type: 'text' })
  createdByRole: string;
}
