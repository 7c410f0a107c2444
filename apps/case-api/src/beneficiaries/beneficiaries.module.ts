import { Module } from '@nestjs/common';
import { BeneficiariesController } from './beneficiaries.controller';
import { BeneficiariesService } from './beneficiaries.service';
import { ReviewCampaignsController } from './review-campaigns.controller';
import { ReviewCampaignsService } from './review-campaigns.service';

/** Dynamic management after approval: beneficiaries and review campaigns. */
@Module({ controllers: [BeneficiariesController, ReviewCampaignsController], providers: [BeneficiariesService, ReviewCampaignsService] })
export class BeneficiariesModule {}
