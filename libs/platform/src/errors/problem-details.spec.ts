import { HttpException } from '@nestjs/common';
import { requestContext } from '../context/request-context';
import { AppException, conflict } from './app-exception';
import { toProblem } from './problem-details.filter';

describe('toProblem', () => {
  it('keeps the status, code, message and extras of an AppException', () => {
    const body = toProblem(conflict('wrong-stage', 'county approval is not allowed before township review', { stage: 'publicity' }));
    expect(body).toMatchObject({ status: 409, code: 'wrong-stage', title: 'Conflict', stage: 'publicity' });
    expect(body.detail).toContain('not allowed');
  });

  it('lists field problems for validation failures', () => {
    const body = toProblem(new AppException(400, 'validation-failed', 'x', {}, [{ field: 'scheme', rule: 'isIn', message: 'bad' }]));
    expect(body.errors).toEqual([{ field: 'scheme', rule: 'isIn', message: 'bad' }]);
  });

  it('maps a DomainError to 422 with its code', () => {
    const err = Object.assign(new Error('ballots exceed attendees'), { name: 'DomainError', code: 'appraisal.ballots-exceed-attendees' });
    expect(toProblem(err)).toMatchObject({ status: 422, code: 'appraisal.ballots-exceed-attendees' });
  });

  it('hides the internals of unexpected errors and carries the correlation id', () => {
    const body = requestContext.run({ correlationId: 'c-1' }, () => toProblem(new Error('relation "x" does not exist at pg')));
    expect(body.status).toBe(500);
    expect(body.detail).not.toContain('does not exist');
    expect(body.correlationId).toBe('c-1');
  });

  it('answers 503 when the database cannot be reached (a retry later works), without its internals', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:55432'), { code: 'ECONNREFUSED' });
    expect(toProblem(refused)).toMatchObject({ status: 503, code: 'service-unavailable' });
    expect(toProblem(refused).detail).not.toContain('55432');
  });

  it('maps Nest HttpExceptions', () => {
    expect(toProblem(new HttpException('nope', 404))).toMatchObject({ status: 404, detail: 'nope' });
  });
});
