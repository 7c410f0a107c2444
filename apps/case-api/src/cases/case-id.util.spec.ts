import { caseIdFor, uuidV5 } from './case-id.util';

describe('case ids', () => {
  it('computes RFC 4122 name-based UUIDs (v5)', () => {
    // The RFC's DNS namespace example, as computed by Python's uuid.uuid5(uuid.NAMESPACE_DNS, 'python.org').
    expect(uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  it('gives the same household and application number the same id, and the next application another', () => {
    expect(caseIdFor('hh-1', 1)).toBe(caseIdFor('hh-1', 1));
    expect(caseIdFor('hh-1', 2)).not.toBe(caseIdFor('hh-1', 1));
    expect(caseIdFor('hh-2', 1)).not.toBe(caseIdFor('hh-1', 1));
  });
});
