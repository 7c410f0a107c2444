import { Module } from '@nestjs/common';
import { BeneficiariesController } from './beneficiaries.controller';
import { BeneficiariesService } from './beneficiaries.service';
import { ReviewCampaignsController } from './review-campaigns.controller';
import { ReviewCampaignsService } from './review-campaigns.service';
import { StandardRaisesController } from './standard-raises.controller';
import { StandardRaisesService } from './standard-raises.service';

/** Dynamic management after approval: beneficiaries, review campaigns and the reach of a raised standard. */
@Module({
  controllers: [BeneficiariesController, ReviewCampaignsController, StandardRaisesController],
  providers: [BeneficiariesService, ReviewCampaignsService, StandardRaisesService],
})
export class BeneficiariesModule {}
