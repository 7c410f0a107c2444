import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One change of a household or one of its parts: who, when, what. Append-only; identifiers in `changes` are masked. */
@Entity({ name: 'household_history' })
export class HouseholdHistory {
  @PrimaryColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  @Column({ type: 'text' })
  entity: string;

  @Column({ name: 'entity_id', type: 'text' })
  entityId: string;

  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'jsonb' })
  changes: Record<string, unknown>;

  @Column({ name: 'actor_id', type: 'text' })
  actorId: string;

  @Column({ name: 'actor_role', type: 'text' })
  actorRole: string;

  @Column({ name: 'correlation_id', type: 'text', nullable: true })
  correlationId: string | null;

  @Column({ type: 'timestamptz' })
  at: Date;
}
