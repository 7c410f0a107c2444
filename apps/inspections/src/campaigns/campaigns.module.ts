import { Module } from '@nestjs/common';
import { TownshipsModule } from '../townships/townships.module';
import { CampaignsController } from './campaigns.controller';
import { CampaignsService } from './campaigns.service';

@Module({ imports: [TownshipsModule], controllers: [CampaignsController], providers: [CampaignsService], exports: [CampaignsService] })
export class CampaignsModule {}
