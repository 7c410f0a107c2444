import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@dibao/contracts';
import { CurrentActor } from '@dibao/platform';
import { PublicListingQuery, PublicListingView } from './dto/public-listing.dto';
import { renderPublicListing } from './public-listing-html.util';
import { PublicListingService } from './public-listing.service';

// Every role; a township role sees only its own township whatever it asks for (another township: an empty listing).

@ApiTags('public-listing')
@Controller()
export class PublicListingController {
  constructor(private readonly listing: PublicListingService) {}

  @Get('public-listing')
  @ApiOperation({
    summary:
      'Long-term public listing of beneficiaries (阳光低保, A art. 24): head of household, household size, monthly amount, since when; ' +
      'by township, village, scheme. Never an ID number, address or account',
  })
  @ApiOkResponse({ type: PublicListingView })
  json(@Query() query: PublicListingQuery, @CurrentActor() actor: Actor): Promise<PublicListingView> {
    return this.listing.listing(query, actor);
  }

  @Get('public-listing.html')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The public listing as a printable, self-contained HTML page (Chinese): one section per village' })
  @ApiOkResponse({ description: 'HTML page', schema: { type: 'string' } })
  async html(@Query() query: PublicListingQuery, @CurrentActor() actor: Actor): Promise<string> {
    return renderPublicListing(await this.listing.listing(query, actor));
  }
}
