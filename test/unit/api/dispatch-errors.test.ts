import { describe, expect, it } from 'vitest';
import { dispatch, toApiErrorData } from '../../../src-shared/api/dispatch';
import { ApiError } from '../../../src-shared/api/errors';
import type { ApiHandlers } from '../../../src-shared/api/client';
import {
  ConflictError,
  DomainError,
  InvalidRequestError,
  NotFoundError,
  OperationFailedError,
  UnavailableError,
} from '../../../src-shared/errors/domain-error';

describe('service errors become the contract\'s errors in dispatch', () => {
  it('maps each kind of service error to its code and keeps the message', () => {
    expect(toApiErrorData(new InvalidRequestError('bad field x'))).toEqual({ code: 'bad-request', message: 'bad field x' });
    expect(toApiErrorData(new NotFoundError('no device D'))).toEqual({ code: 'not-found', message: 'no device D' });
    expect(toApiErrorData(new ConflictError('name in use'))).toEqual({ code: 'conflict', message: 'name in use' });
    expect(toApiErrorData(new UnavailableError('not in this build'))).toEqual({ code: 'unavailable', message: 'not in this build' });
    expect(toApiErrorData(new OperationFailedError('disk full'))).toEqual({ code: 'internal', message: 'disk full' });
  });

  it('passes an ApiError through and turns anything else into internal', () => {
    expect(toApiErrorData(new ApiError('unauthorized', 'token'))).toEqual({ code: 'unauthorized', message: 'token' });
    expect(toApiErrorData(new TypeError('x is undefined'))).toEqual({ code: 'internal', message: 'x is undefined' });
    expect(toApiErrorData('thrown string')).toEqual({ code: 'internal', message: 'thrown string' });
  });

  it('service errors are plain errors with a name, usable outside any transport', () => {
    const e = new NotFoundError('gone');
    expect(e).toBeInstanceOf(DomainError);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('NotFoundError');
    expect(e).not.toBeInstanceOf(ApiError);
  });

  it('a handler throwing a service error answers through dispatch with the mapped code', async () => {
    const handlers = {
      'traffic/get': ({ id }: { id: string }) => {
        throw new NotFoundError(`No exchange with id ${id}`);
      },
    } as unknown as ApiHandlers;
    await expect(dispatch(handlers, 'traffic/get', { id: 'zz' })).resolves.toEqual({ ok: false, error: { code: 'not-found', message: 'No exchange with id zz' } });
  });
});
