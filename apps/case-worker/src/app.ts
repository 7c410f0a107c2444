import { INestApplication, Logger, Type } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { NativeConnection, Worker } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { createHttpApp, HealthService, OutboxService } from '@dibao/platform';
import { HouseholdsClient } from './activities/households.client';
import { Client } from '@temporalio/client';
import { localDateAt } from '@dibao/domain';
import { createCampaignActivities } from './activities/campaign.activities';
import { createCaseActivities } from './activities/case.activities';
import { holidayCalendarHealthCheck, holidayCalendarStatus } from './activities/holiday-calendar.activities';
import { TEMPORAL_CLIENT } from './inspection-flags/inspection-flags.service';
import { caseSettings } from './case-settings';
import { AppModule } from './app.module';
import type { CaseWorkerConfig } from './config';
import { createCaseWorker } from './worker';

export interface CaseWorkerApp {
  http: INestApplication;
  worker: Worker;
  connection: NativeConnection;
}

/** The HTTP side (health on PORT, outbox relay) and the Temporal worker, wired the same way in main and tests. */
export async function buildApp(config: CaseWorkerConfig): Promise<CaseWorkerApp> {
  // createHttpApp is typed for a module class; Nest accepts a dynamic module the same way.
  const http = await createHttpApp(AppModule.forRoot(config) as unknown as Type<unknown>, {
    serviceName: config.SERVICE_NAME,
    logLevel: config.LOG_LEVEL,
    openapi: { title: 'dibao case worker', description: 'Temporal worker of the case workflow; only /health is served.' },
    // inspection.case-flagged → special review of the beneficiary (InspectionFlagsController);
    // standard.raised → the raise's fan-out to the beneficiaries (StandardRaisesController).
    consumerGroup: config.CASE_WORKER_CONSUMER_GROUP,
    consumerGroupPrefix: config.KAFKA_GROUP_PREFIX,
    consumeFromBeginning: config.KAFKA_FROM_BEGINNING === 'true',
  });
  await http.init();
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  http.get(HealthService).register('temporal', async () => {
    await connection.workflowService.getSystemInfo({});
  });
  const settings = caseSettings(config);
  // A missing holiday year is loud: /health fails while the current year has none, the log warns about next year.
  const schedules = () => settings.holidaySchedules ?? [];
  http.get(HealthService).register('holiday-calendar', holidayCalendarHealthCheck(schedules));
  const calendar = holidayCalendarStatus(schedules(), localDateAt(Date.now()));
  if (calendar.message) Logger.warn(calendar.message, 'holiday-calendar');
  const worker = await createCaseWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    maxConcurrentActivityTaskExecutions: config.MAX_CONCURRENT_ACTIVITIES,
    maxCachedWorkflows: config.MAX_CACHED_WORKFLOWS,
    activities: {
      ...createCaseActivities({
        dataSource: http.get<DataSource>(getDataSourceToken()),
        outbox: http.get(OutboxService),
        ...(config.HOUSEHOLDS_URL ? { households: new HouseholdsClient(config.HOUSEHOLDS_URL, config.JWT_SECRET) } : {}),
        settings,
      }),
      ...createCampaignActivities({ client: http.get<Client>(TEMPORAL_CLIENT), namespace: config.TEMPORAL_NAMESPACE }),
    },
  });
  return { http, worker, connection };
}
