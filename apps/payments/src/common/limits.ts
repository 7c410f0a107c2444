/**
 * Upper bounds of money and count inputs. Amounts are bigint fen columns, but they are computed with in JavaScript
 * (persons × standard × 12, a balance plus an appropriation), so the bounds keep every derived value an exact
 * integer well inside Number.MAX_SAFE_INTEGER and the bigint and integer columns.
 */
/** A standard or a monthly household amount: at most 100 million yuan (apps/households uses the same bound). */
export const MAX_FEN = 10_000_000_000;
/** One appropriation into a fund account: at most 10 billion yuan. */
export const MAX_APPROPRIATION_FEN = 1_000_000_000_000;
/** Counted persons of a household (apps/households registers at most 30 members). */
export const MAX_PERSONS = 100;
/** Offsets of paged lists (integer columns hold at most 2^31 − 1 rows anyway). */
export const MAX_OFFSET = 2_000_000_000;
