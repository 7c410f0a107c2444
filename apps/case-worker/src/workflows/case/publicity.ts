import { FileObjectionInput, ResolveObjectionInput } from '@dibao/contracts';
import { refusal } from '../refusal';
import { requireStepInput } from '../step-validation';
import { Change } from './changes';
import type { CaseCore } from './core';
import { endPublicity, moveTo } from './transitions';

/** Publicity: objections filed and resolved (its end by the clock is in overdue.ts). */

export const fileObjection = (c: CaseCore) => ({
  validate: (i: FileObjectionInput) => {
    c.requireStage('publicity', 'file an objection');
    requireStepInput(c.stage, 'fileObjection', i);
  },
  apply: (i: FileObjectionInput): Change[] => {
    const id = `obj-${++c.objectionSeq}`;
    c.view_.objections.push({ id, filedAt: c.nowIso(), ...(i.filedBy ? { filedBy: i.filedBy } : {}), summary: i.summary });
    c.view_.householdVisitRequired = true;
    c.record(i.actor, 'fileObjection', `objection ${id} filed${i.filedBy ? '' : ' anonymously'}`, { objectionId: id });
    return [];
  },
});

export const resolveObjection = (c: CaseCore) => ({
  validate: (i: ResolveObjectionInput) => {
    c.requireStage('publicity', 'resolve an objection');
    requireStepInput(c.stage, 'resolveObjection', i);
    const objection = c.view_.objections.find((o) => o.id === i.objectionId);
    if (!objection) throw refusal('InvalidStep', c.stage, `no objection ${i.objectionId} on this case`, { field: 'objectionId', rule: 'exists' });
    if (objection.resolution) throw refusal('RuleRefused', c.stage, `objection ${i.objectionId} is already resolved`);
  },
  apply: (i: ResolveObjectionInput): Change[] => {
    const objection = c.view_.objections.find((o) => o.id === i.objectionId);
    if (!objection) return [];
    objection.resolution = { finding: i.finding, note: i.note, at: c.nowIso(), by: i.actor };
    c.record(i.actor, 'resolveObjection', `objection ${i.objectionId} ${i.finding}`, { objectionId: i.objectionId, note: i.note });
    if (i.finding === 'unfounded') return [];
    // Substantiated: re-investigate, then a democratic appraisal and a new publicity.
    c.objectionSubstantiated = true;
    c.view_.appraisalRequired = true;
    endPublicity(c);
    c.view_.investigation = undefined;
    c.view_.appraisal = undefined;
    c.view_.dataCheckContested = false;
    c.view_.recheckPending = false;
    return moveTo(c, 'investigation', `objection ${i.objectionId} substantiated: ${i.note}`);
  },
});
