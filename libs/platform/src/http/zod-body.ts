import { applyDecorators, Body, PipeTransform } from '@nestjs/common';
import { ApiBody, ApiBodyOptions } from '@nestjs/swagger';
import { z } from 'zod';
import { fieldDocOf, schemaProblems } from '@dibao/contracts';
import { AppException } from '../errors/app-exception';

/** An OpenAPI 3.0 schema object. */
export type OpenApiSchema = Record<string, unknown>;

/**
 * The OpenAPI 3.0 schema of a zod schema: types, enums, lengths, list sizes, ranges, required fields, no other
 * fields (`additionalProperties: false` for strict objects), and each field's description, example and format.
 * Refinements (non-blank text, a real date, cross-field rules) are documented by their field's description.
 */
export function openApiSchemaOf(schema: z.ZodTypeAny): OpenApiSchema {
  const own = fieldDocOf(schema);
  const out = convert(schema);
  const description = schema.description ?? own?.description;
  return {
    ...out,
    ...(own?.format ? { format: own.format } : {}),
    ...(own?.pattern && out['pattern'] === undefined ? { pattern: own.pattern } : {}),
    ...(description ? { description } : {}),
    ...(own?.example !== undefined ? { example: own.example } : {}),
  };
}

function isOptional(schema: z.ZodTypeAny): boolean {
  return schema instanceof z.ZodOptional || schema instanceof z.ZodDefault;
}

function convert(schema: z.ZodTypeAny): OpenApiSchema {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) {
    const inner = openApiSchemaOf(schema._def.innerType);
    return schema instanceof z.ZodNullable ? { ...inner, nullable: true } : inner;
  }
  if (schema instanceof z.ZodDefault) return { ...openApiSchemaOf(schema._def.innerType), default: schema._def.defaultValue() };
  if (schema instanceof z.ZodEffects) return openApiSchemaOf(schema._def.schema);
  if (schema instanceof z.ZodObject) {
    const shape = schema.shape as Record<string, z.ZodTypeAny>;
    const required = Object.entries(shape).filter(([, v]) => !isOptional(v)).map(([k]) => k);
    return {
      type: 'object',
      properties: Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, openApiSchemaOf(v)])),
      ...(required.length ? { required } : {}),
      ...(schema._def.unknownKeys === 'strict' ? { additionalProperties: false } : {}),
    };
  }
  if (schema instanceof z.ZodString) {
    const out: OpenApiSchema = { type: 'string' };
    for (const check of schema._def.checks) {
      if (check.kind === 'min') out['minLength'] = check.value;
      else if (check.kind === 'max') out['maxLength'] = check.value;
      else if (check.kind === 'length') out['minLength'] = out['maxLength'] = check.value;
      else if (check.kind === 'regex') out['pattern'] = check.regex.source;
    }
    return out;
  }
  if (schema instanceof z.ZodNumber) {
    const out: OpenApiSchema = { type: schema._def.checks.some((c) => c.kind === 'int') ? 'integer' : 'number' };
    for (const check of schema._def.checks) {
      if (check.kind === 'min') Object.assign(out, check.inclusive ? { minimum: check.value } : { minimum: check.value, exclusiveMinimum: true });
      else if (check.kind === 'max') Object.assign(out, check.inclusive ? { maximum: check.value } : { maximum: check.value, exclusiveMaximum: true });
    }
    return out;
  }
  if (schema instanceof z.ZodBoolean) return { type: 'boolean' };
  if (schema instanceof z.ZodEnum) return { type: 'string', enum: [...(schema._def.values as string[])] };
  if (schema instanceof z.ZodLiteral) {
    const value: unknown = schema._def.value;
    return { type: typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string', enum: [value] };
  }
  if (schema instanceof z.ZodArray) {
    const def = schema._def;
    return {
      type: 'array',
      items: openApiSchemaOf(def.type),
      ...(def.exactLength ? { minItems: def.exactLength.value, maxItems: def.exactLength.value } : {}),
      ...(def.minLength ? { minItems: def.minLength.value } : {}),
      ...(def.maxLength ? { maxItems: def.maxLength.value } : {}),
    };
  }
  if (schema instanceof z.ZodDiscriminatedUnion) {
    const options = [...(schema._def.options as z.ZodTypeAny[])];
    return { type: 'object', oneOf: options.map((o) => openApiSchemaOf(o)), discriminator: { propertyName: schema._def.discriminator } };
  }
  if (schema instanceof z.ZodUnion) return { oneOf: (schema._def.options as z.ZodTypeAny[]).map((o) => openApiSchemaOf(o)) };
  return {};
}

/**
 * Validates a JSON body against a zod schema. A body that breaks it is a 400 `validation-failed` problem naming
 * every field and rule (the same problems a workflow refuses with); a valid body is passed on as parsed. An empty
 * body is an empty object, as with the class-validator pipe.
 */
export class ZodBodyPipe implements PipeTransform {
  constructor(private readonly schema: z.ZodTypeAny) {}

  transform(value: unknown): unknown {
    const body = value === undefined ? {} : value;
    const problems = schemaProblems(this.schema, body);
    if (problems.length) {
      throw new AppException(400, 'validation-failed', problems.map((p) => p.message).join('; '), {}, problems);
    }
    return this.schema.parse(body);
  }
}

/** `@Body()` validated by the schema. */
export const ZodBody = (schema: z.ZodTypeAny): ParameterDecorator => Body(new ZodBodyPipe(schema));

/** The operation's OpenAPI request body, from the schema (required, application/json). */
export const ApiZodBody = (schema: z.ZodTypeAny, options: Pick<ApiBodyOptions, 'description'> & { examples?: Record<string, { summary?: string; value: unknown }> } = {}) =>
  applyDecorators(ApiBody({ required: true, schema: openApiSchemaOf(schema) as never, ...options }));
