import { Column, Entity, PrimaryColumn } from 'typeorm';
import { fenTransformer } from './fen.transformer';
import type { AssetKind } from './household.types';

/** An asset checked against the county's configured limits (C art. 10). */
@Entity({ name: 'household_assets' })
export class HouseholdAsset {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  @Column({ type: 'text' })
  kind: AssetKind;

  @Column({ name: 'value_fen', type: 'bigint', transformer: fenTransformer })
  valueFen: number;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true })
  removedAt: Date | null;

  @Column({ name: 'removed_by', type: 'text', nullable: true })
  removedBy: string | null;

  @Column({ name: 'removed_by_role', type: 'text', nullable: true })
  removedByRole: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @Column({ name: 'created_by_role', type: 'text' })
  createdByRole: string;
}
