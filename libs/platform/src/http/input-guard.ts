import type { NextFunction, Request, Response } from 'express';
import { FieldProblem } from '../errors/app-exception';
import { problem } from '../errors/problem-details.filter';

export interface InputGuardLimits {
  /** Deepest nesting of objects and arrays in a JSON body. */
  maxDepth: number;
  /** Longest array anywhere in a JSON body. */
  maxArrayLength: number;
}

export const DEFAULT_INPUT_LIMITS: InputGuardLimits = { maxDepth: 32, maxArrayLength: 10_000 };

// Keys that only ever arrive to tamper with prototypes.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Problems that no validator downstream handles well, found before anything else looks at the input:
 * text PostgreSQL cannot store (NUL characters, lone UTF-16 surrogates), prototype keys, and nesting or arrays
 * deep or long enough to exhaust the stack of the validators. Each one names the field.
 */
export function inspectInput(value: unknown, limits: InputGuardLimits = DEFAULT_INPUT_LIMITS): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const visit = (v: unknown, path: string, depth: number): void => {
    if (problems.length >= 20) return;
    if (typeof v === 'string') {
      const text = textProblem(v);
      if (text) problems.push({ field: path || '(body)', rule: text.rule, message: `${path || 'the body'} ${text.message}` });
      return;
    }
    if (v === null || typeof v !== 'object') return;
    if (depth > limits.maxDepth) {
      problems.push({ field: path || '(body)', rule: 'maxDepth', message: `${path || 'the body'} is nested deeper than ${limits.maxDepth} levels` });
      return;
    }
    if (Array.isArray(v)) {
      if (v.length > limits.maxArrayLength) {
        problems.push({ field: path || '(body)', rule: 'arrayMaxSize', message: `${path || 'the body'} has more than ${limits.maxArrayLength} elements` });
        return;
      }
      v.forEach((item, i) => visit(item, `${path}[${i}]`, depth + 1));
      return;
    }
    for (const key of Object.keys(v)) {
      const field = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) {
        problems.push({ field, rule: 'forbiddenKey', message: `${field} is not an allowed field` });
        continue;
      }
      const keyProblem = textProblem(key);
      if (keyProblem) {
        problems.push({ field: path || '(body)', rule: keyProblem.rule, message: `a field name ${keyProblem.message}` });
        continue;
      }
      visit((v as Record<string, unknown>)[key], field, depth + 1);
    }
  };
  visit(value, '', 0);
  return problems;
}

function textProblem(s: string): { rule: string; message: string } | undefined {
  if (s.includes('\u0000')) return { rule: 'noNulCharacter', message: 'must not contain a NUL character' };
  if (!s.isWellFormed()) return { rule: 'wellFormedUnicode', message: 'must be well-formed Unicode (no lone surrogates)' };
  return undefined;
}

/** Express middleware: a 400 problem naming the field, before routing, validation or the database see the input. */
export function inputGuard(limits: InputGuardLimits = DEFAULT_INPUT_LIMITS) {
  return (req: Request, res: Response, next: NextFunction): void => {
    let problems: FieldProblem[] = [];
    let url: string;
    try {
      url = decodeURIComponent(req.originalUrl);
    } catch {
      return send(res, [{ field: '(url)', rule: 'percentEncoding', message: 'the URL has invalid percent-encoding' }]);
    }
    const urlProblem = textProblem(url);
    if (urlProblem) problems.push({ field: '(url)', rule: urlProblem.rule, message: `the URL ${urlProblem.message}` });
    if (req.body !== undefined && typeof req.body === 'object') problems = problems.concat(inspectInput(req.body, limits));
    else if (typeof req.body === 'string' && req.body.includes('\u0000')) {
      problems.push({ field: '(body)', rule: 'noNulCharacter', message: 'the body must not contain a NUL character' });
    }
    if (problems.length) return send(res, problems);
    next();
  };
}

function send(res: Response, problems: FieldProblem[]): void {
  const detail = problems.map((p) => p.message).join('; ');
  res.status(400).type('application/problem+json').send(JSON.stringify(problem(400, 'invalid-input', detail, {}, problems)));
}
