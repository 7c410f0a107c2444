// @dibao/domain: pure rules of the urban and rural minimum living guarantee (城乡低保).
// No framework, no Node built-ins, no clock: safe inside Temporal workflows.
export * from './domain-error';
export * from './rounding';
export * from './ratio';
export * from './money';
export * from './local-date';
export * from './resident-id.util';
export * from './holiday-calendar.data';
export * from './working-day-calendar';
export * from './effective-dated';
export * from './scheme';
export * from './policy';
export * from './payment-period';
export * from './household-member';
export * from './household-membership';
export * from './income';
export * from './household-amount';
export * from './eligibility';
export * from './case-stage';
export * from './stage-deadline';
export * from './review-schedule';
export * from './democratic-appraisal';
export * from './dynamic-management';
export * from './asset-limits';
export * from './job-offer';
