import { DynamicModule, Module } from '@nestjs/common';
import type { CaseApiConfig } from '../config';
import { PdfService } from './pdf.service';
import { ReportsController } from './reports.controller';
import { REPORT_SOURCES, ReportSources } from './reports.tokens';
import { UpstreamClient } from './upstream.client';
import { WorkReportService } from './work-report.service';

/** The quarterly work report (JSON, HTML, PDF) from the services that own the figures. */
@Module({})
export class ReportsModule {
  static forRoot(config: CaseApiConfig): DynamicModule {
    const sources: ReportSources = {
      households: config.HOUSEHOLDS_URL,
      payments: config.PAYMENTS_URL,
      inspections: config.INSPECTIONS_URL,
      chromiumPath: config.CHROMIUM_PATH,
    };
    return {
      module: ReportsModule,
      controllers: [ReportsController],
      providers: [{ provide: REPORT_SOURCES, useValue: sources }, UpstreamClient, WorkReportService, PdfService],
    };
  }
}
