import { CASE_WORKFLOW_TYPE } from '@dibao/contracts';

export interface CaseListFilter {
  township?: string;
  stage?: string;
  scheme?: string;
  overdue?: boolean;
}

/**
 * The visibility query of the case list, e.g.
 * `WorkflowType = 'caseWorkflow' AND DibaoTownship = 'T01' AND DibaoStage = 'publicity' AND DibaoOverdue = true`.
 * Values come validated from the DTO (identifiers and enums only); quotes are refused again here anyway.
 */
export function caseListQuery(filter: CaseListFilter): string {
  const clauses = [`WorkflowType = '${CASE_WORKFLOW_TYPE}'`];
  const keyword = (name: string, value: string | undefined) => {
    if (value === undefined) return;
    if (!/^[A-Za-z0-9_-]+$/.test(value)) throw new Error(`refusing ${name} value ${JSON.stringify(value)} in a visibility query`);
    clauses.push(`${name} = '${value}'`);
  };
  keyword('DibaoTownship', filter.township);
  keyword('DibaoStage', filter.stage);
  keyword('DibaoScheme', filter.scheme);
  if (filter.overdue !== undefined) clauses.push(`DibaoOverdue = ${filter.overdue}`);
  return clauses.join(' AND ');
}
