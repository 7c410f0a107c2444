import { randomUUID } from 'crypto';
import { beneficiaryQueries, beneficiaryWorkflowId, CASE_WORKFLOW_TYPE, CaseRefusal, caseUpdates, caseWorkflowId } from '@dibao/contracts';
import { approver, CaseHarness, caseworker, investigation, passingTally, reviewer, T } from './case-harness';

// Workflow tests on the Temporal Java test server with time skipping (see time-skipping-server.ts).
jest.setTimeout(60_000);

let h: CaseHarness;
beforeAll(async () => {
  h = await CaseHarness.start();
}, 600_000);
afterAll(async () => {
  await h?.stop();
});

describe('case workflow: steps while the settings load', () => {
  it('takes a step that arrives before the settings are loaded (the handler waits), and refuses a wrong one clearly', async () => {
    // Two lookups time out (a loaded worker): the lookup outlasts the workflow task's heartbeat (80 % of 10 s), so
    // the task completes while the settings are still loading and the update arrives in an activation of its own.
    // With the old code (handlers registered after the lookup) Temporal rejected it: WorkflowUpdateFailedError,
    // a 500 in case-api.
    h.activities.slowSettingsLookups = 2;
    try {
      const caseId = randomUUID();
      const handle = await h.server.client.workflow.start(CASE_WORKFLOW_TYPE, {
        workflowId: caseWorkflowId(caseId),
        taskQueue: h.taskQueue,
        args: [{ caseId, householdId: `hh-${caseId.slice(0, 8)}`, township: T, scheme: 'urban', applicant: { kind: 'head' }, claimedMonthlyIncomeFen: 10_000, registeredSeparately: false, submittedBy: caseworker }],
      });
      // Sent at once: before the fix the update was rejected (no handler yet) and case-api answered 500.
      const early = handle.executeUpdate(caseUpdates.acceptApplication, { args: [{ actor: caseworker }] });
      const wrong = handle
        .executeUpdate(caseUpdates.countyDecision, { args: [{ actor: approver, decision: 'approve', opinion: 'too early' }] })
        .then(() => 'taken', (e: { cause?: { type?: string } }) => e.cause?.type);
      await expect(early).resolves.toMatchObject({ stage: 'investigation' });
      expect(await wrong).toBe(CaseRefusal.WrongStage);
    } finally {
      h.activities.slowSettingsLookups = 0;
    }
  });
});

describe('case workflow: the straight path', () => {
  it('goes from application to approval with the amount from libs/domain and every event', async () => {
    const c = await h.submit();
    expect((await c.state()).stage).toBe('application');
    expect(await c.searchAttributes()).toMatchObject({ stage: 'application', township: T, scheme: 'urban', overdue: false });

    await c.toPublicity();
    const inPublicity = await c.state();
    expect(inPublicity.stage).toBe('publicity');
    expect(inPublicity.appraisal?.passed).toBe(true);
    // DOMAIN.md (periods of days end at the end of their last day): posted on China day D, the 7 days are D+1 … D+7
    // (the day of posting not counted) and publicity ends at 24:00 of D+7 = 00:00 China time of D+8, not 168 hours on.
    const postedOn = new Date(Date.parse(inPublicity.publicity!.startedAt) + 8 * 3_600_000).toISOString().slice(0, 10);
    const endOfDay7 = Date.parse(`${postedOn}T00:00:00+08:00`) + 8 * 86_400_000;
    expect(Date.parse(inPublicity.publicity!.endsAt)).toBe(endOfDay7);

    // Publicity is a durable timer: one minute before its end the case is still there.
    await h.server.sleepUntil(Date.parse(inPublicity.publicity!.endsAt) - 60_000);
    expect((await c.state()).stage).toBe('publicity');
    await c.throughPublicity();
    // Township review has no deadline unless the county sets a target: no DibaoStageDeadline.
    expect((await c.searchAttributes()).stageDeadline).toBeUndefined();

    await c.step('townshipReview', { actor: reviewer, decision: 'approve', opinion: 'income verified, eligible' });
    const approved = await c.step('countyDecision', { actor: approver, decision: 'approve', opinion: 'approved' });

    expect(approved.stage).toBe('approved');
    // The case hands over to the household's beneficiary workflow (a child that outlives it).
    await expect(c.handle.result()).resolves.toMatchObject({ stage: 'approved' });
    const beneficiary = h.server.client.workflow.getHandle(beneficiaryWorkflowId(`hh-${c.caseId.slice(0, 8)}`));
    const b = await beneficiary.query(beneficiaryQueries.beneficiaryState);
    expect(b).toMatchObject({ stage: 'active', caseId: c.caseId, monthlyAmountFen: 20_000, persons: 2, township: T, fullStandardRule: 'household-differential' });
    expect((await beneficiary.describe()).status.name).toBe('RUNNING');
    // (150 yuan − 50 yuan per capita) × 2 members = 200 yuan a month.
    expect(approved.approval).toMatchObject({ monthlyAmountFen: 20_000, persons: 2, method: 'differential', standardFen: 15_000, fullStandardRule: 'household-differential' });
    expect(c.events().map((e) => e.type)).toEqual([
      'case.submitted',
      'case.stage-changed',
      'case.stage-changed',
      'case.stage-changed',
      'case.stage-changed',
      'case.stage-changed',
      'case.stage-changed',
      'case.approved',
    ]);
    const stages = c.events('case.stage-changed').map((e) => (e.payload as { to: string }).to);
    expect(stages).toEqual(['investigation', 'appraisal', 'publicity', 'township_review', 'county_approval', 'approved']);
    const event = c.events('case.approved')[0];
    expect(event.payload).toMatchObject({
      caseId: c.caseId,
      township: T,
      scheme: 'urban',
      monthlyAmountFen: 20_000,
      persons: 2,
      startPeriod: approved.approval!.startMonth,
      payee: { kind: 'own-account' },
    });
    expect(event.actor).toEqual(approver);
    // The history names every decision with its actor.
    expect(approved.history.map((e) => [e.action, e.actor.id])).toEqual(
      expect.arrayContaining([
        ['acceptApplication', caseworker.id],
        ['recordAppraisal', caseworker.id],
        ['townshipReview', reviewer.id],
        ['countyDecision', approver.id],
      ]),
    );
    expect(await c.searchAttributes()).toMatchObject({ stage: 'approved', overdue: false });
    await expect(c.handle.result()).resolves.toMatchObject({ stage: 'approved' });
    // The recorded history replays against the same code (determinism).
    await h.replay(c);
  });
});

describe('events', () => {
  it('a commit retried after a crash repeats the same event ids, so the outbox keeps each event once', async () => {
    const c = await h.submit();
    h.activities.failAfterWrite.add(c.caseId);
    const accepting = c.step('acceptApplication', { actor: caseworker });
    // The activity's retry waits on a server timer: move time past the first backoff.
    await c.until(() => h.activities.attempts.length > 0 && !h.activities.failAfterWrite.has(c.caseId));
    await h.server.sleep(5_000);
    await accepting;
    const ids = c.events('case.stage-changed').map((e) => e.eventId);
    expect(ids).toHaveLength(1);
    expect(h.activities.attempts.filter((id) => id === ids[0])).toHaveLength(2);
  });
});

describe('refused steps record nothing', () => {
  it('refuses county approval before township review with the current stage, and records nothing', async () => {
    const c = await h.submit();
    await c.step('acceptApplication', { actor: caseworker });
    const before = await c.state();
    const eventsBefore = c.events().length;
    const refusal = await c.refused('countyDecision', { actor: approver, decision: 'approve' });
    expect(refusal.type).toBe(CaseRefusal.WrongStage);
    expect(refusal.details.stage).toBe('investigation');
    expect(refusal.message).toMatch(/county approval/);
    expect(await c.state()).toEqual(before);
    expect(c.events()).toHaveLength(eventsBefore);
  });

  it('refuses a step by the wrong role or another township', async () => {
    const c = await h.submit();
    expect((await c.refused('acceptApplication', { actor: reviewer })).type).toBe(CaseRefusal.NotAllowed);
    const other = { ...caseworker, township: 'T99' };
    expect((await c.refused('acceptApplication', { actor: other })).type).toBe(CaseRefusal.NotAllowed);
    expect((await c.state()).stage).toBe('application');
  });

  it('refuses an investigation with one investigator, naming the field', async () => {
    const c = await h.submit();
    await c.step('acceptApplication', { actor: caseworker });
    const refusal = await c.refused('recordInvestigation', investigation({ investigators: ['only-one'] }));
    expect(refusal.type).toBe(CaseRefusal.InvalidStep);
    expect(refusal.details).toMatchObject({ field: 'investigators', rule: 'arrayMinSize' });
  });

  it('refuses a tally with more ballots than attendees or too few representatives', async () => {
    const c = await h.submit();
    await c.step('acceptApplication', { actor: caseworker });
    await c.step('recordInvestigation', investigation());
    const meetingOn = await c.today();
    const tooMany = await c.refused('recordAppraisal', { actor: caseworker, meetingOn, tally: { ...passingTally, attendees: 12 } });
    expect(tooMany.type).toBe(CaseRefusal.RuleRefused);
    expect(tooMany.message).toMatch(/15 ballots were counted but only 12 people attended/);
    const fewReps = await c.refused('recordAppraisal', { actor: caseworker, meetingOn, tally: { ...passingTally, villagerRepresentatives: 7 } });
    expect(fewReps.type).toBe(CaseRefusal.RuleRefused);
    expect(fewReps.message).toMatch(/7 .*representatives.*2\/3|2\/3.*7/);
    expect((await c.state()).appraisal).toBeUndefined();
  });
});

describe('application', () => {
  it('returns an application listing every missing material in one notice, then accepts it', async () => {
    const c = await h.submit();
    const returned = await c.step('returnApplication', { actor: caseworker, missingMaterials: ['hukou booklet', 'income certificate'] });
    expect(returned.stage).toBe('application');
    expect(returned.missingMaterials).toEqual(['hukou booklet', 'income certificate']);
    expect(c.events('case.application-returned')[0].payload).toMatchObject({ missingMaterials: ['hukou booklet', 'income certificate'] });
    const accepted = await c.step('acceptApplication', { actor: caseworker });
    expect(accepted.stage).toBe('investigation');
    expect(accepted.missingMaterials).toEqual([]);
    expect(accepted.overallDeadline?.workingDays).toBe(30);
  });
});

describe('investigation: the data check', () => {
  it('lets the applicant contest a failed check once; a passed recheck moves on', async () => {
    const c = await h.submit();
    await c.step('acceptApplication', { actor: caseworker });
    const failed = await c.step('recordInvestigation', investigation({ dataCheck: { result: 'failed', findings: 'a car registered' } }));
    expect(failed.stage).toBe('investigation');
    await c.step('contestDataCheck', { actor: caseworker, evidence: 'the car was sold in 2024, transfer certificate attached' });
    expect((await c.refused('contestDataCheck', { actor: caseworker, evidence: 'again' })).message).toMatch(/already been contested/);
    const rechecked = await c.step('recordRecheck', { actor: caseworker, result: 'passed', findings: 'transfer confirmed' });
    expect(rechecked.stage).toBe('appraisal');
    expect(rechecked.investigation?.dataCheck.result).toBe('passed');
  });

  it('a failed check that is not contested goes on, and the township may not approve it', async () => {
    const c = await h.submit();
    await c.step('acceptApplication', { actor: caseworker });
    await c.step('recordInvestigation', investigation({ dataCheck: { result: 'failed' } }));
    await c.step('concludeInvestigation', { actor: caseworker });
    await c.step('recordAppraisal', { actor: caseworker, meetingOn: await c.today(), tally: passingTally });
    await c.throughPublicity();
    const refusal = await c.refused('townshipReview', { actor: reviewer, decision: 'approve', opinion: 'ok' });
    expect(refusal.message).toMatch(/data check failed/);
  });
});

describe('democratic appraisal fails', () => {
  it('publicizes the failed appraisal; the township may then only reject, with a written notice due in 3 working days', async () => {
    const c = await h.submit();
    await c.step('acceptApplication', { actor: caseworker });
    await c.step('recordInvestigation', investigation());
    // 5 approve of the 10 ballots for or against is not more than half (the 2 abstentions count for neither side);
    // 9 of the 13 taking part are representatives (at least 2/3, B art. 22).
    const tally = { attendees: 13, villagerRepresentatives: 9, representativesTotal: 12, approve: 5, reject: 5, abstain: 2, invalid: 1 };
    const appraised = await c.step('recordAppraisal', { actor: caseworker, meetingOn: await c.today(), tally });
    expect(appraised.appraisal?.passed).toBe(false);
    expect(appraised.history.at(-1)?.details).not.toHaveProperty('votes');
    await c.throughPublicity();
    expect((await c.refused('townshipReview', { actor: reviewer, decision: 'approve', opinion: 'ok' })).message).toMatch(/did not pass/);
    const rejected = await c.step('townshipReview', { actor: reviewer, decision: 'reject', reasons: ['the village meeting did not approve'] });
    expect(rejected.stage).toBe('rejected');
    expect(rejected.rejection).toMatchObject({ stage: 'township_review', reasons: ['the village meeting did not approve'] });
    const event = c.events('case.rejected')[0];
    expect(event.payload).toMatchObject({ stage: 'township_review', reasons: ['the village meeting did not approve'] });
    const notice = h.activities.notices.find((n) => n.caseId === c.caseId)!;
    expect(notice.dueOn).toBe(rejected.rejection!.noticeDueOn);
    expect(notice.dueOn > notice.decidedOn).toBe(true);
  });
});

describe('publicity objections', () => {
  it('an unfounded objection lets the period continue; publicity does not end while an objection is open', async () => {
    const c = await h.submit();
    const v = await c.toPublicity();
    const filed = await c.step('fileObjection', { actor: caseworker, summary: 'the family runs a shop' });
    expect(filed.objections[0]).not.toHaveProperty('filedBy');
    await h.server.sleepUntil(Date.parse(v.publicity!.endsAt) + 60_000);
    expect((await c.state()).stage).toBe('publicity');
    const resolved = await c.step('resolveObjection', { actor: reviewer, objectionId: 'obj-1', finding: 'unfounded', note: 'the shop closed in 2023' });
    expect(resolved.objections[0].resolution?.finding).toBe('unfounded');
    const review = await c.until((s) => s.stage === 'township_review');
    expect(review.householdVisitRequired).toBe(true);
  });

  it('a substantiated objection sends the case back to investigation, then appraisal and a new publicity', async () => {
    const c = await h.submit();
    await c.toPublicity();
    await c.step('fileObjection', { actor: caseworker, summary: 'a son works in the city', filedBy: 'neighbour' });
    const back = await c.step('resolveObjection', {
      actor: reviewer,
      objectionId: 'obj-1',
      finding: 'substantiated',
      note: 'the son earns 3000 yuan a month',
    });
    expect(back.stage).toBe('investigation');
    expect(back.investigation).toBeUndefined();
    await c.step('recordInvestigation', investigation());
    const appraisal = await c.state();
    expect(appraisal.stage).toBe('appraisal');
    const second = await c.step('recordAppraisal', { actor: caseworker, meetingOn: await c.today(), tally: passingTally });
    expect(second.stage).toBe('publicity');
    expect(second.publicity?.round).toBe(2);
    await c.throughPublicity();
    await c.step('townshipReview', { actor: reviewer, decision: 'approve', opinion: 'rechecked' });
    // A case with objections needs a household visit before county approval (A art. 20).
    expect((await c.refused('countyDecision', { actor: approver, decision: 'approve' })).message).toMatch(/household visit/);
    await c.step('recordHouseholdVisit', { actor: approver, visitedOn: await c.today(), visitors: ['ca-1', 'ca-2'], findings: 'confirmed' });
    expect((await c.step('countyDecision', { actor: approver, decision: 'approve' })).stage).toBe('approved');
    const toStages = c.events('case.stage-changed').map((e) => (e.payload as { to: string }).to);
    expect(toStages).toEqual([
      'investigation',
      'appraisal',
      'publicity',
      'investigation',
      'appraisal',
      'publicity',
      'township_review',
      'county_approval',
      'approved',
    ]);
    await h.replay(c);
  });

  it("under the 2021 rule ('after-objection') the appraisal is held only after a substantiated objection", async () => {
    const c = await h.submit({}, { APPRAISAL_POLICY: 'after-objection' });
    await c.step('acceptApplication', { actor: caseworker });
    const v = await c.step('recordInvestigation', investigation());
    expect(v.stage).toBe('publicity');
    await c.step('fileObjection', { actor: caseworker, summary: 'undeclared income' });
    await c.step('resolveObjection', { actor: reviewer, objectionId: 'obj-1', finding: 'substantiated', note: 'confirmed' });
    expect((await c.step('recordInvestigation', investigation())).stage).toBe('appraisal');
  });
});

describe('township review and county approval', () => {
  it('the township returns the case for re-investigation', async () => {
    const c = await h.submit();
    await c.toPublicity();
    await c.throughPublicity();
    const back = await c.step('townshipReview', { actor: reviewer, decision: 'return', opinion: 'assets not verified' });
    expect(back.stage).toBe('investigation');
    expect(back.investigation).toBeUndefined();
    expect(c.events('case.stage-changed').at(-1)?.payload).toMatchObject({ from: 'township_review', to: 'investigation', reason: 'assets not verified' });
  });

  it('the county rejects with reasons and a written notice is recorded', async () => {
    const c = await h.submit();
    await c.toPublicity();
    await c.throughPublicity();
    await c.step('townshipReview', { actor: reviewer, decision: 'approve', opinion: 'eligible' });
    expect((await c.refused('countyDecision', { actor: approver, decision: 'reject', reasons: [] })).details.field).toBe('reasons');
    const rejected = await c.step('countyDecision', { actor: approver, decision: 'reject', reasons: ['savings above the limit'] });
    expect(rejected.stage).toBe('rejected');
    expect(c.events('case.rejected')[0].payload).toMatchObject({ stage: 'county_approval', reasons: ['savings above the limit'] });
    expect(h.activities.notices.filter((n) => n.caseId === c.caseId)).toHaveLength(1);
    await expect(c.handle.result()).resolves.toMatchObject({ stage: 'rejected' });
  });

  it('a case registered separately needs a household visit before approval', async () => {
    const c = await h.submit({ registeredSeparately: true, relatedStaff: 'village cadre Li' });
    expect((await c.state()).householdVisitRequired).toBe(true);
    await c.toPublicity();
    await c.throughPublicity();
    await c.step('townshipReview', { actor: reviewer, decision: 'approve', opinion: 'eligible' });
    const refusal = await c.refused('countyDecision', { actor: approver, decision: 'approve' });
    expect(refusal.type).toBe(CaseRefusal.RuleRefused);
    expect(refusal.message).toMatch(/registered separately/);
    await c.step('recordHouseholdVisit', { actor: approver, visitedOn: await c.today(), visitors: ['ca-1'], findings: 'as declared' });
    const approved = await c.step('countyDecision', {
      actor: approver,
      decision: 'approve',
      payee: { kind: 'proxy', proxyName: 'Wang Fang', entrustmentRef: 'VC-2026-17' },
    });
    expect(approved.stage).toBe('approved');
    expect(c.events('case.submitted')[0].payload).toMatchObject({ registeredSeparately: true });
    expect(c.events('case.approved')[0].payload).toMatchObject({ payee: { kind: 'proxy', proxyName: 'Wang Fang' } });
  });

  it('refuses approval when the household income is not below the standard', async () => {
    const c = await h.submit();
    await c.step('acceptApplication', { actor: caseworker });
    await c.step('recordInvestigation', investigation({ incomes: [{ category: 'wages', amount: 40_000, period: 'monthly', memberId: 'm1' }] }));
    await c.step('recordAppraisal', { actor: caseworker, meetingOn: await c.today(), tally: passingTally });
    await c.throughPublicity();
    await c.step('townshipReview', { actor: reviewer, decision: 'approve', opinion: 'ok' });
    expect((await c.refused('countyDecision', { actor: approver, decision: 'approve' })).message).toMatch(/not below the standard/);
  });

  it('refuses approval when the assets are above the local limits', async () => {
    const c = await h.submit();
    await c.step('acceptApplication', { actor: caseworker });
    await c.step('recordInvestigation', investigation({ assets: { financialAssetsFen: 0, motorVehicles: 1, additionalDwellings: 0 } }));
    await c.step('recordAppraisal', { actor: caseworker, meetingOn: await c.today(), tally: passingTally });
    await c.throughPublicity();
    await c.step('townshipReview', { actor: reviewer, decision: 'approve', opinion: 'ok' });
    const refusal = await c.refused('countyDecision', { actor: approver, decision: 'approve' });
    expect(refusal.type).toBe(CaseRefusal.RuleRefused);
    expect(refusal.message).toMatch(/motor vehicle/);
  });
});

describe('withdrawal', () => {
  it('the applicant withdraws during the appraisal; nothing more is possible', async () => {
    const c = await h.submit();
    await c.step('acceptApplication', { actor: caseworker });
    await c.step('recordInvestigation', investigation());
    const withdrawn = await c.step('withdraw', { actor: caseworker, reason: 'found work' });
    expect(withdrawn.stage).toBe('withdrawn');
    expect(c.events('case.withdrawn')[0].payload).toMatchObject({ stage: 'appraisal', reason: 'found work' });
    await expect(c.handle.result()).resolves.toMatchObject({ stage: 'withdrawn' });
  });

  it('is refused after approval', async () => {
    const c = await h.submit();
    await c.toPublicity();
    await c.throughPublicity();
    await c.step('townshipReview', { actor: reviewer, decision: 'approve', opinion: 'ok' });
    await c.step('countyDecision', { actor: approver, decision: 'approve' });
    // The workflow has completed: a late update is refused by the server.
    await expect(c.step('withdraw', { actor: caseworker })).rejects.toThrow();
  });
});
