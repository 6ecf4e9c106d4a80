/**
 * Replays started from the Captures view: their progress (kept live by `replay/changed`), the one on
 * screen, and the clone of a capture's device as a simulator profile.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ReplayInfo, ReplayResults } from '../../../src-shared/api/replay';
import { errorText, type Caller } from './caller';

export interface ReplayStoreState {
  replays: ReplayInfo[];
  /** The replay whose report is on screen. */
  shown: string | null;
  error?: string;
  refresh(): Promise<void>;
  upsert(info: ReplayInfo): void;
  show(id: string | null): void;
  startAcs(capture: string, o: { device?: string; waitSeconds?: number; ignore?: string[] }): Promise<void>;
  startCpe(capture: string, o: { acsUrl?: string; serial?: string; waitSeconds?: number }): Promise<void>;
  cancel(id: string): Promise<void>;
  clone(capture: string): Promise<ReplayResults['replay/clone'] | null>;
}

export type ReplayStore = StoreApi<ReplayStoreState>;

export function createReplayStore(api: Caller): ReplayStore {
  return createStore<ReplayStoreState>((set, get) => ({
    replays: [],
    shown: null,
    async refresh() {
      try {
        set({ replays: (await api.call('replay/list', {})).replays });
      } catch (err) {
        set({ error: errorText(err) });
      }
    },
    upsert(info) {
      const others = get().replays.filter((r) => r.id !== info.id);
      set({ replays: [info, ...others].sort((a, b) => b.startedAt - a.startedAt) });
    },
    show(id) {
      set({ shown: id });
    },
    async startAcs(capture, o) {
      try {
        const { replay } = await api.call('replay/acs', { name: capture, ...o });
        get().upsert(replay);
        set({ shown: replay.id, error: undefined });
      } catch (err) {
        set({ error: errorText(err) });
      }
    },
    async startCpe(capture, o) {
      try {
        const { replay } = await api.call('replay/cpe', { name: capture, ...o });
        get().upsert(replay);
        set({ shown: replay.id, error: undefined });
      } catch (err) {
        set({ error: errorText(err) });
      }
    },
    async cancel(id) {
      try {
        await api.call('replay/cancel', { id });
      } catch (err) {
        set({ error: errorText(err) });
      }
    },
    async clone(capture) {
      try {
        return await api.call('replay/clone', { name: capture });
      } catch (err) {
        set({ error: errorText(err) });
        return null;
      }
    },
  }));
}
