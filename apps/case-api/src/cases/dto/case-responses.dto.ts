import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class CaseCreatedDto {
  @ApiProperty({ example: '0f8b7a52-7a3e-4d8e-9a61-1b2c3d4e5f60' })
  caseId: string;

  @ApiProperty({ example: 'dibao-case-0f8b7a52-7a3e-4d8e-9a61-1b2c3d4e5f60' })
  workflowId: string;

  @ApiProperty({ example: 'application' })
  stage: string;
}

export class CaseSummaryDto {
  @ApiProperty({ example: '0f8b7a52-7a3e-4d8e-9a61-1b2c3d4e5f60' })
  caseId: string;

  @ApiProperty({ example: 'dibao-case-0f8b7a52-7a3e-4d8e-9a61-1b2c3d4e5f60' })
  workflowId: string;

  @ApiProperty({ example: 'T01' })
  township: string;

  @ApiProperty({ example: 'publicity' })
  stage: string;

  @ApiProperty({ example: 'urban' })
  scheme: string;

  @ApiProperty({ example: 'b7c1f9e2-4a1d-4c55-9d0e-2f7f6c3a9b10' })
  householdId: string;

  @ApiProperty({ example: true })
  overdue: boolean;

  @ApiPropertyOptional({ example: '2026-12-08T16:00:00.000Z', description: 'When the current stage becomes overdue' })
  stageDeadline?: string;

  @ApiProperty({ example: 'RUNNING', description: 'Temporal execution status' })
  status: string;

  @ApiProperty({ example: '2026-11-30T02:00:00.000Z' })
  startedAt: string;
}

export class CaseListDto {
  @ApiProperty({ type: [CaseSummaryDto] })
  items: CaseSummaryDto[];

  @ApiPropertyOptional({ description: 'Pass as pageToken for the next page; absent on the last page' })
  nextPageToken?: string;
}

/** The case as the workflow's `caseState` query returns it (see CaseView in libs/contracts). */
export const CASE_VIEW_EXAMPLE = {
  caseId: '0f8b7a52-7a3e-4d8e-9a61-1b2c3d4e5f60',
  workflowId: 'dibao-case-0f8b7a52-7a3e-4d8e-9a61-1b2c3d4e5f60',
  householdId: 'b7c1f9e2-4a1d-4c55-9d0e-2f7f6c3a9b10',
  township: 'T01',
  scheme: 'urban',
  applicant: { kind: 'head' },
  claimedMonthlyIncomeFen: 12000,
  registeredSeparately: false,
  stage: 'investigation',
  waitingFor: 'the investigation record (two investigators, incomes, assets, data check)',
  submittedAt: '2026-11-30T02:00:00.000Z',
  acceptedOn: '2026-11-30',
  missingMaterials: [],
  stageDeadline: { stage: 'investigation', dueOn: '2026-12-03', overdueAt: '2026-12-03T16:00:00.000Z', kind: 'working-days' },
  overallDeadline: { dueOn: '2027-01-12', workingDays: 30, extended: false },
  overdue: false,
  overdueMarks: [],
  dataCheckContested: false,
  recheckPending: false,
  appraisalRequired: true,
  objections: [],
  householdVisitRequired: false,
  history: [
    {
      seq: 1,
      at: '2026-11-30T02:00:00.000Z',
      actor: { id: 'cw-zhao', role: 'caseworker', township: 'T01' },
      action: 'submit',
      stage: 'application',
      summary: 'application submitted',
    },
    {
      seq: 2,
      at: '2026-11-30T03:10:00.000Z',
      actor: { id: 'cw-zhao', role: 'caseworker', township: 'T01' },
      action: 'acceptApplication',
      stage: 'application',
      summary: 'application accepted',
    },
  ],
};
