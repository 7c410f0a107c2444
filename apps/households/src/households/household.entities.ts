import { HouseholdAsset } from './household-asset.entity';
import { HouseholdHistory } from './household-history.entity';
import { HouseholdIncome } from './household-income.entity';
import { HouseholdMember } from './household-member.entity';
import { HouseholdProxy } from './household-proxy.entity';
import { Household } from './household.entity';

export const HOUSEHOLD_ENTITIES = [Household, HouseholdMember, HouseholdIncome, HouseholdAsset, HouseholdProxy, HouseholdHistory];
