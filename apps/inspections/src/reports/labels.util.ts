import type { FindingCategory, FindingSeverity } from '@dibao/contracts';

/** Chinese labels of the finding categories, as the county report words them. */
export const CATEGORY_LABELS: Record<FindingCategory, string> = {
  income_unverifiable: '家庭收入难以核实',
  cadre_commitment: '基层干部重视不够、责任不落实',
  petition_pressure: '信访维稳问题纳入低保',
  training_insufficient: '政策宣传培训不足',
  funding_insufficient: '低保工作经费不足',
  ineligible_beneficiary: '不符合条件人员享受低保',
  missing_materials: '档案材料不全',
  late_payment: '资金发放不及时',
  publicity_not_done: '未按规定公示',
  appraisal_irregular: '民主评议不规范',
  proxy_collection_irregular: '代领不规范',
  fund_misuse: '资金截留挪用',
  dynamic_management_lax: '动态管理不到位',
  other: '其他',
};

export const SEVERITY_LABELS: Record<FindingSeverity, string> = {
  minor: '一般',
  moderate: '较重',
  serious: '严重',
};
