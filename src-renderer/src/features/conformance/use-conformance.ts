/**
 * The conformance slice, one per API client. It lives beside the app's other stores rather than in them
 * so the feature mounts without touching the app's wiring; nothing in it depends on events.
 */
import { useStores } from '../../app/context';
import { createConformanceStore, type ConformanceStore } from '../../state/conformance';
import type { Caller } from '../../state/caller';

const stores = new WeakMap<Caller, ConformanceStore>();

export function conformanceStoreFor(client: Caller): ConformanceStore {
  let s = stores.get(client);
  if (!s) {
    s = createConformanceStore(client);
    stores.set(client, s);
  }
  return s;
}

export function useConformance(): ConformanceStore {
  return conformanceStoreFor(useStores().client);
}
