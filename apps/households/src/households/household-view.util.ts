import { maskResidentId } from '@dibao/domain';
import type { Role } from '@dibao/contracts';
import type { AssessmentView, HouseholdSummaryView, HouseholdView, IncomeItemView, MemberView, PayeeView } from './dto/household-view.dto';
import { HouseholdAssessment, incomeTreatment, isSeverelyDisabled } from './household-assessment.util';
import type { HouseholdIncome } from './household-income.entity';
import type { HouseholdMember } from './household-member.entity';
import type { HouseholdProxy } from './household-proxy.entity';
import type { Household } from './household.entity';
import type { HouseholdParts } from './households.repository';
import { maskAccountNumber, residentIdFor, seesIdentifiers, seesPaymentIdentifiers } from './identifiers.util';

export function toSummaryView(h: Household): HouseholdSummaryView {
  return {
    id: h.id,
    scheme: h.scheme,
    hukou: h.hukou,
    township: h.township,
    village: h.village,
    address: h.address,
    status: h.status,
    openCaseId: h.openCaseId,
    ledgerNo: h.ledgerNo,
    version: h.version,
    createdAt: h.createdAt.toISOString(),
    updatedAt: h.updatedAt.toISOString(),
  };
}

export function toMemberView(m: HouseholdMember, role: Role): MemberView {
  return {
    id: m.id,
    name: m.name,
    residentId: residentIdFor(role, m.residentId),
    relation: m.relation,
    sex: m.sex,
    birthDate: m.birthDate,
    disabilityGrade: m.disabilityGrade,
    severelyDisabled: isSeverelyDisabled(m.disabilityGrade),
    workAbility: m.workAbility,
    seriouslyIll: m.seriouslyIll,
    exclusion: m.exclusion,
    counted: m.exclusion === null,
  };
}

export function toIncomeView(i: HouseholdIncome): IncomeItemView {
  return {
    id: i.id,
    memberId: i.memberId,
    item: i.kind,
    category: i.category,
    treatment: incomeTreatment(i),
    amountFen: i.amountFen,
    costsFen: i.costsFen,
    period: i.period,
    note: i.note,
  };
}

/**
 * Payment details. `forPayment` is the payee endpoint, where finance (who pays into the account) also sees
 * full numbers; elsewhere only ROLES_SEEING_IDENTIFIERS do.
 */
export function toPayeeView(h: Household, proxies: HouseholdProxy[], role: Role, forPayment: boolean): PayeeView {
  const full = forPayment ? seesPaymentIdentifiers(role) : seesIdentifiers(role);
  return {
    householdId: h.id,
    account:
      h.accountKind && h.accountNumber
        ? {
            kind: h.accountKind,
            institution: h.accountInstitution ?? '',
            number: full ? h.accountNumber : maskAccountNumber(h.accountNumber),
            holderName: h.accountHolder ?? '',
          }
        : null,
    proxies: proxies.map((p) => ({
      id: p.id,
      name: p.name,
      residentId: full ? p.residentId : maskResidentId(p.residentId),
      relation: p.relation,
      entrustmentRef: p.entrustmentRef,
    })),
    masked: !full,
  };
}

export function toHouseholdView(h: Household, parts: HouseholdParts, assessment: HouseholdAssessment, role: Role): HouseholdView {
  const assessmentView: AssessmentView = { ...assessment, asOf: assessment.asOf };
  return {
    ...toSummaryView(h),
    members: parts.members.map((m) => toMemberView(m, role)),
    incomes: parts.incomes.map(toIncomeView),
    assets: parts.assets.map((a) => ({ id: a.id, kind: a.kind, valueFen: a.valueFen, description: a.description })),
    assessment: assessmentView,
    payee: toPayeeView(h, parts.proxies, role, false),
    createdBy: h.createdBy,
    updatedBy: h.updatedBy,
  };
}
