import { DomainError, type DomainErrorCode } from '../errors/domain-error';
import { ApiError, type ApiErrorCode, type ApiErrorData } from './errors';
import { isMethodName, methodSchemas, type MethodName } from './index';
import type { ApiHandlers } from './client';

export type DispatchOutcome = { ok: true; result: unknown } | { ok: false; error: ApiErrorData };

/**
 * Validates a call against the contract and runs its handler. Every transport goes through here, so
 * no input reaches a service unchecked and no handler error escapes as anything but `{ code, message }`.
 */
export async function dispatch(handlers: ApiHandlers, method: unknown, params: unknown): Promise<DispatchOutcome> {
  if (!isMethodName(method)) {
    return { ok: false, error: { code: 'not-found', message: `Unknown API method: ${String(method).slice(0, 80)}` } };
  }
  const parsed = methodSchemas[method].params.safeParse(params ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    return { ok: false, error: { code: 'bad-request', message: `${method}: ${issue?.message ?? 'invalid parameters'}${where}` } };
  }
  try {
    const handler = handlers[method as MethodName] as (p: unknown) => unknown;
    return { ok: true, result: await handler(parsed.data) };
  } catch (err) {
    return { ok: false, error: toApiErrorData(err) };
  }
}

/** The contract's code for each kind of error a service throws. */
const CODE_OF: Record<DomainErrorCode, ApiErrorCode> = {
  'bad-request': 'bad-request',
  'not-found': 'not-found',
  conflict: 'conflict',
  unavailable: 'unavailable',
  internal: 'internal',
};

/** The one place a service's error becomes the contract's `{ code, message }`; anything unexpected is `internal`. */
export function toApiErrorData(err: unknown): ApiErrorData {
  if (err instanceof ApiError) return err.toData();
  if (err instanceof DomainError) return { code: CODE_OF[err.code], message: err.message };
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}
