import { Module } from '@nestjs/common';
import { StandardsModule } from '../standards/standards.module';
import { EnrolmentImportController } from './enrolment-import.controller';
import { EnrolmentImportService } from './enrolment-import.service';

/** Bulk enrolment of existing beneficiaries from the county's ledger (used by `npm run demo:county`). */
@Module({ imports: [StandardsModule], controllers: [EnrolmentImportController], providers: [EnrolmentImportService] })
export class EnrolmentImportModule {}
