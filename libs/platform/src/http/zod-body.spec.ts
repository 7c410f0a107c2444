import { stepBodySchemas, stepSchemas } from '@dibao/contracts';
import { AppException } from '../errors/app-exception';
import { openApiSchemaOf, ZodBodyPipe } from './zod-body';

describe('a step schema in OpenAPI', () => {
  it('has the types, limits, required fields, examples and no other fields', () => {
    const doc = openApiSchemaOf(stepSchemas.recordInvestigation);
    expect(doc).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['investigators', 'members', 'incomes', 'assets', 'dataCheck'],
      properties: {
        investigators: { type: 'array', minItems: 2, maxItems: 10, items: { type: 'string', maxLength: 100 }, example: ['inv-zhao', 'inv-qian'] },
        members: { type: 'array', minItems: 1, maxItems: 30, items: { type: 'object', required: ['id', 'ableToWork', 'hasLegalSupporter'] } },
        assets: { type: 'object', properties: { motorVehicles: { type: 'integer', minimum: 0, maximum: 100 } } },
        dataCheck: { properties: { result: { type: 'string', enum: ['passed', 'failed'] } } },
      },
    });
    expect(openApiSchemaOf(stepSchemas.recordAppraisal)).toMatchObject({
      properties: { meetingOn: { type: 'string', format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', example: '2026-12-03' } },
    });
    expect(openApiSchemaOf(stepSchemas.countyDecision)).toMatchObject({
      properties: { payee: { type: 'object', oneOf: [{ properties: { kind: { enum: ['own-account'] } } }, { required: ['kind', 'proxyName', 'entrustmentRef'] }] } },
    });
  });
});

describe('ZodBodyPipe', () => {
  const pipe = new ZodBodyPipe(stepBodySchemas.townshipReview);

  it('passes a valid body on, an empty body as {}', () => {
    expect(pipe.transform({ decision: 'approve', opinion: 'eligible' })).toEqual({ decision: 'approve', opinion: 'eligible' });
    expect(new ZodBodyPipe(stepBodySchemas.acceptApplication).transform(undefined)).toEqual({});
  });

  it('answers 400 validation-failed naming each field and rule', () => {
    let error: unknown;
    try {
      pipe.transform({ decision: 'maybe', reasons: [], actor: { id: 'x', role: 'admin' } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppException);
    expect(error).toMatchObject({
      status: 400,
      code: 'validation-failed',
      errors: [
        { field: 'decision', rule: 'isIn' },
        { field: 'reasons', rule: 'arrayMinSize' },
        { field: 'actor', rule: 'whitelistValidation' },
      ],
    });
  });
});
