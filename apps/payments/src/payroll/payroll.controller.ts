import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@dibao/contracts';
import { isScheme } from '@dibao/domain';
import { badRequest, CurrentActor, notFound, Roles } from '@dibao/platform';
import { StartPayrollRunDto } from './dto/start-payroll-run.dto';
import { PayrollService } from './payroll.service';

@ApiTags('payroll')
@Controller('payroll-runs')
export class PayrollController {
  constructor(private readonly payroll: PayrollService) {}

  @Post()
  @Roles('finance')
  @ApiOperation({ summary: 'Run (or rerun, resume) the payroll of a scheme and period; 202 while running, 200 when finished' })
  async start(@Body() dto: StartPayrollRunDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const run = await this.payroll.start(dto.scheme, dto.period, actor, dto.wait ?? false);
    res.status(run.status === 'completed' ? 200 : 202);
    return run;
  }

  @Get()
  @Roles('finance', 'county_approver', 'supervisor')
  @ApiQuery({ name: 'scheme', required: false, enum: ['urban', 'rural'] })
  list(@Query('scheme') scheme?: string) {
    if (scheme !== undefined && !isScheme(scheme)) {
      throw badRequest('validation-failed', 'scheme: must be urban or rural', [{ field: 'scheme', rule: 'isIn', message: 'scheme must be urban or rural' }]);
    }
    return this.payroll.list(scheme);
  }

  @Get(':id')
  @Roles('finance', 'county_approver', 'supervisor')
  @ApiOperation({ summary: 'A run with its progress (townships done, households processed) and totals' })
  async get(@Param('id', new ParseUUIDPipe()) id: string) {
    const run = await this.payroll.get(id);
    if (!run) throw notFound('payroll run', id);
    return run;
  }
}
