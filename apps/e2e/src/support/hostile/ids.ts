import { residentIdCheckCharacter } from '@dibao/domain';

/** In a body, replaced by a fresh valid resident ID number at send time (each occurrence its own). */
export const RESIDENT_ID_PLACEHOLDER = '@@RESIDENT_ID@@';

let sequence = Math.floor(Math.random() * 400);

/** A valid 18-character resident ID number nobody else uses in this run (born 1980–1989, Beijing Chaoyang). */
export function freshResidentId(): string {
  sequence++;
  const year = 1980 + (Math.floor(sequence / 999) % 10);
  const first17 = `110105${year}0101${String((sequence % 999) + 1).padStart(3, '0')}`;
  return first17 + residentIdCheckCharacter(first17);
}

export function withFreshIds<T extends string | Buffer | undefined>(body: T): T {
  if (typeof body !== 'string' || !body.includes(RESIDENT_ID_PLACEHOLDER)) return body;
  return body.split(RESIDENT_ID_PLACEHOLDER).reduce((acc, part, i) => (i === 0 ? part : `${acc}${freshResidentId()}${part}`), '') as T;
}
