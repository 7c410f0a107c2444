import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { buildMessage, IsInt, IsOptional, ValidateBy, ValidationOptions } from 'class-validator';


/** Text with at least one character that is not white space (JavaScript's \s: also U+3000, the ideographic space). */
export const NOT_BLANK = /\S/;

/** Required text: a string that contains a non-space character (a name of only spaces is no name). */
export function IsNotBlank(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNotBlank',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && NOT_BLANK.test(value),
        defaultMessage: buildMessage((each) => `${each}$property must contain a non-space character`, options),
      },
    },
    options,
  );
}

/** Decimal digits only: no sign, fraction, exponent, hex or white space, and few enough to stay an exact integer. */
const DECIMAL_INTEGER = /^\d{1,15}$/;

/** A query string value as a number when it is written in decimal digits; anything else is left for @IsInt to refuse. */
export function strictQueryInteger(value: unknown): unknown {
  return typeof value === 'string' && DECIMAL_INTEGER.test(value) ? Number(value) : value;
}

/**
 * An optional whole-number query parameter between `min` and `max`. Absent → the handler's default; present, it
 * must be decimal digits in range ('abc', 'NaN', '0x10', '1e3', '1.5', '-1' and '' are a 400 naming the parameter).
 */
export function QueryInt(opts: { min: number; max: number; default?: number; description?: string }): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: 'integer', minimum: opts.min, maximum: opts.max, default: opts.default, description: opts.description }),
    IsOptional(),
    Transform(({ value }) => strictQueryInteger(value)),
    IsInt({ message: '$property must be a whole number written in decimal digits' }),
    // Range rules only for numbers, so a value that is not one gets the single isInt problem above.
    ValidateBy({
      name: 'min',
      validator: { validate: (v: unknown) => typeof v !== 'number' || v >= opts.min, defaultMessage: () => `$property must not be less than ${opts.min}` },
    }),
    ValidateBy({
      name: 'max',
      validator: { validate: (v: unknown) => typeof v !== 'number' || v <= opts.max, defaultMessage: () => `$property must not be greater than ${opts.max}` },
    }),
  );
}
