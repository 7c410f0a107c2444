import { DynamicModule, Module } from '@nestjs/common';
import { CaseFollowController } from '../case-follow/case-follow.controller';
import { CaseFollowService } from '../case-follow/case-follow.service';
import { LedgerImportController } from '../ledger-import/ledger-import.controller';
import { LedgerImportService } from '../ledger-import/ledger-import.service';
import { PublicListingController } from '../public-listing/public-listing.controller';
import { LISTING_OFFICE, PublicListingService } from '../public-listing/public-listing.service';
import { HouseholdsController } from './households.controller';
import { policyProvider } from './households.policy';
import { HouseholdsRepository } from './households.repository';
import { HouseholdsService } from './households.service';

@Module({
  // The import controller comes first so that POST /households/import is not taken for a household id.
  controllers: [LedgerImportController, HouseholdsController, CaseFollowController, PublicListingController],
  providers: [HouseholdsService, HouseholdsRepository, CaseFollowService, LedgerImportService, PublicListingService, policyProvider],
})
export class HouseholdsModule {
  static forRoot(options: { countyOfficeName: string }): DynamicModule {
    return { module: HouseholdsModule, providers: [{ provide: LISTING_OFFICE, useValue: options.countyOfficeName }] };
  }
}
