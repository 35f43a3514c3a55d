import { BadRequestException, NotFoundException } from '@nestjs/common';
import { WrongExpectedRevisionError } from '@ce/event-store';
import { ConflictError, InvalidInputError, RuleViolation } from '../domain/errors';
import { toProblem } from './problem-details.filter';

describe('errors as problem+json', () => {
  it('maps a rule violation to 422 with its stable code', () => {
    expect(
      toProblem(new RuleViolation('HOUR_CLAIM.COMPETITION_CAP_EXCEEDED', '竞赛学时超过上限', { cap: 5 })),
    ).toEqual({
      type: 'urn:problem:hour_claim.competition_cap_exceeded',
      title: 'Unprocessable Content',
      status: 422,
      code: 'HOUR_CLAIM.COMPETITION_CAP_EXCEEDED',
      detail: '竞赛学时超过上限',
      cap: 5,
    });
  });

  it('maps conflicts, both domain and concurrency, to 409', () => {
    expect(toProblem(new ConflictError('APPROVAL.NOT_OPEN', 'closed')).status).toBe(409);
    const stale = toProblem(new WrongExpectedRevisionError('hour-claim-1', 3n, 4n));
    expect(stale).toMatchObject({ status: 409, code: 'EVENT_STORE.WRONG_EXPECTED_REVISION' });
  });

  it('lists field errors of invalid input', () => {
    const fromDomain = toProblem(
      new InvalidInputError('REQUEST.INVALID', 'bad', [{ field: 'hours', message: 'must be positive' }]),
    );
    expect(fromDomain).toMatchObject({
      status: 400,
      errors: [{ field: 'hours', message: 'must be positive' }],
    });
    const fromValidation = toProblem(
      new BadRequestException(['hours must be a number', 'title should not be empty']),
    );
    expect(fromValidation).toMatchObject({
      status: 400,
      code: 'REQUEST.INVALID',
      errors: [
        { field: 'hours', message: 'hours must be a number' },
        { field: 'title', message: 'title should not be empty' },
      ],
    });
  });

  it('keeps HTTP errors and hides unexpected ones', () => {
    expect(toProblem(new NotFoundException('Cannot GET /x'))).toMatchObject({
      status: 404,
      code: 'REQUEST.NOT_FOUND',
    });
    const hidden = toProblem(new Error('connection string postgres://secret'));
    expect(hidden).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(JSON.stringify(hidden)).not.toContain('secret');
  });
});
