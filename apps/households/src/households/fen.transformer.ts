import { ValueTransformer } from 'typeorm';

/** bigint fen columns come back from pg as strings; they are always within the safe integer range. */
export const fenTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => {
    if (value === null) return null;
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new Error('a fen column holds a value outside the safe integer range');
    return n;
  },
};
