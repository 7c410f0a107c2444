import { EventDefinition } from '../event-definition';

// Event definitions of the inspections service are added here, then listed in INSPECTION_EVENTS.
export const INSPECTION_EVENTS: EventDefinition[] = [];
