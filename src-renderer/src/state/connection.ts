/** The link to the workbench and its status (listeners, devices online, capture state). */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ServerStatus } from '../../../src-shared/api/index';
import type { LinkState, Transport } from '../api/client';
import { errorText, type Caller } from './caller';

export interface ConnectionState {
  link: LinkState;
  transport: Transport;
  status: ServerStatus | null;
  /** Times the link came back after a loss (each one refetches the snapshots). */
  reconnects: number;
  error?: string;
  setLink(link: LinkState): void;
  setStatus(status: ServerStatus): void;
  refresh(): Promise<void>;
}

export type ConnectionStore = StoreApi<ConnectionState>;

export function createConnectionStore(api: Caller, transport: Transport): ConnectionStore {
  let everOpen = false;
  return createStore<ConnectionState>()((set, get) => ({
    link: 'connecting',
    transport,
    status: null,
    reconnects: 0,
    setLink(link) {
      const reconnects = link === 'open' && everOpen && get().link !== 'open' ? get().reconnects + 1 : get().reconnects;
      if (link === 'open') everOpen = true;
      set({ link, reconnects });
    },
    setStatus(status) {
      set({ status, error: undefined });
    },
    async refresh() {
      try {
        set({ status: await api.call('server/status', {}), error: undefined });
      } catch (err) {
        set({ error: errorText(err) });
      }
    },
  }));
}
