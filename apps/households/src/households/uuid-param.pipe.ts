import { ParseUUIDPipe } from '@nestjs/common';
import { AppException, badRequest } from '@dibao/platform';

/** A path parameter that must be a UUID; otherwise a 400 naming the parameter. */
export function uuidParam(name: string): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () => badRequest('validation-failed', `${name} must be a UUID`, [{ field: name, rule: 'isUuid', message: `${name} must be a UUID` }]),
  });
}

/**
 * The household id of a path. Something that is not a UUID can never be a household here, so it is a 404 like any
 * unknown id (the case worker reads households by the id its case carries and treats 404 as "unknown").
 * The value is not echoed when it looks like a mistyped ID or account number.
 */
export function householdIdParam(): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () => new AppException(404, 'not-found', 'household was not found (household ids are UUIDs)'),
  });
}
