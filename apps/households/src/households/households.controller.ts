import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@dibao/contracts';
import { CurrentActor, Roles } from '@dibao/platform';
import {
  AddAssetDto,
  AddDeductionDto,
  AddIncomeDto,
  AddMemberDto,
  HistoryQuery,
  ListHouseholdsQuery,
  LookupDto,
  PutPayeeDto,
  RemovalDto,
  UpdateHouseholdDto,
  UpdateMemberDto,
} from './dto/change-household.dto';
import { HistoryEntryView, HouseholdPageView, HouseholdView, IncomeItemView, PayeeView } from './dto/household-view.dto';
import { RegisterHouseholdDto } from './dto/register-household.dto';
import { HouseholdsService } from './households.service';
import { householdIdParam, uuidParam } from './uuid-param.pipe';

// Reads: every role; township roles only their own township (another township's household is a 404).
// Writes: caseworker of the township, and admin.

@ApiTags('households')
@Controller('households')
export class HouseholdsController {
  constructor(private readonly households: HouseholdsService) {}

  @Post()
  @Roles('caseworker')
  @ApiOperation({ summary: 'Register a household with its members, income, assets and payee; 409 when an ID number is in another active household' })
  @ApiCreatedResponse({ type: HouseholdView })
  @ApiResponse({
    status: 400,
    description:
      'A field breaks a rule; `errors` names each (e.g. township with rule knownTownship: not one of the county\'s townships, ' +
      'members[0].residentId with rule isResidentId)',
  })
  @ApiResponse({ status: 403, description: "A township role registering in another township than its own" })
  @ApiResponse({ status: 409, description: 'An ID number already belongs to another active household' })
  register(@Body() dto: RegisterHouseholdDto, @CurrentActor() actor: Actor): Promise<HouseholdView> {
    return this.households.register(dto, actor);
  }

  @Get()
  @ApiOperation({ summary: 'Households, paged, filtered by township, scheme and status' })
  @ApiOkResponse({ type: HouseholdPageView })
  list(@Query() query: ListHouseholdsQuery, @CurrentActor() actor: Actor): Promise<HouseholdPageView> {
    return this.households.list(query, actor);
  }

  @Post('lookup')
  @HttpCode(200)
  @Roles('caseworker', 'township_reviewer', 'county_approver', 'system')
  @ApiOperation({ summary: 'The active household of a resident ID number (roles that may see ID numbers)' })
  @ApiOkResponse({ type: HouseholdView })
  lookup(@Body() dto: LookupDto, @CurrentActor() actor: Actor): Promise<HouseholdView> {
    return this.households.lookup(dto.residentId, actor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A household with members, income items, assets, per-capita income, apply-alone and payee' })
  @ApiOkResponse({ type: HouseholdView })
  get(@Param('id', householdIdParam()) id: string, @CurrentActor() actor: Actor): Promise<HouseholdView> {
    return this.households.get(id, actor);
  }

  @Patch(':id')
  @Roles('caseworker')
  @ApiOperation({ summary: 'Change village or address' })
  @ApiOkResponse({ type: HouseholdView })
  update(@Param('id', householdIdParam()) id: string, @Body() dto: UpdateHouseholdDto, @CurrentActor() actor: Actor): Promise<HouseholdView> {
    return this.households.update(id, dto, actor);
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'Every change of the household, oldest first: who, when, what (identifiers masked)' })
  @ApiOkResponse({ type: [HistoryEntryView] })
  history(@Param('id', householdIdParam()) id: string, @Query() query: HistoryQuery, @CurrentActor() actor: Actor): Promise<HistoryEntryView[]> {
    return this.households.historyOf(id, actor, query.limit, query.after);
  }

  @Post(':id/members')
  @Roles('caseworker')
  @ApiOperation({ summary: 'Add a member' })
  @ApiCreatedResponse({ type: HouseholdView })
  addMember(@Param('id', householdIdParam()) id: string, @Body() dto: AddMemberDto, @CurrentActor() actor: Actor): Promise<HouseholdView> {
    return this.households.addMember(id, dto, actor);
  }

  @Patch(':id/members/:memberId')
  @Roles('caseworker')
  @ApiOperation({ summary: 'Change a member (disability, work ability, illness, A art. 7 exclusion, name, relation)' })
  @ApiOkResponse({ type: HouseholdView })
  updateMember(
    @Param('id', householdIdParam()) id: string,
    @Param('memberId', uuidParam('memberId')) memberId: string,
    @Body() dto: UpdateMemberDto,
    @CurrentActor() actor: Actor,
  ): Promise<HouseholdView> {
    return this.households.updateMember(id, memberId, dto, actor);
  }

  @Post(':id/members/:memberId/removal')
  @HttpCode(200)
  @Roles('caseworker')
  @ApiOperation({ summary: 'Remove a member (the row is marked, never deleted)' })
  @ApiOkResponse({ type: HouseholdView })
  removeMember(
    @Param('id', householdIdParam()) id: string,
    @Param('memberId', uuidParam('memberId')) memberId: string,
    @Body() dto: RemovalDto,
    @CurrentActor() actor: Actor,
  ): Promise<HouseholdView> {
    return this.households.removeMember(id, memberId, dto.reason, actor);
  }

  @Get(':id/incomes')
  @ApiOperation({ summary: 'Current income items and deductions with their treatment (counted, exempt, deductible)' })
  @ApiOkResponse({ type: [IncomeItemView] })
  incomes(@Param('id', householdIdParam()) id: string, @CurrentActor() actor: Actor): Promise<IncomeItemView[]> {
    return this.households.incomes(id, actor);
  }

  @Post(':id/incomes')
  @Roles('caseworker')
  @ApiOperation({ summary: "Add an income item of a member (A arts. 13–14)" })
  @ApiCreatedResponse({ type: HouseholdView })
  addIncome(@Param('id', householdIdParam()) id: string, @Body() dto: AddIncomeDto, @CurrentActor() actor: Actor): Promise<HouseholdView> {
    return this.households.addIncomeItem(id, dto, 'income', actor);
  }

  @Post(':id/deductions')
  @Roles('caseworker')
  @ApiOperation({ summary: 'Add a deductible rigid medical or disability expense of a member' })
  @ApiCreatedResponse({ type: HouseholdView })
  addDeduction(@Param('id', householdIdParam()) id: string, @Body() dto: AddDeductionDto, @CurrentActor() actor: Actor): Promise<HouseholdView> {
    return this.households.addIncomeItem(id, dto, 'deduction', actor);
  }

  @Post(':id/incomes/:itemId/removal')
  @HttpCode(200)
  @Roles('caseworker')
  @ApiOperation({ summary: 'Remove an income item or deduction (marked, never deleted)' })
  @ApiOkResponse({ type: HouseholdView })
  removeIncome(
    @Param('id', householdIdParam()) id: string,
    @Param('itemId', uuidParam('itemId')) itemId: string,
    @CurrentActor() actor: Actor,
  ): Promise<HouseholdView> {
    return this.households.removeIncomeItem(id, itemId, actor);
  }

  @Post(':id/assets')
  @Roles('caseworker')
  @ApiOperation({ summary: 'Add an asset (checked against the county asset limits)' })
  @ApiCreatedResponse({ type: HouseholdView })
  addAsset(@Param('id', householdIdParam()) id: string, @Body() dto: AddAssetDto, @CurrentActor() actor: Actor): Promise<HouseholdView> {
    return this.households.addAsset(id, dto, actor);
  }

  @Post(':id/assets/:assetId/removal')
  @HttpCode(200)
  @Roles('caseworker')
  @ApiOperation({ summary: 'Remove an asset (marked, never deleted)' })
  @ApiOkResponse({ type: HouseholdView })
  removeAsset(
    @Param('id', householdIdParam()) id: string,
    @Param('assetId', uuidParam('assetId')) assetId: string,
    @CurrentActor() actor: Actor,
  ): Promise<HouseholdView> {
    return this.households.removeAsset(id, assetId, actor);
  }

  @Get(':id/payee')
  @ApiOperation({ summary: 'Payment account and proxies; finance and system see full numbers' })
  @ApiOkResponse({ type: PayeeView })
  payee(@Param('id', householdIdParam()) id: string, @CurrentActor() actor: Actor): Promise<PayeeView> {
    return this.households.payee(id, actor);
  }

  @Put(':id/payee')
  @Roles('caseworker')
  @ApiOperation({ summary: 'Set the payment account and the proxies (unlisted proxies are revoked)' })
  @ApiOkResponse({ type: PayeeView })
  putPayee(@Param('id', householdIdParam()) id: string, @Body() dto: PutPayeeDto, @CurrentActor() actor: Actor): Promise<PayeeView> {
    return this.households.putPayee(id, dto, actor);
  }
}
