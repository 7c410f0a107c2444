import { beneficiaryListQuery, reviewDueOn } from './beneficiary-list-query.util';

describe('beneficiaryListQuery', () => {
  const base = "WorkflowType = 'beneficiaryWorkflow' AND DibaoCaseKind = 'beneficiary' AND ExecutionStatus != 'ContinuedAsNew'";

  it('lists every beneficiary once (not the runs that continued as new) without filters', () => {
    expect(beneficiaryListQuery({})).toBe(base);
  });

  it('combines township, scheme, status, overdue and "review due before" (an open review’s deadline is the day after its due date)', () => {
    expect(beneficiaryListQuery({ township: 'T01', scheme: 'rural', status: 'review', overdue: true, reviewDueBefore: '2027-03-01' })).toBe(
      `${base} AND DibaoTownship = 'T01' AND DibaoScheme = 'rural' AND DibaoStage = 'review' AND DibaoOverdue = true AND ` +
        "((DibaoStage = 'review' AND DibaoStageDeadline < '2027-03-01T16:00:00.000Z') OR (DibaoStage != 'review' AND DibaoStageDeadline < '2027-02-28T16:00:00.000Z'))",
    );
  });

  it('refuses a value that would break out of the quotes, and a date that is not one', () => {
    expect(() => beneficiaryListQuery({ township: "T01' OR 'a' = 'a" })).toThrow(/refusing/);
    expect(() => beneficiaryListQuery({ reviewDueBefore: "2027-02-30' OR 1=1" })).toThrow(/refusing/);
  });
});

describe('reviewDueOn', () => {
  it('is the next review date, or for an open review the day before its overdue instant', () => {
    const midnight = new Date('2027-02-28T16:00:00.000Z'); // 2027-03-01 00:00 in China
    expect(reviewDueOn('active', midnight)).toBe('2027-03-01');
    expect(reviewDueOn('review', midnight)).toBe('2027-02-28');
    expect(reviewDueOn('terminated', undefined)).toBeUndefined();
  });
});
