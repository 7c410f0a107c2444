import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor, AuditEntry, BENEFICIARY_STEP_ROLES, beneficiaryAuditEntries, BeneficiaryView, CASE_READ_ROLES, StepBodyOf as B, stepBodySchemas, StepName } from '@dibao/contracts';
import { ApiZodBody, CurrentActor, Roles, ZodBody } from '@dibao/platform';
import { BeneficiariesService } from './beneficiaries.service';
import { BeneficiaryListDto, ListBeneficiariesQueryDto } from './dto/beneficiary-list.dto';

const responses = [
  ApiParam({ name: 'householdId', example: 'b7c1f9e2-4a1d-4c55-9d0e-2f7f6c3a9b10' }),
  ApiResponse({ status: 200, description: 'The benefit after the step, with its timeline' }),
  ApiResponse({ status: 400, description: 'A field breaks a rule (named)' }),
  ApiResponse({ status: 403, description: 'The role may not take this step' }),
  ApiResponse({ status: 404, description: 'No beneficiary workflow for the household (or another township)' }),
  ApiResponse({ status: 409, description: 'Wrong stage (e.g. no review open, benefit ended): `currentStage`' }),
  ApiResponse({ status: 422, description: 'A rule refuses (income not below the standard, invalid tally)' }),
];
/** A step's route documentation; its body schema is the step's (libs/contracts step-schemas.ts). */
const Step = (step: StepName, summary: string) => (target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
  ApiOperation({ summary })(target, key, descriptor);
  ApiZodBody(stepBodySchemas[step])(target, key, descriptor);
  for (const r of responses) r(target, key, descriptor);
  HttpCode(200)(target, key, descriptor);
};

/** The step's body, validated by its schema (400 naming each field and rule, as the workflow would refuse it). */
const StepBody = (step: StepName) => ZodBody(stepBodySchemas[step]);

/** Dynamic management after approval (动态管理): route, roles and body only. */
@ApiTags('beneficiaries')
@Controller('beneficiaries')
export class BeneficiariesController {
  constructor(private readonly beneficiaries: BeneficiariesService) {}

  @Get()
  @Roles(...CASE_READ_ROLES)
  @ApiOperation({
    summary: 'List beneficiary households by township, scheme, status, overdue and review date (Temporal visibility), paged by token',
  })
  @ApiOkResponse({ type: BeneficiaryListDto })
  @ApiResponse({ status: 400, description: 'A query parameter breaks a rule (named)' })
  @ApiResponse({ status: 403, description: "A township role asked for another township's beneficiaries" })
  list(@CurrentActor() actor: Actor, @Query() query: ListBeneficiariesQueryDto): Promise<BeneficiaryListDto> {
    return this.beneficiaries.list(actor, query);
  }

  @Get(':householdId')
  @Roles(...CASE_READ_ROLES)
  @ApiOperation({ summary: "A beneficiary household's benefit: stage, amount, next review, notices, timeline" })
  get(@CurrentActor() actor: Actor, @Param('householdId') householdId: string): Promise<BeneficiaryView> {
    return this.beneficiaries.get(actor, householdId);
  }

  @Get(':householdId/history')
  @Roles(...CASE_READ_ROLES)
  @ApiOperation({ summary: "Who did what to the benefit and when (the audit read, the same shape as every service's …/history)" })
  async history(@CurrentActor() actor: Actor, @Param('householdId') householdId: string): Promise<AuditEntry[]> {
    return beneficiaryAuditEntries(householdId, (await this.beneficiaries.get(actor, householdId)).timeline);
  }

  @Post(':householdId/changes')
  @Roles(...BENEFICIARY_STEP_ROLES.reportChange)
  @Step('reportChange', 'Report a change of circumstances (income, members, death, employment): opens a special review at once')
  reportChange(@CurrentActor() actor: Actor, @Param('householdId') id: string, @StepBody('reportChange') body: B<'reportChange'>): Promise<BeneficiaryView> {
    return this.beneficiaries.step(actor, id, 'reportChange', body);
  }

  @Post(':householdId/reviews')
  @Roles(...BENEFICIARY_STEP_ROLES.recordReview)
  @Step('recordReview', 'Record the open review: keep, change, suspend, terminate or start a gradual exit')
  recordReview(@CurrentActor() actor: Actor, @Param('householdId') id: string, @StepBody('recordReview') body: B<'recordReview'>): Promise<BeneficiaryView> {
    return this.beneficiaries.step(actor, id, 'recordReview', body);
  }

  @Post(':householdId/resumption')
  @Roles(...BENEFICIARY_STEP_ROLES.resume)
  @Step('resume', 'Resume a suspended benefit from the next period')
  resume(@CurrentActor() actor: Actor, @Param('householdId') id: string, @StepBody('resume') body: B<'resume'>): Promise<BeneficiaryView> {
    return this.beneficiaries.step(actor, id, 'resume', body);
  }

  @Post(':householdId/reappraisal')
  @Roles(...BENEFICIARY_STEP_ROLES.recordReappraisal)
  @Step('recordReappraisal', 'Record the annual village re-appraisal tally (secret ballot; a failing vote ends the benefit)')
  reappraisal(@CurrentActor() actor: Actor, @Param('householdId') id: string, @StepBody('recordReappraisal') body: B<'recordReappraisal'>): Promise<BeneficiaryView> {
    return this.beneficiaries.step(actor, id, 'recordReappraisal', body);
  }

  @Post(':householdId/job-offers')
  @Roles(...BENEFICIARY_STEP_ROLES.recordJobOffer)
  @Step('recordJobOffer', "Record work offered to a member able to work and the answer; the limit's refusal in a row without good reason stops that member's share (A art. 34)")
  recordJobOffer(@CurrentActor() actor: Actor, @Param('householdId') id: string, @StepBody('recordJobOffer') body: B<'recordJobOffer'>): Promise<BeneficiaryView> {
    return this.beneficiaries.step(actor, id, 'recordJobOffer', body);
  }

  @Post(':householdId/standard')
  @Roles(...BENEFICIARY_STEP_ROLES.applyStandard)
  @Step('applyStandard', 'Apply a raised standard (提标) to this household: the amount is recalculated from the next period')
  applyStandard(@CurrentActor() actor: Actor, @Param('householdId') id: string, @StepBody('applyStandard') body: B<'applyStandard'>): Promise<BeneficiaryView> {
    return this.beneficiaries.step(actor, id, 'applyStandard', body);
  }
}
