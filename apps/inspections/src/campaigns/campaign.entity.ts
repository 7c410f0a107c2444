import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An inspection campaign (督查): a period in which every township is visited at least N times. */
@Entity({ name: 'campaign' })
export class CampaignEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'starts_on', type: 'date' })
  startsOn: string;

  @Column({ name: 'ends_on', type: 'date' })
  endsOn: string;

  @Column({ name: 'min_visits_per_township', type: 'integer' })
  minVisitsPerTownship: number;

  @Column({ name: 'sample_share_percent', type: 'integer' })
  sampleSharePercent: number;

  @Column({ name: 'sample_seed', type: 'text' })
  sampleSeed: string;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @Column({ name: 'created_role', type: 'text' })
  createdRole: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
