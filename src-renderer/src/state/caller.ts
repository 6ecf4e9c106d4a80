import type { ApiClient } from '../../../src-shared/api/client';

/** What a slice needs of the API: calls only. Tests pass a fake; the app passes the real client. */
export type Caller = Pick<ApiClient, 'call'>;

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
