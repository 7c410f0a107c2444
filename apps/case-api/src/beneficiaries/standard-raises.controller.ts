import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { STANDARD_RAISE_READ_ROLES, StandardRaiseProgress } from '@dibao/contracts';
import { Roles } from '@dibao/platform';
import { StandardRaisesService } from './standard-raises.service';

@ApiTags('standard-raises')
@Controller('standard-raises')
export class StandardRaisesController {
  constructor(private readonly raises: StandardRaisesService) {}

  @Get(':raiseId')
  @Roles(...STANDARD_RAISE_READ_ROLES)
  @ApiOperation({
    summary:
      'How far a raised standard (提标, POST /standards in payments) has reached the beneficiary workflows: signalled, skipped ' +
      '(townships with their own standard), batches, pass, status; run payroll for its first period once it is completed',
  })
  @ApiParam({ name: 'raiseId', description: "payments' standard id", example: '0b9f6c52-8a4e-4a53-9d1e-6c1f2a3b4c5d' })
  @ApiResponse({ status: 404, description: 'No fan-out for this raise (yet)' })
  get(@Param('raiseId') raiseId: string): Promise<StandardRaiseProgress> {
    return this.raises.get(raiseId);
  }
}
