import { IsIn, IsInt, Min, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { ArgumentMetadata } from '@nestjs/common';
import { AppException } from './app-exception';
import { createValidationPipe } from './validation';

class Member {
  @IsInt()
  @Min(0)
  incomeFen: number;
}

class Body {
  @IsIn(['urban', 'rural'])
  scheme: string;

  @ValidateNested({ each: true })
  @Type(() => Member)
  members: Member[];
}

const meta: ArgumentMetadata = { type: 'body', metatype: Body };

describe('createValidationPipe', () => {
  const pipe = createValidationPipe();

  it('names each field and rule, with nested paths', async () => {
    const err = await pipe.transform({ scheme: 'city', members: [{ incomeFen: -1 }] }, meta).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppException);
    const problems = (err as AppException).errors!;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'scheme', rule: 'isIn' }),
        expect.objectContaining({ field: 'members[0].incomeFen', rule: 'min' }),
      ]),
    );
    expect((err as AppException).status).toBe(400);
  });

  it('refuses unknown fields', async () => {
    const err = await pipe.transform({ scheme: 'urban', members: [], extra: 1 }, meta).catch((e: unknown) => e);
    expect((err as AppException).errors).toEqual([expect.objectContaining({ field: 'extra', rule: 'whitelistValidation' })]);
  });

  it('passes a valid body through as the DTO class', async () => {
    const ok = await pipe.transform({ scheme: 'rural', members: [{ incomeFen: 0 }] }, meta);
    expect(ok).toBeInstanceOf(Body);
  });
});
