import { ApiError, type ApiErrorData } from './errors';
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
    if (err instanceof ApiError) return { ok: false, error: err.toData() };
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, error: { code: 'internal', message } };
  }
}
