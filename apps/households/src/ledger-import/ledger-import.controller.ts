import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@dibao/contracts';
import { AppException, CurrentActor, Roles } from '@dibao/platform';
import { ImportResultView } from '../households/dto/household-view.dto';
import { LedgerImportService } from './ledger-import.service';

@ApiTags('households')
@Controller('households')
export class LedgerImportController {
  constructor(private readonly imports: LedgerImportService) {}

  @Post('import')
  @HttpCode(200)
  @Roles('caseworker')
  @ApiOperation({
    summary: 'Import the county ledger (台帐) as CSV: valid rows are registered, each rejected row is listed with its line and reasons',
    description:
      'Re-importing the same file changes nothing. A caseworker imports only rows of their own township; a row of a township ' +
      'the county does not have is rejected (reason `township: … is not a township of the county`). Body limit 50 MB.',
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: 'ledger_no,township,village,address,hukou,account_kind,account_institution,account_number,account_holder,members' } })
  @ApiOkResponse({ type: ImportResultView })
  import(@Body() body: unknown, @CurrentActor() actor: Actor): Promise<ImportResultView> {
    if (typeof body !== 'string') {
      throw new AppException(415, 'unsupported-media-type', 'send the ledger with Content-Type: text/csv');
    }
    return this.imports.importCsv(body, actor);
  }
}
