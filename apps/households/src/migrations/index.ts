import { CreateHouseholds1764600000000 } from './1764600000000-create-households';
import { Townships1765300000000 } from './1765300000000-townships';
import { PublicListing1765600000000 } from './1765600000000-public-listing';

/** Every migration of the households database, in order. */
export const HOUSEHOLD_MIGRATIONS = [CreateHouseholds1764600000000, Townships1765300000000, PublicListing1765600000000];
