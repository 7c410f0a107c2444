import { DomainError, DomainErrorCode, isDomainError } from './domain-error';
import { HolidayDataMissingError } from './working-day-calendar';

describe('DomainError', () => {
  it('carries a code, a message and details', () => {
    const error = new DomainError(DomainErrorCode.InvalidHousehold, 'no members', { householdId: 'h1' });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('DomainError');
    expect(error.code).toBe('INVALID_HOUSEHOLD');
    expect(error.message).toBe('no members');
    expect(error.details).toEqual({ householdId: 'h1' });
    expect(isDomainError(error)).toBe(true);
    expect(isDomainError(new Error('plain'))).toBe(false);
  });

  it('has typed subclasses that stay DomainErrors', () => {
    const error = new HolidayDataMissingError(2027);
    expect(isDomainError(error)).toBe(true);
    expect(error.code).toBe(DomainErrorCode.HolidayDataMissing);
    expect(error.year).toBe(2027);
    expect(error.message).toContain('2027');
  });

  it('uses distinct code strings', () => {
    const codes = Object.values(DomainErrorCode);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
