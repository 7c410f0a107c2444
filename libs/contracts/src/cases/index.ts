export * from './case-workflow';
export * from './case-state';
export * from './case-messages';
export * from './case-search-attributes';
export * from './beneficiary';
export { DATE_PATTERN, documented, fieldDocOf, fieldPath, schemaProblems } from './schema-kit';
export type { FieldDoc, SchemaProblem } from './schema-kit';
export * from './step-schemas';
