import { assetLimitProblems, benefitStartMonth } from '@dibao/domain';
import { CaseApproved, CountyDecisionInput, RecordHouseholdVisitInput } from '@dibao/contracts';
import { approvalAmount } from '../case-amount';
import { refusal } from '../refusal';
import { requireStepInput } from '../step-validation';
import { Change, event } from './changes';
import type { CaseCore } from './core';
import { moveTo, reject } from './transitions';

/** County approval: the household visit where one is required (A art. 20), then the decision and the amount. */

export const recordHouseholdVisit = (c: CaseCore) => ({
  validate: (i: RecordHouseholdVisitInput) => {
    if (c.stage !== 'township_review' && c.stage !== 'county_approval') {
      throw c.wrongStage('record a household visit', 'county approval');
    }
    requireStepInput(c.stage, 'recordHouseholdVisit', i);
    if (i.visitedOn > c.today()) {
      throw refusal('InvalidStep', c.stage, 'visitedOn must not be in the future', { field: 'visitedOn', rule: 'notFuture' });
    }
  },
  apply: (i: RecordHouseholdVisitInput): Change[] => {
    c.view_.householdVisit = { visitedOn: i.visitedOn, visitors: [...i.visitors], findings: i.findings, recordedAt: c.nowIso(), by: i.actor };
    c.record(i.actor, 'recordHouseholdVisit', `household visited on ${i.visitedOn}`, { visitors: i.visitors });
    return [];
  },
});

export const countyDecision = (c: CaseCore) => ({
  validate: (i: CountyDecisionInput) => {
    c.requireStage('county_approval', 'record the county decision');
    requireStepInput(c.stage, 'countyDecision', i);
    if (i.decision === 'reject') return;
    if (c.view_.householdVisitRequired && !c.view_.householdVisit) {
      const why = c.view_.registeredSeparately ? 'the case is registered separately' : 'the case received objections';
      throw refusal('RuleRefused', c.stage, `a household visit must be recorded before approval: ${why} (A art. 20)`);
    }
    const amount = approvalAmountOf(c);
    const assets = c.view_.investigation?.assets;
    const tooMuch = assets ? assetLimitProblems(assets, amount.countedMembers, c.rules().assetLimits) : [];
    if (tooMuch.length > 0) {
      throw refusal('RuleRefused', c.stage, `the household's assets are above the local limits: ${tooMuch.join('; ')}; reject instead`);
    }
    if (!amount.eligible) {
      throw refusal(
        'RuleRefused',
        c.stage,
        `the household's per-capita income (${amount.perCapitaIncome} fen) is not below the standard (${amount.standard} fen): reject instead`,
      );
    }
  },
  apply: (i: CountyDecisionInput): Change[] => {
    if (i.decision === 'reject') {
      c.record(i.actor, 'countyDecision', 'county approval: rejected', { reasons: i.reasons });
      return reject(c, i.reasons ?? [], i.actor.id);
    }
    const approvedOn = c.today();
    const amount = approvalAmountOf(c);
    const startMonth = benefitStartMonth(approvedOn);
    c.view_.approval = {
      approvedOn,
      monthlyAmountFen: amount.monthlyAmount,
      persons: amount.countedMembers,
      startPeriod: amount.period,
      startMonth,
      method: amount.method,
      standardFen: amount.standard,
      perCapitaIncomeFen: amount.perCapitaIncome,
      fullStandardMemberIds: [...amount.fullStandardMemberIds],
      ...(c.fullStandardRule === 'household-differential' ? { fullStandardRule: c.fullStandardRule } : {}),
    };
    c.record(i.actor, 'countyDecision', `county approval: approved, ${amount.monthlyAmount} fen a month from ${startMonth}`, {
      opinion: i.opinion,
      monthlyAmountFen: amount.monthlyAmount,
    });
    const changes = moveTo(c, 'approved', i.opinion);
    changes.push(
      event(CaseApproved, {
        ...c.ref(),
        approvedOn,
        monthlyAmountFen: amount.monthlyAmount,
        persons: amount.countedMembers,
        startPeriod: amount.period,
        payee: i.payee ?? { kind: 'own-account' },
      }),
    );
    return changes;
  },
});

function approvalAmountOf(c: CaseCore) {
  const investigation = c.view_.investigation;
  if (!investigation) throw refusal('WrongStage', c.stage, 'the case has no investigation record');
  return approvalAmount(investigation, c.input.scheme, c.today(), c.policy, [], c.fullStandardRule);
}
