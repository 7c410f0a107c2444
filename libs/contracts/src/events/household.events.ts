import { EventDefinition } from '../event-definition';

// Event definitions of the households service are added here, then listed in HOUSEHOLD_EVENTS.
export const HOUSEHOLD_EVENTS: EventDefinition[] = [];
