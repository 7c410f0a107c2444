import { dueBeneficiariesQuery, schemeBeneficiariesQuery } from './campaign.activities';

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

describe('schemeBeneficiariesQuery', () => {
  it('lists the running beneficiaries of a scheme, of one township, or only runs started since an instant', () => {
    expect(schemeBeneficiariesQuery('rural')).toBe(
      "WorkflowType = 'beneficiaryWorkflow' AND ExecutionStatus = 'Running' AND DibaoCaseKind = 'beneficiary' AND DibaoScheme = 'rural'",
    );
    expect(schemeBeneficiariesQuery('urban', 'T07', '2027-01-01T02:00:00.000Z')).toBe(
      "WorkflowType = 'beneficiaryWorkflow' AND ExecutionStatus = 'Running' AND DibaoCaseKind = 'beneficiary' AND DibaoScheme = 'urban' AND DibaoTownship = 'T07' AND StartTime >= '2027-01-01T02:00:00.000Z'",
    );
  });

  it('refuses values that could change the query', () => {
    expect(() => schemeBeneficiariesQuery("urban' OR 'x'='x" as 'urban')).toThrow();
    expect(() => schemeBeneficiariesQuery('urban', "T01' OR 'x'='x")).toThrow();
    expect(() => schemeBeneficiariesQuery('urban', undefined, "2027-01-01' OR 1=1")).toThrow();
  });
});
