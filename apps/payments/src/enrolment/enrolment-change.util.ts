import type { PayloadOf, CaseApproved } from '@dibao/contracts';

export type EnrolmentStatus = 'active' | 'suspended' | 'stopped';
export type Payee = PayloadOf<typeof CaseApproved>['payee'];
export type ChangeKind = 'adjust' | 'suspend' | 'resume' | 'stop';

/** What a version of an enrolment says about the months it governs. */
export interface EnrolmentTerms {
  status: EnrolmentStatus;
  monthlyAmountFen: number;
  persons: number;
  payee: Payee;
}

export interface ChangeRequest {
  kind: ChangeKind;
  monthlyAmountFen?: number;
  persons?: number;
  payee?: Payee;
}

export type ChangeDecision =
  | { ok: true; next: EnrolmentTerms; versionKind: 'adjusted' | 'suspended' | 'resumed' | 'stopped' }
  | { ok: false; status: 409 | 422; code: string; message: string };

/** The terms after a lifecycle change, or why the change is not allowed in the current status. */
export function decideChange(current: EnrolmentTerms, change: ChangeRequest): ChangeDecision {
  const refuse = (status: 409 | 422, code: string, message: string): ChangeDecision => ({ ok: false, status, code, message });
  switch (change.kind) {
    case 'adjust':
      if (change.monthlyAmountFen === undefined && change.persons === undefined && change.payee === undefined) {
        return refuse(422, 'nothing-to-adjust', 'monthlyAmountFen, persons or payee: an adjustment needs at least one of them');
      }
      if (current.status === 'stopped') return refuse(409, 'enrolment-stopped', 'the enrolment is stopped; a new approval re-enrols it');
      return {
        ok: true,
        versionKind: 'adjusted',
        next: {
          ...current,
          monthlyAmountFen: change.monthlyAmountFen ?? current.monthlyAmountFen,
          persons: change.persons ?? current.persons,
          payee: change.payee ?? current.payee,
        },
      };
    case 'suspend':
      if (current.status !== 'active') return refuse(409, 'enrolment-not-active', `the enrolment is ${current.status}; only an active one can be suspended`);
      return { ok: true, versionKind: 'suspended', next: { ...current, status: 'suspended' } };
    case 'resume':
      if (current.status !== 'suspended') return refuse(409, 'enrolment-not-suspended', `the enrolment is ${current.status}; only a suspended one can be resumed`);
      return { ok: true, versionKind: 'resumed', next: { ...current, status: 'active' } };
    case 'stop':
      if (current.status === 'stopped') return refuse(409, 'enrolment-stopped', 'the enrolment is already stopped');
      return { ok: true, versionKind: 'stopped', next: { ...current, status: 'stopped' } };
  }
}

/**
 * Whether a change may apply to a period whose payroll has already run. Stopping or suspending may: the
 * household's payments of that period are cancelled while their batch is still a draft. Changing an amount
 * may not (the payment of a run period is fixed; the change applies from the next period).
 */
export function mayCancelDraftPayments(kind: ChangeKind): boolean {
  return kind === 'stop' || kind === 'suspend';
}
