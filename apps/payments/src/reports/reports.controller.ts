import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@dibao/platform';
import { ReportsService } from './reports.service';

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('periods/:period')
  @Roles('finance', 'county_approver', 'supervisor')
  @ApiOperation({ summary: 'Period report by township and scheme (households, persons, amount), reconciled to the fund ledger to the fen' })
  period(@Param('period') period: string) {
    return this.reports.period(period);
  }
}
