import { ValidationError, ValidationPipe } from '@nestjs/common';
import { AppException, FieldProblem } from './app-exception';

/** Flattens class-validator errors into `field` / `rule` / `message` triples with dotted paths (at most `limit`). */
export function flattenValidationErrors(errors: ValidationError[], parent = '', out: FieldProblem[] = [], limit = 100): FieldProblem[] {
  for (const error of errors) {
    if (out.length >= limit) break;
    const field = parent ? (/^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    for (const [rule, message] of Object.entries(error.constraints ?? {})) {
      out.push({ field, rule, message: rule === 'whitelistValidation' ? `${field} is not an allowed field` : message });
    }
    if (error.children?.length) flattenValidationErrors(error.children, field, out, limit);
  }
  return out;
}

/** Whitelisting, no unknown fields, transformation to DTO classes, and a 400 that names every field and rule. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const problems = flattenValidationErrors(errors);
      const summary = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
      return new AppException(400, 'validation-failed', summary || 'the request is invalid', {}, problems);
    },
  });
}
