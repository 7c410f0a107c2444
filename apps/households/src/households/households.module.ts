import { Module } from '@nestjs/common';
import { CaseFollowController } from '../case-follow/case-follow.controller';
import { CaseFollowService } from '../case-follow/case-follow.service';
import { LedgerImportController } from '../ledger-import/ledger-import.controller';
import { LedgerImportService } from '../ledger-import/ledger-import.service';
import { HouseholdsController } from './households.controller';
import { policyProvider } from './households.policy';
import { HouseholdsRepository } from './households.repository';
import { HouseholdsService } from './households.service';

@Module({
  // The import controller comes first so that POST /households/import is not taken for a household id.
  controllers: [LedgerImportController, HouseholdsController, CaseFollowController],
  providers: [HouseholdsService, HouseholdsRepository, CaseFollowService, LedgerImportService, policyProvider],
})
export class HouseholdsModule {}
