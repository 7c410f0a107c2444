/**
 * Reproducible spot-check sampling (抽查). The same seed and the same set of cases always give the same
 * sample, on any machine: the cases are sorted by id (code-unit order, never locale order), then a seeded
 * mulberry32 generator drives a partial Fisher–Yates shuffle.
 */

/** FNV-1a over the UTF-16 code units of the seed: a 32-bit unsigned start state for the generator. */
export function hashSeed(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small, fast 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(state: number): () => number {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How many of `population` cases a share of `percent` % draws: rounded up, so a non-empty township is never skipped. */
export function sampleSize(population: number, percent: number): number {
  if (!Number.isInteger(population) || population < 0) throw new Error('population must be a non-negative integer');
  if (!Number.isInteger(percent) || percent < 1 || percent > 100) throw new Error('percent must be an integer from 1 to 100');
  return Math.floor((population * percent + 99) / 100);
}

/** The seed of one township's draw in a campaign. */
export function townshipSeed(campaignSeed: string, township: string): string {
  return `${campaignSeed}:${township}`;
}

/** Draws the sample; returns the chosen case ids sorted. Duplicates in the input count once. */
export function drawSample(caseIds: readonly string[], seed: string, percent: number): string[] {
  const pool = [...new Set(caseIds)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const size = sampleSize(pool.length, percent);
  const random = mulberry32(hashSeed(seed));
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, size).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
