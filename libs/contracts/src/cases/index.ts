export * from './case-workflow';
export * from './case-state';
export * from './case-messages';
export * from './case-search-attributes';
export * from './beneficiary';
