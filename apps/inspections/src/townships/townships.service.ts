import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@dibao/contracts';
import { badRequest, conflict, notFound } from '@dibao/platform';
import { DataSource, EntityManager, In } from 'typeorm';
import { CreateTownshipDto, TownshipView, UpdateTownshipDto } from './dto/township.dto';
import { TownshipEntity } from './township.entity';

const view = (t: TownshipEntity): TownshipView => ({ code: t.code, name: t.name, active: t.active });

@Injectable()
export class TownshipsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(): Promise<TownshipView[]> {
    const rows = await this.dataSource.getRepository(TownshipEntity).find({ order: { code: 'ASC' } });
    return rows.map(view);
  }

  async get(code: string): Promise<TownshipView> {
    const t = await this.dataSource.getRepository(TownshipEntity).findOneBy({ code });
    if (!t) throw notFound('township', code);
    return view(t);
  }

  async create(dto: CreateTownshipDto, actor: Actor): Promise<TownshipView> {
    return this.dataSource.transaction(async (m) => {
      const inserted: unknown[] = await m.query(
        `INSERT INTO township (code, name, changed_by) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING RETURNING code`,
        [dto.code, dto.name.trim(), actor.id],
      );
      if (inserted.length === 0) throw conflict('township-exists', `township ${dto.code} already exists`);
      return { code: dto.code, name: dto.name.trim(), active: true };
    });
  }

  async update(code: string, dto: UpdateTownshipDto, actor: Actor): Promise<TownshipView> {
    return this.dataSource.transaction(async (m) => {
      const repo = m.getRepository(TownshipEntity);
      const t = await repo.findOne({ where: { code }, lock: { mode: 'pessimistic_write' } });
      if (!t) throw notFound('township', code);
      if (dto.name !== undefined) t.name = dto.name.trim();
      if (dto.active !== undefined) t.active = dto.active;
      t.changedBy = actor.id;
      t.changedAt = new Date();
      await repo.save(t);
      return view(t);
    });
  }

  /** Fails with a 400 naming every unknown or inactive township of `codes`. */
  async requireKnown(manager: EntityManager, codes: string[], field = 'township'): Promise<void> {
    const unique = [...new Set(codes)];
    if (unique.length === 0) return;
    const found = await manager.getRepository(TownshipEntity).findBy({ code: In(unique), active: true });
    const known = new Set(found.map((t) => t.code));
    const unknown = unique.filter((c) => !known.has(c));
    if (unknown.length > 0) {
      throw badRequest('unknown-township', `${unknown.map((c) => `township ${c}`).join(', ')} is not a known township of the county`, [
        { field, rule: 'knownTownship', message: `${unknown.join(', ')} is not a known township` },
      ]);
    }
  }
}
