import { startOfLocalDay, localDateAt, addDays, isLocalDate } from '@dibao/domain';
import { BENEFICIARY_WORKFLOW_TYPE, CASE_KIND_BENEFICIARY } from '@dibao/contracts';

export interface BeneficiaryListFilter {
  township?: string;
  scheme?: string;
  status?: string;
  overdue?: boolean;
  /** YYYY-MM-DD: the next review (or the open review) is due before this date. */
  reviewDueBefore?: string;
}

/**
 * The visibility query of the beneficiary list, e.g. `WorkflowType = 'beneficiaryWorkflow' AND DibaoCaseKind =
 * 'beneficiary' AND ExecutionStatus != 'ContinuedAsNew' AND DibaoTownship = 'T01' AND DibaoStageDeadline <
 * '2027-02-28T16:00:00.000Z'`. One row per household: a run that continued as new is left out (its successor is
 * listed). DibaoStageDeadline is 00:00 (China) of the next review's date, or, for an open review, of the day
 * after its due date (when it becomes overdue); so "due before D" is "deadline < 00:00 of D", or in stage review
 * "deadline < 00:00 of the day after D" (deadlines are midnights; `<` only: Temporal's SQL visibility does not
 * find an equal datetime with `<=`). Values come validated from the DTO; quotes are refused again here anyway.
 */
export function beneficiaryListQuery(filter: BeneficiaryListFilter): string {
  const clauses = [`WorkflowType = '${BENEFICIARY_WORKFLOW_TYPE}'`, `DibaoCaseKind = '${CASE_KIND_BENEFICIARY}'`, `ExecutionStatus != 'ContinuedAsNew'`];
  const keyword = (name: string, value: string | undefined) => {
    if (value === undefined) return;
    if (!/^[A-Za-z0-9_-]+$/.test(value)) throw new Error(`refusing ${name} value ${JSON.stringify(value)} in a visibility query`);
    clauses.push(`${name} = '${value}'`);
  };
  keyword('DibaoTownship', filter.township);
  keyword('DibaoScheme', filter.scheme);
  keyword('DibaoStage', filter.status);
  if (filter.overdue !== undefined) clauses.push(`DibaoOverdue = ${filter.overdue}`);
  if (filter.reviewDueBefore !== undefined) {
    if (!isLocalDate(filter.reviewDueBefore)) throw new Error(`refusing reviewDueBefore ${JSON.stringify(filter.reviewDueBefore)}`);
    const at = new Date(startOfLocalDay(filter.reviewDueBefore)).toISOString();
    const dayAfter = new Date(startOfLocalDay(addDays(filter.reviewDueBefore, 1))).toISOString();
    clauses.push(`((DibaoStage = 'review' AND DibaoStageDeadline < '${dayAfter}') OR (DibaoStage != 'review' AND DibaoStageDeadline < '${at}'))`);
  }
  return clauses.join(' AND ');
}

/**
 * The review date a list row shows, from its DibaoStageDeadline: an open review's due date is the day before
 * the deadline instant; otherwise the deadline is the next review's date.
 */
export function reviewDueOn(stage: string, stageDeadline: Date | undefined): string | undefined {
  if (!stageDeadline) return undefined;
  const day = localDateAt(stageDeadline.getTime());
  return stage === 'review' ? addDays(day, -1) : day;
}
