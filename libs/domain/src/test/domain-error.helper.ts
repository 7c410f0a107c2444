import { DomainError, DomainErrorCode } from '../domain-error';

/** The DomainError an action throws; fails the test if it throws something else or nothing. */
export function thrownDomainError(action: () => unknown): DomainError {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, but nothing was thrown');
}

/** The code of the DomainError an action throws, or undefined when it does not throw. */
export function errorCode(action: () => unknown): DomainErrorCode | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return undefined;
}
