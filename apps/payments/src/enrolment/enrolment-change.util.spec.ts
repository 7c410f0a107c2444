import { decideChange, EnrolmentTerms, mayCancelDraftPayments } from './enrolment-change.util';

const active: EnrolmentTerms = { status: 'active', monthlyAmountFen: 27000, persons: 3, payee: { kind: 'own-account' } };

describe('decideChange', () => {
  it('adjusts only what is given', () => {
    expect(decideChange(active, { kind: 'adjust', persons: 2 })).toEqual({ ok: true, versionKind: 'adjusted', next: { ...active, persons: 2 } });
    const proxy = { kind: 'proxy' as const, proxyName: '王五', entrustmentRef: 'WT-9' };
    expect(decideChange(active, { kind: 'adjust', payee: proxy })).toMatchObject({ ok: true, next: { payee: proxy, monthlyAmountFen: 27000 } });
  });

  it('refuses an adjustment without anything to adjust, or of a stopped enrolment', () => {
    expect(decideChange(active, { kind: 'adjust' })).toMatchObject({ ok: false, status: 422, code: 'nothing-to-adjust' });
    expect(decideChange({ ...active, status: 'stopped' }, { kind: 'adjust', persons: 1 })).toMatchObject({ ok: false, status: 409 });
  });

  it('suspends only an active enrolment and resumes only a suspended one', () => {
    expect(decideChange(active, { kind: 'suspend' })).toMatchObject({ ok: true, next: { status: 'suspended' } });
    expect(decideChange({ ...active, status: 'suspended' }, { kind: 'suspend' })).toMatchObject({ ok: false, code: 'enrolment-not-active' });
    expect(decideChange({ ...active, status: 'suspended' }, { kind: 'resume' })).toMatchObject({ ok: true, next: { status: 'active' } });
    expect(decideChange(active, { kind: 'resume' })).toMatchObject({ ok: false, code: 'enrolment-not-suspended' });
  });

  it('stops a suspended or active enrolment once', () => {
    expect(decideChange({ ...active, status: 'suspended' }, { kind: 'stop' })).toMatchObject({ ok: true, versionKind: 'stopped', next: { status: 'stopped' } });
    expect(decideChange({ ...active, status: 'stopped' }, { kind: 'stop' })).toMatchObject({ ok: false, status: 409 });
  });

  it('lets only stops and suspensions cancel payments of a run period', () => {
    expect(['adjust', 'suspend', 'resume', 'stop'].filter((k) => mayCancelDraftPayments(k as never))).toEqual(['suspend', 'stop']);
  });
});
