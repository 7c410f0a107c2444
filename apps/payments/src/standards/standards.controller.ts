import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@dibao/contracts';
import { badRequest, CurrentActor, Roles } from '@dibao/platform';
import { isScheme, Scheme } from '@dibao/domain';
import { RaiseStandardDto } from './dto/raise-standard.dto';
import { StandardsService } from './standards.service';

@ApiTags('standards')
@Controller('standards')
export class StandardsController {
  constructor(private readonly standards: StandardsService) {}

  @Get()
  @Roles('finance', 'county_approver', 'supervisor')
  @ApiOperation({ summary: 'Standards per scheme and area with their effective dates' })
  @ApiQuery({ name: 'scheme', required: false, enum: ['urban', 'rural'] })
  list(@Query('scheme') scheme?: string) {
    if (scheme !== undefined && !isScheme(scheme)) {
      throw badRequest('validation-failed', 'scheme: must be urban or rural', [{ field: 'scheme', rule: 'isIn', message: 'scheme must be urban or rural' }]);
    }
    return this.standards.list(scheme as Scheme | undefined);
  }

  @Post()
  @HttpCode(201)
  @Roles('county_approver')
  @ApiOperation({ summary: 'Set a new standard (提标); every enrolled household is recalculated from the next period' })
  raise(@Body() dto: RaiseStandardDto, @CurrentActor() actor: Actor) {
    return this.standards.raise(dto, actor);
  }
}
