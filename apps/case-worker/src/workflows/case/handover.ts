import * as wf from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  Actor,
  BENEFICIARY_WORKFLOW_TYPE,
  beneficiaryWorkflowId,
  BeneficiaryWorkflowInput,
  CASE_KIND_BENEFICIARY,
  CaseSearchAttributes,
  CaseView,
  CaseWorkflowInput,
} from '@dibao/contracts';

const SYSTEM_ACTOR: Actor = { id: 'case-worker', role: 'system' };

/**
 * Hands an approved household over to its beneficiary workflow: a child with ParentClosePolicy ABANDON, so it
 * outlives this case; started (not awaited) before the case closes, recorded in this history. A household
 * that already has a running beneficiary workflow keeps it (logged).
 */
export async function startBeneficiary(input: CaseWorkflowInput, view: CaseView): Promise<void> {
  const { approval, investigation } = view;
  const settings = input.settings;
  if (!approval || !investigation || !settings) return; // only an approved case, with its settings loaded, hands over
  const beneficiary: BeneficiaryWorkflowInput = {
    householdId: input.householdId,
    township: input.township,
    scheme: input.scheme,
    caseId: input.caseId,
    approvedOn: approval.approvedOn,
    monthlyAmountFen: approval.monthlyAmountFen,
    persons: approval.persons,
    facts: { members: investigation.members, incomes: investigation.incomes, deductions: investigation.deductions },
    settings,
    ...(settings.beneficiary ? { beneficiary: settings.beneficiary } : {}),
    approvedBy: view.history[view.history.length - 1]?.actor ?? SYSTEM_ACTOR,
    ...(input.correlationId ? { correlationId: input.correlationId } : {}),
    ...(approval.fullStandardRule ? { fullStandardRule: approval.fullStandardRule } : {}),
  };
  try {
    await wf.startChild(BENEFICIARY_WORKFLOW_TYPE, {
      workflowId: beneficiaryWorkflowId(input.householdId),
      args: [beneficiary],
      parentClosePolicy: wf.ParentClosePolicy.ABANDON,
      typedSearchAttributes: [
        { key: CaseSearchAttributes.stage, value: 'active' },
        { key: CaseSearchAttributes.township, value: input.township },
        { key: CaseSearchAttributes.scheme, value: input.scheme },
        { key: CaseSearchAttributes.household, value: input.householdId },
        { key: CaseSearchAttributes.caseKind, value: CASE_KIND_BENEFICIARY },
        { key: CaseSearchAttributes.overdue, value: false },
      ],
    });
  } catch (e) {
    if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
    wf.log.warn('the household already has a beneficiary workflow; it keeps it', { householdId: input.householdId });
  }
}

