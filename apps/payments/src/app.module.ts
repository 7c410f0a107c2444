import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PlatformModule, postgresOptions } from '@dibao/platform';
import { PaymentsConfig } from './config';
import { PAYMENTS_MIGRATIONS } from './migrations';
import { StandardsModule } from './standards/standards.module';
import { EnrolmentModule } from './enrolment/enrolment.module';
import { PayrollModule } from './payroll/payroll.module';
import { BatchesModule } from './batches/batches.module';
import { FundModule } from './fund/fund.module';
import { OverpaymentsModule } from './overpayments/overpayments.module';
import { ReportsModule } from './reports/reports.module';
import { EnrolmentImportModule } from './enrolment-import/enrolment-import.module';

@Module({})
export class AppModule {
  static forRoot(config: PaymentsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRoot(
          postgresOptions({ url: config.DATABASE_URL, entities: [], migrations: PAYMENTS_MIGRATIONS, poolSize: config.PAYMENTS_DB_POOL }),
        ),
        PlatformModule.forRoot({
          serviceName: config.SERVICE_NAME,
          jwtSecret: config.JWT_SECRET,
          kafkaBrokers: config.KAFKA_BROKERS,
          outboxPollMs: config.OUTBOX_POLL_MS,
        }),
        StandardsModule,
        EnrolmentModule,
        PayrollModule,
        BatchesModule.forRoot(config.PAYMENTS_LATE_SWEEP_MS),
        FundModule,
        OverpaymentsModule,
        ReportsModule,
        EnrolmentImportModule,
      ],
    };
  }
}
