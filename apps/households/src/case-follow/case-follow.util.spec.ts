import { followCase } from './case-follow.util';

describe('followCase', () => {
  const registered = { status: 'registered' as const, openCaseId: null };
  const applying = { status: 'applicant' as const, openCaseId: 'c1' };

  it('makes a registered household an applicant with the submitted case open', () => {
    expect(followCase('case.submitted', registered, 'c1')).toEqual(expect.objectContaining({ kind: 'transition', to: 'applicant', openCaseId: 'c1' }));
  });

  it('lets an exited household apply again', () => {
    expect(followCase('case.submitted', { status: 'exited', openCaseId: null }, 'c2')).toMatchObject({ kind: 'transition', to: 'applicant' });
  });

  it('ignores a second open case with a warning', () => {
    expect(followCase('case.submitted', applying, 'c2')).toMatchObject({ kind: 'ignore', level: 'warn' });
  });

  it('ignores the same submission twice without a warning', () => {
    expect(followCase('case.submitted', applying, 'c1')).toMatchObject({ kind: 'ignore', level: 'log' });
  });

  it('ignores a new application from a beneficiary household', () => {
    expect(followCase('case.submitted', { status: 'beneficiary', openCaseId: null }, 'c3')).toMatchObject({ kind: 'ignore', level: 'warn' });
  });

  it.each([
    ['case.approved', 'beneficiary'],
    ['case.rejected', 'registered'],
    ['case.withdrawn', 'registered'],
  ] as const)('%s of the open case moves the household to %s and clears the case', (type, to) => {
    expect(followCase(type, applying, 'c1')).toMatchObject({ kind: 'transition', to, openCaseId: null });
  });

  it('ignores the outcome of a case that is not the open one', () => {
    expect(followCase('case.approved', applying, 'other')).toMatchObject({ kind: 'ignore', level: 'warn' });
    expect(followCase('case.rejected', registered, 'c1')).toMatchObject({ kind: 'ignore', level: 'log' });
  });

  it('a terminated benefit makes a beneficiary household exit; again changes nothing', () => {
    expect(followCase('beneficiary.terminated', { status: 'beneficiary', openCaseId: null }, 'c1')).toMatchObject({ kind: 'transition', to: 'exited', openCaseId: null });
    expect(followCase('beneficiary.terminated', { status: 'exited', openCaseId: null }, 'c1')).toMatchObject({ kind: 'ignore', level: 'log' });
    expect(followCase('beneficiary.terminated', { status: 'applicant', openCaseId: 'c2' }, 'c1')).toMatchObject({ kind: 'ignore', level: 'warn' });
  });
});
