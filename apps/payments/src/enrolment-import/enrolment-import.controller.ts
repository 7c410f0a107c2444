import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@dibao/contracts';
import { CurrentActor, Roles } from '@dibao/platform';
import { EnrolmentImportDto } from './dto/enrolment-import.dto';
import { EnrolmentImportService } from './enrolment-import.service';

@ApiTags('enrolments')
@Controller('enrolment-imports')
export class EnrolmentImportController {
  constructor(private readonly imports: EnrolmentImportService) {}

  @Post()
  @HttpCode(200)
  @Roles('county_approver')
  @ApiOperation({ summary: "Enrol the ledger's existing beneficiaries (up to 5,000 rows a request); a household already enrolled is unchanged" })
  import(@Body() dto: EnrolmentImportDto, @CurrentActor() actor: Actor) {
    return this.imports.import(dto, actor);
  }
}
