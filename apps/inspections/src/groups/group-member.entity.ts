import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { InspectionGroupEntity } from './inspection-group.entity';

/** An inspector account (the token subject) in a group. */
@Entity({ name: 'group_member' })
export class GroupMemberEntity {
  @PrimaryColumn({ name: 'group_id', type: 'uuid' })
  groupId: string;

  @PrimaryColumn({ name: 'inspector_id', type: 'text' })
  inspectorId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'boolean' })
  leader: boolean;

  @Column({ name: 'added_by', type: 'text' })
  addedBy: string;

  @Column({ name: 'added_at', type: 'timestamptz', default: () => 'now()' })
  addedAt: Date;

  @ManyToOne(() => InspectionGroupEntity, (g) => g.members)
  @JoinColumn({ name: 'group_id' })
  group: InspectionGroupEntity;
}
