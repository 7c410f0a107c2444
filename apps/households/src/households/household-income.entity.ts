import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AmountPeriod } from '@dibao/domain';
import { fenTransformer } from './fen.transformer';
import type { IncomeItemKind } from './household.types';

/**
 * An income item (A arts. 13–14) or a deductible rigid expense of one member. `category` is an income
 * category for kind `income`, or `medical` / `disability` for kind `deduction`.
 */
@Entity({ name: 'household_incomes' })
export class HouseholdIncome {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @Column({ type: 'text' })
  kind: IncomeItemKind;

  @Column({ type: 'text' })
  category: string;

  @Column({ name: 'amount_fen', type: 'bigint', transformer: fenTransformer })
  amountFen: number;

  @Column({ name: 'costs_fen', type: 'bigint', transformer: fenTransformer })
  costsFen: number;

  @Column({ type: 'text' })
  period: AmountPeriod;

  @Column({ type: 'text', nullable: true })
  note: string | null;

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
