import { EventDefinition } from '../event-definition';

// Event definitions of the payments service are added here, then listed in PAYMENT_EVENTS.
export const PAYMENT_EVENTS: EventDefinition[] = [];
