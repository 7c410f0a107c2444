import { Column, Entity, OneToMany, PrimaryColumn } from 'typeorm';
import { GroupMemberEntity } from './group-member.entity';

/** One of the county's inspection groups (督查组). */
@Entity({ name: 'inspection_group' })
export class InspectionGroupEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @Column({ name: 'created_role', type: 'text' })
  createdRole: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @OneToMany(() => GroupMemberEntity, (m) => m.group)
  members: GroupMemberEntity[];
}
