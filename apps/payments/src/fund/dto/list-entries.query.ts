import { MAX_OFFSET } from '../../common/limits';
import { QueryInt } from '@dibao/platform';

/** `?limit=&offset=` of a fund account's ledger entries. */
export class ListEntriesQuery {
  @QueryInt({ min: 1, max: 10000, default: 100 })
  limit?: number;

  @QueryInt({ min: 0, max: MAX_OFFSET, default: 0 })
  offset?: number;
}
