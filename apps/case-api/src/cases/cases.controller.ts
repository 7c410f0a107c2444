import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  Actor,
  CASE_READ_ROLES,
  AuditEntry,
  caseAuditEntries,
  CASE_STEP_ROLES,
  CASE_SUBMIT_ROLES,
  CaseView,
  StepBodyOf as B,
  stepBodySchemas,
  StepName,
  SubmitApplicationBody,
  submitApplicationSchema,
} from '@dibao/contracts';
import { ApiZodBody, CurrentActor, Roles, ZodBody } from '@dibao/platform';
import { CasesService } from './cases.service';
import { CASE_VIEW_EXAMPLE, CaseCreatedDto, CaseListDto } from './dto/case-responses.dto';
import { ListCasesQueryDto } from './dto/list-cases-query.dto';

const caseIdParam = ApiParam({ name: 'caseId', example: '0f8b7a52-7a3e-4d8e-9a61-1b2c3d4e5f60' });
const stepResponses = [
  ApiOkResponse({ description: 'The case after the step', schema: { type: 'object', example: CASE_VIEW_EXAMPLE } }),
  ApiResponse({ status: 400, description: 'A field breaks a rule (the body names the field and the rule)' }),
  ApiResponse({ status: 401, description: 'No valid bearer token' }),
  ApiResponse({ status: 403, description: 'The role may not take this step' }),
  ApiResponse({ status: 404, description: 'No such case (or a case of another township)' }),
  ApiResponse({ status: 409, description: 'The case is at another stage: `currentStage` says which' }),
  ApiResponse({ status: 422, description: 'A rule of the procedure refuses the step (e.g. a household visit is missing)' }),
];
/** A step's route documentation; its body schema is the step's (libs/contracts step-schemas.ts). */
const Step = (step: StepName, summary: string) => (target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
  ApiOperation({ summary })(target, key, descriptor);
  ApiZodBody(stepBodySchemas[step])(target, key, descriptor);
  caseIdParam(target, key, descriptor);
  for (const r of stepResponses) r(target, key, descriptor);
  HttpCode(200)(target, key, descriptor);
};

/** The step's body, validated by its schema (400 naming each field and rule, as the workflow would refuse it). */
const StepBody = (step: StepName) => ZodBody(stepBodySchemas[step]);

/** Route, roles and body only: the rules live in the workflow, the mapping in CasesService. */
@ApiTags('cases')
@ApiExtraModels(CaseCreatedDto, CaseListDto)
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  @Roles(...CASE_SUBMIT_ROLES)
  @ApiOperation({
    summary: 'Submit an application for a registered household (starts the case workflow)',
    description:
      "The household is read from the households service first: the case takes the household's township and scheme. " +
      'Refused before anything starts (problem body; `errors` names the field): an unknown householdId (422), a household ' +
      "outside the caller's township (403, field township), a body township other than the household's (422, field " +
      "township), a scheme other than the household's (422, field scheme); the registry out of reach: 503.",
  })
  @ApiZodBody(submitApplicationSchema, {
    examples: {
      head: {
        summary: 'The head of household applies',
        value: { householdId: 'b7c1f9e2-4a1d-4c55-9d0e-2f7f6c3a9b10', scheme: 'urban', applicant: { kind: 'head' }, claimedMonthlyIncomeFen: 12000 },
      },
      proxy: {
        summary: 'A proxy applies for a relative of a village cadre',
        value: {
          householdId: 'b7c1f9e2-4a1d-4c55-9d0e-2f7f6c3a9b10',
          scheme: 'rural',
          township: 'T01',
          applicant: { kind: 'proxy', proxyName: 'Wang Fang', entrustmentRef: 'VC-2026-0117' },
          claimedMonthlyIncomeFen: 0,
          registeredSeparately: true,
          relatedStaff: 'village cadre Li Ming (brother)',
        },
      },
    },
  })
  @ApiResponse({ status: 201, type: CaseCreatedDto })
  @ApiResponse({ status: 400, description: 'The body names the field and the rule' })
  @ApiResponse({ status: 401, description: 'No valid bearer token' })
  @ApiResponse({ status: 403, description: "Wrong role, or a township (body or household) other than the caller's: `errors[0].field` is township" })
  @ApiResponse({ status: 409, description: 'The household already has an open case (`case-open`)' })
  @ApiResponse({
    status: 422,
    description:
      'The registry refuses the application: `unknown-household` (field householdId), `township-mismatch` (field township), ' +
      '`scheme-mismatch` (field scheme)',
  })
  @ApiResponse({ status: 503, description: 'The households service or Temporal is out of reach; nothing was started' })
  submit(@CurrentActor() actor: Actor, @ZodBody(submitApplicationSchema) dto: SubmitApplicationBody): Promise<CaseCreatedDto> {
    return this.cases.submit(actor, dto);
  }

  @Get()
  @Roles(...CASE_READ_ROLES)
  @ApiOperation({ summary: 'List cases by township, stage, scheme and overdue (Temporal visibility), paged by token' })
  @ApiOkResponse({ type: CaseListDto })
  list(@CurrentActor() actor: Actor, @Query() query: ListCasesQueryDto): Promise<CaseListDto> {
    return this.cases.list(actor, query);
  }

  @Get(':caseId')
  @Roles(...CASE_READ_ROLES)
  @ApiOperation({ summary: 'The case: stage, deadlines, records and the history of decisions with actor and time' })
  @ApiParam({ name: 'caseId', example: '0f8b7a52-7a3e-4d8e-9a61-1b2c3d4e5f60' })
  @ApiOkResponse({ schema: { type: 'object', example: CASE_VIEW_EXAMPLE } })
  @ApiResponse({ status: 404, description: 'No such case (or a case of another township)' })
  get(@CurrentActor() actor: Actor, @Param('caseId') caseId: string): Promise<CaseView> {
    return this.cases.get(actor, caseId);
  }

  @Get(':caseId/history')
  @Roles(...CASE_READ_ROLES)
  @ApiOperation({ summary: "Who did what to the case and when (the audit read, the same shape as every service's …/history)" })
  @ApiParam({ name: 'caseId', example: '0f8b7a52-7a3e-4d8e-9a61-1b2c3d4e5f60' })
  @ApiResponse({ status: 404, description: 'No such case (or a case of another township)' })
  async history(@CurrentActor() actor: Actor, @Param('caseId') caseId: string): Promise<AuditEntry[]> {
    return caseAuditEntries(caseId, (await this.cases.get(actor, caseId)).history);
  }

  @Post(':caseId/acceptance')
  @Roles(...CASE_STEP_ROLES.acceptApplication)
  @Step('acceptApplication', 'The township accepts the application (starts the 30-working-day clock)')
  accept(@CurrentActor() a: Actor, @Param('caseId') id: string, @StepBody('acceptApplication') dto: B<'acceptApplication'>): Promise<CaseView> {
    return this.cases.step(a, id, 'acceptApplication', dto);
  }

  @Post(':caseId/return')
  @Roles(...CASE_STEP_ROLES.returnApplication)
  @Step('returnApplication', 'The township returns the application listing every missing material in one notice')
  returnApplication(@CurrentActor() a: Actor, @Param('caseId') id: string, @StepBody('returnApplication') dto: B<'returnApplication'>): Promise<CaseView> {
    return this.cases.step(a, id, 'returnApplication', dto);
  }

  @Post(':caseId/investigation/start')
  @Roles(...CASE_STEP_ROLES.startInvestigation)
  @Step('startInvestigation', 'The township starts the investigation (A art. 15: within 3 working days of acceptance; the first investigation record also counts)')
  startInvestigation(@CurrentActor() a: Actor, @Param('caseId') id: string, @StepBody('startInvestigation') dto: B<'startInvestigation'>): Promise<CaseView> {
    return this.cases.step(a, id, 'startInvestigation', dto);
  }

  @Post(':caseId/data-check/start')
  @Roles(...CASE_STEP_ROLES.startDataCheck)
  @Step('startDataCheck', "The county starts the household economic-status data check (A art. 17: within 3 working days; the investigation record with the check's result also counts)")
  startDataCheck(@CurrentActor() a: Actor, @Param('caseId') id: string, @StepBody('startDataCheck') dto: B<'startDataCheck'>): Promise<CaseView> {
    return this.cases.step(a, id, 'startDataCheck', dto);
  }

  @Post(':caseId/investigation')
  @Roles(...CASE_STEP_ROLES.recordInvestigation)
  @Step('recordInvestigation', 'Record the investigation: two investigators or more, verified income per member, assets, the data check')
  investigation(@CurrentActor() a: Actor, @Param('caseId') id: string, @StepBody('recordInvestigation') dto: B<'recordInvestigation'>): Promise<CaseView> {
    return this.cases.step(a, id, 'recordInvestigation', dto);
  }

  @Post(':caseId/data-check/contest')
  @Roles(...CASE_STEP_ROLES.contestDataCheck)
  @Step('contestDataCheck', 'The applicant contests a failed data check with evidence (once)')
  contest(@CurrentActor() a: Actor, @Param('caseId') id: string, @StepBody('contestDataCheck') dto: B<'contestDataCheck'>): Promise<CaseView> {
    return this.cases.step(a, id, 'contestDataCheck', dto);
  }

  @Post(':caseId/data-check/recheck')
  @Roles(...CASE_STEP_ROLES.recordRecheck)
  @Step('recordRecheck', 'Record the recheck of a contested data check')
  recheck(@CurrentActor() a: Actor, @Param('caseId') id: string, @StepBody('recordRecheck') dto: B<'recordRecheck'>): Promise<CaseView> {
    return this.cases.step(a, id, 'recordRecheck', dto);
  }

  @Post(':caseId/investigation/conclusion')
  @Roles(...CASE_STEP_ROLES.concludeInvestigation)
  @Step('concludeInvestigation', 'Conclude an investigation whose data check failed (the township review decides)')
  conclude(@CurrentActor() a: Actor, @Param('caseId') id: string, @StepBody('concludeInvestigation') dto: B<'concludeInvestigation'>): Promise<CaseView> {
    return this.cases.step(a, id, 'concludeInvestigation', dto);
  }

  @Post(':caseId/appraisal')
  @Roles(...CASE_STEP_ROLES.recordAppraisal)
  @Step('recordAppraisal', 'Record the democratic appraisal tally of the village meeting (tallies only)')
  appraisal(@CurrentActor() a: Actor, @Param('caseId') id: string, @StepBody('recordAppraisal') dto: B<'recordAppraisal'>): Promise<CaseView> {
    return this.cases.step(a, id, 'recordAppraisal', dto);
  }

  @Post(':caseId/objections')
  @Roles(...CASE_STEP_ROLES.fileObjection)
  @Step('fileObjection', 'File an objection during publicity (anonymous unless filedBy is given)')
  objection(@CurrentActor() a: Actor, @Param('caseId') id: string, @StepBody('fileObjection') dto: B<'fileObjection'>): Promise<CaseView> {
    return this.cases.step(a, id, 'fileObjection', dto);
  }

  @Post(':caseId/objections/:objectionId/resolution')
  @Roles(...CASE_STEP_ROLES.resolveObjection)
  @Step('resolveObjection', 'Resolve an objection: unfounded (publicity continues) or substantiated (back to investigation)')
  @ApiParam({ name: 'objectionId', example: 'obj-1' })
  resolve(
    @CurrentActor() a: Actor,
    @Param('caseId') id: string,
    @Param('objectionId') objectionId: string,
    @StepBody('resolveObjection') dto: B<'resolveObjection'>,
  ): Promise<CaseView> {
    return this.cases.step(a, id, 'resolveObjection', { ...dto, objectionId });
  }

  @Post(':caseId/township-review')
  @Roles(...CASE_STEP_ROLES.townshipReview)
  @Step('townshipReview', 'Township review: approve with an opinion, return for re-investigation, or reject with reasons')
  townshipReview(@CurrentActor() a: Actor, @Param('caseId') id: string, @StepBody('townshipReview') dto: B<'townshipReview'>): Promise<CaseView> {
    return this.cases.step(a, id, 'townshipReview', dto);
  }

  @Post(':caseId/household-visit')
  @Roles(...CASE_STEP_ROLES.recordHouseholdVisit)
  @Step('recordHouseholdVisit', 'Record the county household visit (required for cases registered separately or with objections)')
  visit(@CurrentActor() a: Actor, @Param('caseId') id: string, @StepBody('recordHouseholdVisit') dto: B<'recordHouseholdVisit'>): Promise<CaseView> {
    return this.cases.step(a, id, 'recordHouseholdVisit', dto);
  }

  @Post(':caseId/county-decision')
  @Roles(...CASE_STEP_ROLES.countyDecision)
  @Step('countyDecision', 'County approval: approve (amount from libs/domain, benefits from next month) or reject with reasons')
  countyDecision(@CurrentActor() a: Actor, @Param('caseId') id: string, @StepBody('countyDecision') dto: B<'countyDecision'>): Promise<CaseView> {
    return this.cases.step(a, id, 'countyDecision', dto);
  }

  @Post(':caseId/withdrawal')
  @Roles(...CASE_STEP_ROLES.withdraw)
  @Step('withdraw', 'The applicant withdraws the application (any stage before approval)')
  withdraw(@CurrentActor() a: Actor, @Param('caseId') id: string, @StepBody('withdraw') dto: B<'withdraw'>): Promise<CaseView> {
    return this.cases.step(a, id, 'withdraw', dto);
  }

  @Post(':caseId/deadline-extension')
  @Roles(...CASE_STEP_ROLES.extendDeadline)
  @Step('extendDeadline', 'Extend the whole-case deadline once, from 30 to 45 working days, with a reason')
  extend(@CurrentActor() a: Actor, @Param('caseId') id: string, @StepBody('extendDeadline') dto: B<'extendDeadline'>): Promise<CaseView> {
    return this.cases.step(a, id, 'extendDeadline', dto);
  }
}
