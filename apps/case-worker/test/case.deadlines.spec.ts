import { beneficiaryQueries, beneficiaryWorkflowId } from '@dibao/contracts';
import { addDays, createWorkingDayCalendar, daysBetween, DibaoPolicy, HOLIDAY_SCHEDULES, localDate } from '@dibao/domain';
import type { CaseStage, CaseView } from '@dibao/contracts';
import { approver, CaseHarness, caseworker, CaseUnderTest, investigation, passingTally, reviewer } from './case-harness';

// Deadlines on the Temporal Java test server: time stands still until a test sleeps, so every overdue mark is
// checked one minute before and one second after its instant.
jest.setTimeout(120_000);

let h: CaseHarness;
beforeAll(async () => {
  h = await CaseHarness.start();
}, 600_000);
afterAll(async () => {
  await h?.stop();
});

/** A county that sets internal targets of 2 working days for the two stages without a legal deadline. */
const withInternalTargets = (p: DibaoPolicy): DibaoPolicy => ({
  ...p,
  internalSlaWorkingDays: [{ effectiveFrom: localDate('2021-07-01'), value: { application: 2, township_review: 2 } }],
});

const calendar = createWorkingDayCalendar(HOLIDAY_SCHEDULES, { missingYear: 'weekends-only' });

async function expectOverdueMarkedOnTime(c: CaseUnderTest, stage: CaseStage, workingDays?: number): Promise<CaseView> {
  const v = await c.state();
  expect(v.stage).toBe(stage);
  const deadline = v.stageDeadline!;
  expect(deadline.stage).toBe(stage);
  if (workingDays !== undefined) {
    const enteredOn = localDate(new Date(Date.parse(v.history.at(-1)!.at) + 8 * 3_600_000).toISOString().slice(0, 10));
    expect(deadline.dueOn).toBe(calendar.addWorkingDays(enteredOn, workingDays));
  }
  expect((await c.searchAttributes()).stageDeadline?.toISOString()).toBe(deadline.overdueAt);

  await h.server.sleepUntil(Date.parse(deadline.overdueAt) - 60_000);
  expect((await c.state()).overdue).toBe(false);
  await h.server.sleepUntil(Date.parse(deadline.overdueAt) + 1_000);
  const after = await c.until((s) => s.overdue);

  expect(after.stage).toBe(stage); // it keeps waiting
  expect(after.overdueMarks).toContainEqual(expect.objectContaining({ scope: 'stage', stage, dueOn: deadline.dueOn, daysLate: 1 }));
  const event = c.events('case.stage-overdue').find((e) => (e.payload as { stage: string }).stage === stage);
  expect(event?.payload).toMatchObject({ stage, deadline: deadline.dueOn, daysLate: 1, scope: 'stage' });
  expect(event?.actor.role).toBe('system');
  expect(await c.searchAttributes()).toMatchObject({ stage, overdue: true });
  return after;
}

describe('overdue marking at each stage', () => {
  it('application (the county’s internal target of 2 working days)', async () => {
    const c = await h.submit({}, { policy: withInternalTargets });
    await expectOverdueMarkedOnTime(c, 'application', 2);
  });

  it('investigation: 3 working days after acceptance; the mark clears when the stage changes', async () => {
    const c = await h.submit();
    await c.step('acceptApplication', { actor: caseworker });
    await expectOverdueMarkedOnTime(c, 'investigation', 3);
    const next = await c.step('recordInvestigation', investigation());
    expect(next.stage).toBe('appraisal');
    expect(next.overdue).toBe(false);
    expect(await c.searchAttributes()).toMatchObject({ stage: 'appraisal', overdue: false });
  });

  it('democratic appraisal: 5 working days after the investigation', async () => {
    const c = await h.submit();
    await c.step('acceptApplication', { actor: caseworker });
    await c.step('recordInvestigation', investigation());
    await expectOverdueMarkedOnTime(c, 'appraisal', 5);
  });

  it('publicity: 7 calendar days, overdue when an open objection holds it past its end', async () => {
    const c = await h.submit();
    const v = await c.toPublicity();
    expect(v.stageDeadline?.kind).toBe('calendar-days');
    await c.step('fileObjection', { actor: caseworker, summary: 'undeclared pension' });
    await expectOverdueMarkedOnTime(c, 'publicity');
  });

  it('township review (internal target of 2 working days)', async () => {
    const c = await h.submit({}, { policy: withInternalTargets });
    await c.toPublicity();
    await c.throughPublicity();
    await expectOverdueMarkedOnTime(c, 'township_review', 2);
  });

  it('county approval: 10 working days', async () => {
    const c = await h.submit();
    await c.toPublicity();
    await c.throughPublicity();
    await c.step('townshipReview', { actor: reviewer, decision: 'approve', opinion: 'eligible' });
    await expectOverdueMarkedOnTime(c, 'county_approval', 10);
    // Overdue does not block the decision.
    expect((await c.step('countyDecision', { actor: approver, decision: 'approve' })).stage).toBe('approved');
    // The approval started the household's beneficiary workflow. The Java test server gives every workflow a
    // 10-year execution timeout (a real server: none), and its time skipping stalls when that timeout fires
    // during the next test's 72-year jump: end the beneficiary here, it is not what this file tests.
    await c.handle.result();
    const beneficiary = h.server.client.workflow.getHandle(beneficiaryWorkflowId(`hh-${c.caseId.slice(0, 8)}`));
    // Only once its first workflow task (with the local activity reading raised standards) has completed: the
    // test server's time skipping stays locked forever for a task still in flight when its workflow is terminated.
    for (let i = 0; ; i++) {
      const ok = await beneficiary.query(beneficiaryQueries.beneficiaryState).then(
        (v) => v.timeline.length > 0,
        () => false,
      );
      if (ok) break;
      if (i > 200) throw new Error('the beneficiary workflow did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
    await beneficiary.terminate('not under test here');
  });
});

describe('the whole case: 30 working days, extendable once to 45', () => {
  // Far in the future, in a year the library has no holiday data for: the schedule below is test data passed as
  // the worker's extraHolidaySchedules (New Year's Day leave Thursday 2099-01-01 to Saturday 2099-01-03).
  const holiday2099 = { year: 2099, source: 'test data', holidays: [{ name: '元旦', from: '2099-01-01', to: '2099-01-03' }], makeUpWorkdays: [] };
  const chinaMidnight = (date: string) => Date.parse(`${date}T00:00:00+08:00`);

  it('counts across a holiday, marks the case overdue, and counts to 45 after one extension', async () => {
    // Acceptance on Monday 2098-12-01 (China time).
    await h.server.sleepUntil(chinaMidnight('2098-12-01') + 3_600_000);
    const c = await h.submit({}, { extraHolidaySchedules: [holiday2099] });
    const accepted = await c.step('acceptApplication', { actor: caseworker });
    expect(accepted.acceptedOn).toBe('2098-12-01');
    // 30 working days: 23 in December, then Thursday and Friday 1–2 January are days off: Wednesday 14 January
    // (a weekends-only count would give Monday 12 January).
    expect(accepted.overallDeadline).toMatchObject({ dueOn: '2099-01-14', workingDays: 30, extended: false });
    // Keep the case moving so that only the overall deadline is late.
    await c.step('recordInvestigation', investigation());
    await c.step('recordAppraisal', { actor: caseworker, meetingOn: await c.today(), tally: passingTally });
    await c.throughPublicity();
    await c.step('townshipReview', { actor: reviewer, decision: 'approve', opinion: 'eligible' });

    await h.server.sleepUntil(chinaMidnight('2099-01-15') - 60_000);
    expect((await c.state()).overdueMarks.filter((m) => m.scope === 'overall')).toEqual([]);
    await h.server.sleepUntil(chinaMidnight('2099-01-15') + 1_000);
    const late = await c.until((s) => s.overdueMarks.some((m) => m.scope === 'overall'));
    expect(late.overdue).toBe(true);
    expect(c.events('case.stage-overdue').map((e) => e.payload)).toContainEqual(
      expect.objectContaining({ scope: 'overall', deadline: '2099-01-14', stage: 'county_approval' }),
    );

    const extended = await c.step('extendDeadline', { actor: approver, reason: 'the data check of a bank account is pending' });
    // 45 working days: Wednesday 4 February 2099.
    expect(extended.overallDeadline).toMatchObject({ dueOn: '2099-02-04', workingDays: 45, extended: true });
    expect((await c.refused('extendDeadline', { actor: approver, reason: 'again' })).message).toMatch(/only once/);

    await h.server.sleepUntil(chinaMidnight('2099-02-05') + 1_000);
    const later = await c.until((s) => s.overdueMarks.filter((m) => m.scope === 'overall').length === 2);
    expect(later.overdueMarks.filter((m) => m.scope === 'overall').map((m) => m.dueOn)).toEqual(['2099-01-14', '2099-02-04']);
  });
});

describe('a paper application accepted earlier, recorded now (补录)', () => {
  const chinaMidnight = (date: string) => Date.parse(`${date}T00:00:00+08:00`);
  const serverToday = async () => localDate(new Date((await h.server.now()) + 8 * 3_600_000).toISOString().slice(0, 10));

  it('counts the whole case from acceptedOn and marks it overdue at once when that deadline has passed', async () => {
    // A fixed day after the tests above (time only moves forward): Monday 2099-06-01, 10:00 China time.
    await h.server.sleepUntil(chinaMidnight('2099-06-01') + 10 * 3_600_000);
    const today = await serverToday();
    const acceptedOn = addDays(today, -45);
    const dueOn = calendar.addWorkingDays(acceptedOn, 30);
    expect(dueOn < today).toBe(true);
    const startedAt = await h.server.now();

    const c = await h.submit({ acceptedOn });
    // No sleep: the workflow's own timer logic marks it in its first turn of the loop.
    const v = await c.until((s) => s.overdue);
    expect(await h.server.now()).toBeLessThan(startedAt + 60_000);
    expect(v.stage).toBe('application');
    expect(v.acceptedOn).toBe(acceptedOn);
    expect(v.overallDeadline).toMatchObject({ dueOn, workingDays: 30, extended: false });
    expect(v.overdueMarks).toEqual([expect.objectContaining({ scope: 'overall', stage: 'application', dueOn, daysLate: daysBetween(dueOn, today) })]);
    const overdue = c.events('case.stage-overdue');
    expect(overdue.map((e) => e.payload)).toEqual([expect.objectContaining({ scope: 'overall', stage: 'application', deadline: dueOn })]);
    expect(overdue[0].actor.role).toBe('system');
    // case.submitted keeps the day the case entered the system (its envelope's occurredAt, as supervision reads it).
    expect(c.events('case.submitted')[0].payload).toMatchObject({ submittedOn: today });
    expect(await c.searchAttributes()).toMatchObject({ stage: 'application', overdue: true });

    // Acceptance in the system keeps the paper date, the overall deadline and its mark (no second mark); the
    // investigation's own 3 working days run from today.
    const accepted = await c.step('acceptApplication', { actor: caseworker });
    expect(accepted).toMatchObject({ stage: 'investigation', acceptedOn, overdue: true, overallDeadline: { dueOn, extended: false } });
    expect(accepted.stageDeadline?.dueOn).toBe(calendar.addWorkingDays(today, 3));
    expect(await c.searchAttributes()).toMatchObject({ stage: 'investigation', overdue: true });
    // Extended once: 45 working days from the paper date.
    const extended = await c.step('extendDeadline', { actor: approver, reason: 'the bank data check is pending' });
    expect(extended.overallDeadline).toMatchObject({ dueOn: calendar.addWorkingDays(acceptedOn, 45), workingDays: 45, extended: true });
    expect(c.events('case.stage-overdue')).toHaveLength(1);

    await c.step('withdraw', { actor: caseworker, reason: 'end of the test' });
    await c.handle.result();
    await h.replay(c);
  });

  it('counts the application stage from acceptedOn (internal target) and the whole case’s timer from it too', async () => {
    const today = await serverToday();
    const acceptedOn = addDays(today, -10);
    const stageDue = calendar.addWorkingDays(acceptedOn, 2);
    const overallDue = calendar.addWorkingDays(acceptedOn, 30);

    const c = await h.submit({ acceptedOn }, { policy: withInternalTargets });
    const v = await c.until((s) => s.overdue);
    expect(v.stageDeadline).toMatchObject({ stage: 'application', dueOn: stageDue });
    expect(v.overdueMarks).toEqual([expect.objectContaining({ scope: 'stage', stage: 'application', dueOn: stageDue, daysLate: daysBetween(stageDue, today) })]);
    expect(c.events('case.stage-overdue').map((e) => e.payload)).toEqual([
      expect.objectContaining({ scope: 'stage', stage: 'application', deadline: stageDue }),
    ]);
    expect(await c.searchAttributes()).toMatchObject({ stage: 'application', overdue: true });
    expect(v.overallDeadline?.dueOn).toBe(overallDue);

    // The overall deadline, still ahead, is a timer from the paper date.
    await h.server.sleepUntil(chinaMidnight(addDays(overallDue, 1)) - 60_000);
    expect((await c.state()).overdueMarks.filter((m) => m.scope === 'overall')).toEqual([]);
    await h.server.sleepUntil(chinaMidnight(addDays(overallDue, 1)) + 1_000);
    const late = await c.until((s) => s.overdueMarks.some((m) => m.scope === 'overall'));
    expect(late.overdueMarks.find((m) => m.scope === 'overall')).toMatchObject({ dueOn: overallDue, daysLate: 1 });

    await c.step('withdraw', { actor: caseworker });
    await c.handle.result();
    await h.replay(c);
  });
});
