import { CreateHouseholds1764600000000 } from './1764600000000-create-households';

/** Every migration of the households database, in order. */
export const HOUSEHOLD_MIGRATIONS = [CreateHouseholds1764600000000];
