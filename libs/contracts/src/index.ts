export * from './topics';
export * from './roles';
export * from './envelope';
export * from './event-definition';
export * from './events';
export * from './cases';
export * from './authorization/matrix';
export * from './audit';
