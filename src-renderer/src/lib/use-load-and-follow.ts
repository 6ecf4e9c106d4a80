import { useEffect, useRef } from 'react';
import type { ApiClient } from '../../../src-shared/api/client';
import type { ApiEvent } from '../../../src-shared/api/index';

/**
 * Loads once when a view mounts (and whenever `load` changes), then follows the live events: `onEvent`
 * sees each one (refetch on `files/changed`, take the new value from `settings/changed`, …). The latest
 * `onEvent` is used without resubscribing, so it may be an inline function.
 */
export function useLoadAndFollow(client: Pick<ApiClient, 'subscribe'>, load: () => unknown, onEvent: (event: ApiEvent) => void): void {
  const follow = useRef(onEvent);
  follow.current = onEvent;
  useEffect(() => {
    void load();
    return client.subscribe((event) => follow.current(event));
  }, [client, load]);
}
