import { z } from 'zod';

/** Reusable payload pieces. Money is integer fen; dates are ISO `YYYY-MM-DD`. */
export const fenSchema = z.number().int().safe();
export const nonNegativeFenSchema = fenSchema.nonnegative();
export const localDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
export const schemeSchema = z.enum(['urban', 'rural']);
/** `2026-03` (urban, monthly) or `2026-Q2` (rural, quarterly). */
export const paymentPeriodSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/, 'must be YYYY-MM or YYYY-Qn');
export const idSchema = z.string().min(1).max(64);
