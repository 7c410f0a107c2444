import { Controller, Get, Header, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@dibao/contracts';
import { CurrentActor, Roles } from '@dibao/platform';
import { renderCampaignReport } from './report-html.util';
import { CampaignReport, ReportsService, TownshipScorecard } from './reports.service';

@ApiTags('reports')
@Controller('campaigns/:id')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('scorecards')
  @Roles('inspector', 'supervisor')
  @ApiOperation({ summary: 'Every township scorecard: visits done vs planned, findings by severity, rectifications on time' })
  scorecards(@Param('id', ParseUUIDPipe) id: string): Promise<TownshipScorecard[]> {
    return this.reports.scorecards(id);
  }

  @Get('scorecards/:township')
  @Roles('inspector', 'supervisor', 'caseworker', 'township_reviewer')
  @ApiOperation({ summary: "One township's scorecard (township roles: their own)" })
  scorecard(@Param('id', ParseUUIDPipe) id: string, @Param('township') township: string, @CurrentActor() actor: Actor): Promise<TownshipScorecard> {
    return this.reports.scorecard(id, township, actor);
  }

  @Get('report')
  @Roles('supervisor', 'inspector')
  @ApiOperation({ summary: 'Campaign report for the county government (JSON)' })
  report(@Param('id', ParseUUIDPipe) id: string): Promise<CampaignReport> {
    return this.reports.report(id);
  }

  @Get('report.html')
  @Roles('supervisor', 'inspector')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'Campaign report as a printable HTML page (Chinese)' })
  async reportHtml(@Param('id', ParseUUIDPipe) id: string): Promise<string> {
    return renderCampaignReport(await this.reports.report(id));
  }
}
