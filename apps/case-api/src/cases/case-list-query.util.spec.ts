import { caseListQuery } from './case-list-query.util';

describe('caseListQuery', () => {
  it('lists every case without filters', () => {
    expect(caseListQuery({})).toBe("WorkflowType = 'caseWorkflow'");
  });

  it('combines township, stage, scheme and overdue', () => {
    expect(caseListQuery({ township: 'T01', stage: 'publicity', scheme: 'rural', overdue: true })).toBe(
      "WorkflowType = 'caseWorkflow' AND DibaoTownship = 'T01' AND DibaoStage = 'publicity' AND DibaoScheme = 'rural' AND DibaoOverdue = true",
    );
  });

  it('refuses a value that would break out of the quotes', () => {
    expect(() => caseListQuery({ township: "T01' OR 'a' = 'a" })).toThrow(/refusing/);
  });
});
