import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A township (乡镇) of the county: the unit inspections visit and rectification orders are addressed to. */
@Entity({ name: 'township' })
export class TownshipEntity {
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'boolean' })
  active: boolean;

  @Column({ name: 'changed_by', type: 'text' })
  changedBy: string;

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt: Date;
}
