import { dueBeneficiariesQuery } from './campaign.activities';

describe('dueBeneficiariesQuery', () => {
  it('lists running beneficiaries due by the end of the day (China time), optionally of one township', () => {
    expect(dueBeneficiariesQuery('2027-03-31', 'T01')).toBe(
      "WorkflowType = 'beneficiaryWorkflow' AND ExecutionStatus = 'Running' AND DibaoCaseKind = 'beneficiary' AND DibaoStageDeadline < '2027-03-31T16:00:00.000Z' AND DibaoTownship = 'T01'",
    );
    expect(dueBeneficiariesQuery('2027-03-31')).not.toContain('DibaoTownship');
  });

  it('refuses what is not a date or a township id (no query injection)', () => {
    expect(() => dueBeneficiariesQuery("2027-03-31' OR 1=1")).toThrow();
    expect(() => dueBeneficiariesQuery('2027-03-31', "T01' OR 'x'='x")).toThrow();
  });
});
