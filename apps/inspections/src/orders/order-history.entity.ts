import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type OrderAction = 'issued' | 'responded' | 'closed' | 'reopened' | 'overdue';

/** Every step of an order, with who took it: orders change, their history does not. */
@Entity({ name: 'order_history' })
export class OrderHistoryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId: string;

  @Column({ type: 'text' })
  action: OrderAction;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'visit_id', type: 'uuid', nullable: true })
  visitId: string | null;

  /** The deadline in force after this step. */
  @Column({ type: 'date' })
  deadline: string;

  @Column({ name: 'actor_id', type: 'text' })
  actorId: string;

  @Column({ name: 'actor_role', type: 'text' })
  actorRole: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;
}
