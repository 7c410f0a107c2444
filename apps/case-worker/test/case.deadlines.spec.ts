import { beneficiaryQueries, beneficiaryWorkflowId, caseSignals } from '@dibao/contracts';
import { addDays, createWorkingDayCalendar, daysBetween, DibaoPolicy, HOLIDAY_SCHEDULES, localDate } from '@dibao/domain';
import type { CaseStage, CaseView } from '@dibao/contracts';
import * as fs from 'fs';
import * as path from 'path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { bundleCaseWorkflows } from '../src/worker';
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

// As the workflow counts (since case-deadlines-v2): a year without a schedule has weekends and the fixed-date
// statutory holidays (1 January, 1–2 May, 1–3 October) off, and its deadlines are provisional.
const calendar = createWorkingDayCalendar(HOLIDAY_SCHEDULES, { missingYear: 'provisional' });
const chinaDayOf = (instant: string | number) => localDate(new Date(new Date(instant).getTime() + 8 * 3_600_000).toISOString().slice(0, 10));

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

  it('investigation (A art. 15): not started 3 working days after acceptance; the mark clears when the stage changes', async () => {
    const c = await h.submit();
    await c.step('acceptApplication', { actor: caseworker });
    await expectOverdueMarkedOnTime(c, 'investigation', 3);
    const next = await c.step('recordInvestigation', investigation());
    expect(next.stage).toBe('appraisal');
    expect(next.overdue).toBe(false);
    expect(await c.searchAttributes()).toMatchObject({ stage: 'appraisal', overdue: false });
  });

  it('A art. 15: starting the investigation meets its deadline; no finish deadline is enforced', async () => {
    const c = await h.submit();
    const accepted = await c.step('acceptApplication', { actor: caseworker });
    const acceptedOn = localDate(accepted.acceptedOn!);
    // By hand: 3 working days counted from the day after acceptance (e.g. accepted Friday 2026-12-04 → Monday 7,
    // Tuesday 8, Wednesday 9 December); the calendar is the same count.
    const dueOn = calendar.addWorkingDays(acceptedOn, 3);
    expect(accepted.investigationStart).toMatchObject({ countedFrom: acceptedOn, dueOn, workingDays: 3 });
    expect(accepted.stageDeadline).toMatchObject({ stage: 'investigation', dueOn });
    expect(accepted.waitingFor).toMatch(/start of the investigation/);

    const started = await c.step('startInvestigation', { actor: caseworker, investigators: ['inv-a', 'inv-b'] });
    expect(started.investigationStart).toMatchObject({ startedOn: await c.today(), startedBy: 'startInvestigation' });
    // The stage now has no deadline of its own (A sets none to finish; the whole case's 30 working days run on).
    expect(started.stageDeadline).toBeUndefined();
    expect((await c.searchAttributes()).stageDeadline).toBeUndefined();
    // Supervision learns the deadline was met (it knew it from case.stage-changed).
    expect(c.events('case.deadline-changed').map((e) => e.payload)).toEqual([
      expect.objectContaining({ stage: 'investigation', scope: 'stage', previous: dueOn, metOn: await c.today(), reason: 'started' }),
    ]);
    expect((await c.refused('startInvestigation', { actor: caseworker })).message).toMatch(/already started/);
    await c.step('startDataCheck', { actor: approver, reference: 'HC-2026-001' });

    // Past the day the old code marked it overdue: nothing.
    await h.server.sleepUntil(Date.parse(accepted.investigationStart!.overdueAt) + 60_000);
    const later = await c.state();
    expect(later).toMatchObject({ stage: 'investigation', overdue: false, overdueMarks: [] });
    expect(c.events('case.stage-overdue')).toEqual([]);

    await c.step('withdraw', { actor: caseworker, reason: 'end of the test' });
    await c.handle.result();
    await h.replay(c);
  });

  it('A art. 15: an investigation record with a failed data check shows the investigation started (no false overdue flag)', async () => {
    const c = await h.submit();
    const accepted = await c.step('acceptApplication', { actor: caseworker });
    const v = await c.step('recordInvestigation', investigation({ dataCheck: { result: 'failed', findings: 'a second vehicle' } }));
    // The case stays in investigation, waiting for the applicant to contest (A art. 18): the old code kept the
    // 3-working-day deadline running and marked the case overdue on the 4th working day.
    expect(v.stage).toBe('investigation');
    expect(v.investigationStart).toMatchObject({ startedOn: await c.today(), startedBy: 'recordInvestigation' });
    expect(v.dataCheckStart).toMatchObject({ startedOn: await c.today(), startedBy: 'recordInvestigation' });
    expect(v.stageDeadline).toBeUndefined();
    expect(c.events('case.deadline-changed').map((e) => e.payload)).toEqual([
      expect.objectContaining({ scope: 'stage', previous: accepted.investigationStart!.dueOn, reason: 'started' }),
    ]);

    await h.server.sleepUntil(Date.parse(accepted.investigationStart!.overdueAt) + 60_000);
    expect(await c.state()).toMatchObject({ stage: 'investigation', overdue: false, overdueMarks: [] });

    await c.step('withdraw', { actor: caseworker });
    await c.handle.result();
    await h.replay(c);
  });

  it('A art. 17: the county’s data check has its own 3-working-day start deadline, marked on its own and met by startDataCheck', async () => {
    const c = await h.submit();
    const accepted = await c.step('acceptApplication', { actor: caseworker });
    const acceptedOn = localDate(accepted.acceptedOn!);
    await c.step('startInvestigation', { actor: caseworker });
    // By hand: as for the investigation, 3 working days from the day after acceptance.
    const dueOn = calendar.addWorkingDays(acceptedOn, 3);
    const check = (await c.state()).dataCheckStart!;
    expect(check).toMatchObject({ countedFrom: acceptedOn, dueOn, workingDays: 3 });
    expect(check.startedOn).toBeUndefined();

    await h.server.sleepUntil(Date.parse(check.overdueAt) - 60_000);
    expect((await c.state()).overdue).toBe(false);
    await h.server.sleepUntil(Date.parse(check.overdueAt) + 1_000);
    const late = await c.until((s) => s.overdue);
    expect(late.overdueMarks).toEqual([expect.objectContaining({ scope: 'data_check', stage: 'investigation', dueOn, daysLate: 1 })]);
    expect(c.events('case.stage-overdue').map((e) => e.payload)).toEqual([
      expect.objectContaining({ scope: 'data_check', stage: 'investigation', deadline: dueOn, daysLate: 1 }),
    ]);
    expect(await c.searchAttributes()).toMatchObject({ stage: 'investigation', overdue: true });

    // Started late: the flag clears, the mark stays in the record.
    const started = await c.step('startDataCheck', { actor: approver });
    expect(started).toMatchObject({ overdue: false, dataCheckStart: { startedOn: await c.today(), startedBy: 'startDataCheck' } });
    expect(started.overdueMarks).toHaveLength(1);
    expect(await c.searchAttributes()).toMatchObject({ overdue: false });
    expect((await c.refused('startDataCheck', { actor: approver })).message).toMatch(/already started/);

    await c.step('withdraw', { actor: caseworker });
    await c.handle.result();
    await h.replay(c);
  });

  it('publicity ends at 24:00 China time of its 7th day (the day of posting not counted), and ending then is not overdue', async () => {
    const c = await h.submit();
    const v = await c.toPublicity();
    // By hand: posted on China day D (any hour), the 7 days are D+1 … D+7 and the period ends at 24:00 of D+7,
    // i.e. 00:00 China time of D+8 (e.g. posted Monday 2026-03-02 10:00 → ends 2026-03-10 00:00 +08:00), not
    // 168 hours after posting.
    const postedOn = chinaDayOf(v.publicity!.startedAt);
    const endsAt = Date.parse(`${addDays(postedOn, 8)}T00:00:00+08:00`);
    expect(Date.parse(v.publicity!.endsAt)).toBe(endsAt);
    expect(v.stageDeadline).toMatchObject({ stage: 'publicity', dueOn: addDays(postedOn, 7), kind: 'calendar-days' });
    expect(Date.parse(v.stageDeadline!.overdueAt)).toBe(endsAt);

    await h.server.sleepUntil(endsAt - 60_000);
    expect((await c.state()).stage).toBe('publicity');
    await h.server.sleepUntil(endsAt + 1_000);
    const after = await c.until((s) => s.stage === 'township_review');
    // The period ending at its deadline's instant is not a late publicity.
    expect(after.overdueMarks).toEqual([]);
    expect(c.events('case.stage-overdue')).toEqual([]);

    await c.step('withdraw', { actor: caseworker });
    await c.handle.result();
    await h.replay(c);
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
    // Supervision hears of it: the whole case's deadline moved, with the reason.
    expect(c.events('case.deadline-changed').map((e) => e.payload)).toContainEqual(
      expect.objectContaining({ scope: 'overall', previous: '2099-01-14', deadline: '2099-02-04', reason: 'extended', note: 'the data check of a bank account is pending' }),
    );
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
    // 50 calendar days back (Saturday 2099-04-11): 45 would end the 30 working days on today itself, since 2099 has
    // no schedule and Friday 1 May is counted as the fixed-date Labour Day holiday.
    const acceptedOn = addDays(today, -50);
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

    // Acceptance in the system keeps the paper date, the overall deadline and its mark (no second overall mark).
    // A arts. 15 and 17: the investigation and the county's data check start within 3 working days of the paper
    // acceptance (not of the day it was entered in the system): long past, both are marked overdue at once.
    const accepted = await c.step('acceptApplication', { actor: caseworker });
    expect(accepted).toMatchObject({ stage: 'investigation', acceptedOn, overdue: true, overallDeadline: { dueOn, extended: false } });
    const startDue = calendar.addWorkingDays(acceptedOn, 3);
    expect(accepted.stageDeadline?.dueOn).toBe(startDue);
    expect(accepted.investigationStart).toMatchObject({ countedFrom: acceptedOn, dueOn: startDue });
    expect(accepted.dataCheckStart).toMatchObject({ countedFrom: acceptedOn, dueOn: startDue });
    const marked = await c.until((s) => s.overdueMarks.length === 3);
    expect(marked.overdueMarks.map((m) => [m.scope, m.stage, m.dueOn])).toEqual([
      ['overall', 'application', dueOn],
      ['stage', 'investigation', startDue],
      ['data_check', 'investigation', startDue],
    ]);
    expect(await c.searchAttributes()).toMatchObject({ stage: 'investigation', overdue: true });
    // Extended once: 45 working days from the paper date.
    const extended = await c.step('extendDeadline', { actor: approver, reason: 'the bank data check is pending' });
    expect(extended.overallDeadline).toMatchObject({ dueOn: calendar.addWorkingDays(acceptedOn, 45), workingDays: 45, extended: true });
    expect(c.events('case.stage-overdue')).toHaveLength(3);
    // The paper file shows the visit began the day after acceptance: the start is recorded with that date.
    expect((await c.refused('startInvestigation', { actor: caseworker, startedOn: addDays(acceptedOn, -1) })).message).toMatch(/before the acceptance/);
    const started = await c.step('startInvestigation', { actor: caseworker, startedOn: addDays(acceptedOn, 1) });
    expect(started).toMatchObject({ overdue: true, investigationStart: { startedOn: addDays(acceptedOn, 1) } }); // the data check is still late
    expect(await c.step('startDataCheck', { actor: approver })).toMatchObject({ overdue: false });

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

describe('the holiday calendar comes through the case’s history and can change under a running case (issue 18 item 5)', () => {
  const chinaMidnight = (date: string) => Date.parse(`${date}T00:00:00+08:00`);
  // Test data, not a State Council notice: National Day leave Thursday 1 to Wednesday 7 October 2099, Saturday
  // 10 October worked.
  const nationalDay2099 = { year: 2099, source: 'test data', holidays: [{ name: '国庆节', from: '2099-10-01', to: '2099-10-07' }], makeUpWorkdays: ['2099-10-10'] };

  it('counts a year without a schedule provisionally, and recounts open deadlines when calendarChanged brings the year', async () => {
    // Tuesday 2099-09-29, 10:00 China time (after the tests above: time only moves forward).
    await h.server.sleepUntil(chinaMidnight('2099-09-29') + 10 * 3_600_000);
    const c = await h.submit();
    const accepted = await c.step('acceptApplication', { actor: caseworker });
    // A art. 15, provisional count by hand (2099 has no schedule; 1 January 2099 is a Thursday, so 1 October is
    // too): Wednesday 30 September (1); 1–3 October are fixed-date holidays, 4 October a Sunday; Monday 5 (2),
    // Tuesday 6 October (3).
    expect(accepted.stageDeadline).toMatchObject({ stage: 'investigation', dueOn: '2099-10-06', provisional: true });
    expect(accepted.investigationStart).toMatchObject({ dueOn: '2099-10-06', provisional: true });
    expect(accepted.dataCheckStart).toMatchObject({ dueOn: '2099-10-06', provisional: true });
    expect(accepted.overallDeadline).toMatchObject({ dueOn: '2099-11-12', provisional: true });
    expect(accepted.holidayYearsMissing).toEqual([2099]);

    // The provisional deadline passes: marked.
    await h.server.sleepUntil(chinaMidnight('2099-10-07') + 1_000);
    const late = await c.until((s) => s.overdueMarks.length === 2);
    expect(late.overdueMarks.map((m) => [m.scope, m.dueOn])).toEqual([
      ['stage', '2099-10-06'],
      ['data_check', '2099-10-06'],
    ]);

    // The county loads 2099: every schedule the case should count with, as the signal's payload (in history).
    await c.handle.signal(caseSignals.calendarChanged, {
      schedules: [...HOLIDAY_SCHEDULES, nationalDay2099],
      changedBy: { id: 'admin-1', role: 'admin' },
      reason: '2099 notice loaded',
    });
    // Recount by hand: Wednesday 30 September (1); 1–7 October off; Thursday 8 (2), Friday 9 October (3).
    const recounted = await c.until((s) => s.stageDeadline?.dueOn === '2099-10-09');
    expect(recounted.stageDeadline?.provisional).toBeUndefined();
    expect(recounted.investigationStart).toMatchObject({ dueOn: '2099-10-09' });
    expect(recounted.dataCheckStart).toMatchObject({ dueOn: '2099-10-09' });
    expect(recounted.overallDeadline?.provisional).toBeUndefined();
    expect(recounted.holidayYearsMissing).toBeUndefined();
    // Not late any more (the marks stay in the record with the dates they had).
    expect(recounted.overdue).toBe(false);
    expect(recounted.overdueMarks).toHaveLength(2);
    expect(recounted.history.at(-1)).toMatchObject({ action: 'calendarChanged', actor: { id: 'admin-1' } });
    expect(recounted.history.at(-1)?.summary).toMatch(/investigation deadline 2099-10-06 → 2099-10-09/);
    expect((await c.searchAttributes()).stageDeadline?.toISOString()).toBe(new Date(chinaMidnight('2099-10-10')).toISOString());
    // Each recounted deadline is told to supervision. The whole case's 30 working days (A art. 22) from Tuesday
    // 29 September, by hand. Provisionally: 30 Sep (1); 1–4 Oct off; 5–9 Oct (6), 12–16 (11), 19–23 (16), 26–30 (21),
    // 2–6 Nov (26), 9–12 Nov (30) → Thursday 12 November. With the loaded schedule: 30 Sep (1); 1–7 Oct off; 8, 9 and
    // Saturday 10 Oct worked (4); 12–16 (9), 19–23 (14), 26–30 (19), 2–6 Nov (24), 9–13 (29), Monday 16 November (30).
    const deadlineChanges = c.events('case.deadline-changed').map((e) => e.payload as { scope: string; previous: string; deadline?: string });
    expect(deadlineChanges).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ scope: 'stage', stage: 'investigation', previous: '2099-10-06', deadline: '2099-10-09', reason: 'calendar-changed' }),
        expect.objectContaining({ scope: 'data_check', previous: '2099-10-06', deadline: '2099-10-09', reason: 'calendar-changed' }),
        expect.objectContaining({ scope: 'overall', previous: '2099-11-12', deadline: '2099-11-16', reason: 'calendar-changed' }),
      ]),
    );

    // The recounted deadline passes too: marked again, with its new date.
    await h.server.sleepUntil(chinaMidnight('2099-10-10') + 1_000);
    const lateAgain = await c.until((s) => s.overdueMarks.length === 4);
    expect(lateAgain.overdueMarks.slice(2).map((m) => [m.scope, m.dueOn])).toEqual([
      ['stage', '2099-10-09'],
      ['data_check', '2099-10-09'],
    ]);

    await c.step('withdraw', { actor: caseworker });
    await c.handle.result();
    // The replay counts with the schedules in the history, whatever the worker's data says now.
    await h.replay(c);
  });
});

describe('cases started before case-deadlines-v2 replay unchanged', () => {
  // Histories recorded with the code before the patch (commit 0522474, on the test server): a failed data check
  // marked overdue at the old *finish* deadline of the investigation, a 168-hour publicity, the overall deadline
  // counted weekends-only into 2027 (2027-01-15) and marked; a paper application whose investigation deadline
  // counted from the day it was recorded. The new code must take exactly the same decisions for them.
  it.each(['failed-check-into-2027', 'paper-application'])('%s', async (name) => {
    const bytes = fs.readFileSync(path.join(__dirname, 'fixtures', 'case-before-deadlines-v2', `${name}.history.bin`));
    const history = temporal.api.history.v1.History.decode(bytes);
    const workflowId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowId ?? undefined;
    await Worker.runReplayHistory({ workflowBundle: await replayBundle() }, history, workflowId ?? 'replay');
  });
});

let bundled: ReturnType<typeof bundleCaseWorkflows> | undefined;
function replayBundle() {
  bundled ??= bundleCaseWorkflows();
  return bundled;
}
