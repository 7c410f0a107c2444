import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@dibao/contracts';
import { conflict, forbidden, notFound } from '@dibao/platform';
import { randomUUID } from 'crypto';
import { DataSource, EntityManager } from 'typeorm';
import { CreateGroupDto, GroupMemberDto, GroupView } from './dto/group.dto';
import { GroupMemberEntity } from './group-member.entity';
import { InspectionGroupEntity } from './inspection-group.entity';

function view(g: InspectionGroupEntity): GroupView {
  return {
    id: g.id,
    name: g.name,
    members: [...(g.members ?? [])]
      .sort((a, b) => a.inspectorId.localeCompare(b.inspectorId))
      .map((m) => ({ inspectorId: m.inspectorId, name: m.name, leader: m.leader })),
  };
}

@Injectable()
export class GroupsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(): Promise<GroupView[]> {
    const groups = await this.dataSource.getRepository(InspectionGroupEntity).find({ relations: { members: true }, order: { name: 'ASC' } });
    return groups.map(view);
  }

  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<GroupView> {
    const g = await manager.getRepository(InspectionGroupEntity).findOne({ where: { id }, relations: { members: true } });
    if (!g) throw notFound('inspection group', id);
    return view(g);
  }

  async create(dto: CreateGroupDto, actor: Actor): Promise<GroupView> {
    return this.dataSource.transaction(async (m) => {
      const id = randomUUID();
      const inserted: unknown[] = await m.query(
        `INSERT INTO inspection_group (id, name, created_by, created_role) VALUES ($1, $2, $3, $4)
         ON CONFLICT (name) DO NOTHING RETURNING id`,
        [id, dto.name.trim(), actor.id, actor.role],
      );
      if (inserted.length === 0) throw conflict('group-exists', `an inspection group named ${dto.name.trim()} already exists`);
      const seen = new Set<string>();
      for (const member of dto.members ?? []) {
        if (seen.has(member.inspectorId)) throw conflict('duplicate-member', `inspector ${member.inspectorId} is listed twice`);
        seen.add(member.inspectorId);
        await this.insertMember(m, id, member, actor);
      }
      return this.get(id, m);
    });
  }

  /** One statement that adds or replaces, so concurrent PUTs of the same member cannot collide on the key. */
  async putMember(groupId: string, dto: GroupMemberDto, actor: Actor): Promise<GroupView> {
    return this.dataSource.transaction(async (m) => {
      await this.lockGroup(m, groupId);
      await m.query(
        `INSERT INTO group_member (group_id, inspector_id, name, leader, added_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (group_id, inspector_id)
         DO UPDATE SET name = EXCLUDED.name, leader = EXCLUDED.leader, added_by = EXCLUDED.added_by, added_at = now()`,
        [groupId, dto.inspectorId, dto.name.trim(), dto.leader ?? false, actor.id],
      );
      return this.get(groupId, m);
    });
  }

  async removeMember(groupId: string, inspectorId: string): Promise<GroupView> {
    return this.dataSource.transaction(async (m) => {
      await this.lockGroup(m, groupId);
      const res = await m.getRepository(GroupMemberEntity).delete({ groupId, inspectorId });
      if (!res.affected) throw notFound('group member', inspectorId);
      return this.get(groupId, m);
    });
  }

  /** Inspectors record only for their own group; admins and supervisors may record for any. */
  async requireMember(manager: EntityManager, groupId: string, actor: Actor): Promise<void> {
    const group = await manager.getRepository(InspectionGroupEntity).findOneBy({ id: groupId });
    if (!group) throw notFound('inspection group', groupId);
    if (actor.role !== 'inspector') return;
    const member = await manager.getRepository(GroupMemberEntity).findOneBy({ groupId, inspectorId: actor.id });
    if (!member) throw forbidden(`inspector ${actor.id} is not a member of inspection group ${group.name}`);
  }

  /** Member changes of one group one at a time (the group row is the lock); 404 for an unknown group. */
  private async lockGroup(m: EntityManager, groupId: string): Promise<void> {
    const rows: unknown[] = await m.query(`SELECT 1 FROM inspection_group WHERE id = $1 FOR UPDATE`, [groupId]);
    if (rows.length === 0) throw notFound('inspection group', groupId);
  }

  private async insertMember(m: EntityManager, groupId: string, dto: GroupMemberDto, actor: Actor): Promise<void> {
    await m.query(`INSERT INTO group_member (group_id, inspector_id, name, leader, added_by) VALUES ($1, $2, $3, $4, $5)`, [
      groupId,
      dto.inspectorId,
      dto.name.trim(),
      dto.leader ?? false,
      actor.id,
    ]);
  }
}
