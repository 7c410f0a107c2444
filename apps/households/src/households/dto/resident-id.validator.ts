import { Transform } from 'class-transformer';
import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { checkResidentId } from '@dibao/domain';
import { RESIDENT_ID_REASONS } from '../household-prepare.util';
import { todayInChina } from '../today.util';

/**
 * A valid 18-character resident ID number (GB 11643: province, real birth date not in the future, check digit).
 * Lower-case x is accepted and upper-cased.
 */
export function IsResidentId(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value))(target, propertyName);
    registerDecorator({
      name: 'isResidentId',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && checkResidentId(value, todayInChina()).valid,
        defaultMessage: (args: ValidationArguments) => {
          if (typeof args.value !== 'string') return `${args.property} must be a resident ID number string`;
          const check = checkResidentId(args.value, todayInChina());
          return check.valid ? `${args.property} is valid` : `${args.property} ${RESIDENT_ID_REASONS[check.reason]} (${check.reason})`;
        },
      },
    });
  };
}
