import { EventRegistry } from '../event-definition';
import { CASE_EVENTS } from './case.events';
import { HOUSEHOLD_EVENTS } from './household.events';
import { INSPECTION_EVENTS } from './inspection.events';
import { PAYMENT_EVENTS } from './payment.events';

export * from './common';
export * from './case.events';
export * from './household.events';
export * from './payment.events';
export * from './inspection.events';

/** Every event the platform knows, for validating on both the producing and the consuming side. */
export const eventRegistry = new EventRegistry([...CASE_EVENTS, ...HOUSEHOLD_EVENTS, ...PAYMENT_EVENTS, ...INSPECTION_EVENTS]);
