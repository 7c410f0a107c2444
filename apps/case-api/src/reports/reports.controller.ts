import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '@dibao/platform';
import { PdfService } from './pdf.service';
import { WorkReportService } from './work-report.service';

/**
 * The quarterly work report. It reads payments and inspections with the caller's own token, so it is for the
 * roles those services let read their reports: supervisor (and admin).
 */
@ApiTags('reports')
@Controller('reports')
@Roles('supervisor')
export class ReportsController {
  constructor(
    private readonly reports: WorkReportService,
    private readonly pdf: PdfService,
  ) {}

  @Get('work-report')
  @ApiOperation({ summary: 'The quarterly work report as JSON: beneficiaries, payouts, standards, entries/exits, open cases, inspections' })
  @ApiQuery({ name: 'quarter', example: '2026-Q1' })
  workReport(@Query('quarter') quarter: string | undefined, @Headers('authorization') authorization: string) {
    return this.reports.build(quarter, authorization);
  }

  @Get('work-report.html')
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The work report as a printable Chinese HTML page with inline SVG charts' })
  @ApiQuery({ name: 'quarter', example: '2026-Q1' })
  async html(@Query('quarter') quarter: string | undefined, @Headers('authorization') authorization: string, @Res() res: Response): Promise<void> {
    res.type('text/html; charset=utf-8').send(await this.reports.html(quarter, authorization));
  }

  @Get('work-report.pdf')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'The work report printed by headless Chromium; 501 naming the package when Chromium is missing' })
  @ApiQuery({ name: 'quarter', example: '2026-Q1' })
  async pdfReport(@Query('quarter') quarter: string | undefined, @Headers('authorization') authorization: string, @Res() res: Response): Promise<void> {
    const q = this.reports.quarterOrThrow(quarter);
    const html = await this.reports.html(quarter, authorization);
    const pdf = await this.pdf.print(html);
    res.type('application/pdf').setHeader('content-disposition', `inline; filename="work-report-${q.quarter}.pdf"`);
    res.send(pdf);
  }
}
