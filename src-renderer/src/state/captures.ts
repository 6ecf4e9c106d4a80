/** Capture files: the list, recording state, and an opened capture's exchanges and sessions. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CaptureInfo, Result } from '../../../src-shared/api/index';
import { fromBase64, toBase64 } from '../../../src-shared/capture/bytes';
import { errorText, type Caller } from './caller';

export interface CapturesState {
  captures: CaptureInfo[];
  dir: string;
  loaded: boolean;
  recording: CaptureInfo | null;
  opened: Result<'captures/open'> | null;
  opening: string | null;
  error?: string;
  unavailable: boolean;
  refresh(): Promise<void>;
  start(name?: string): Promise<void>;
  stop(): Promise<void>;
  open(name: string): Promise<void>;
  close(): void;
  remove(name: string): Promise<void>;
  rename(name: string, newName: string): Promise<void>;
  /** HAR (or transcript) text of a capture, for a download. */
  exportText(name: string, format: 'har' | 'transcript'): Promise<string | null>;
  importHar(content: string, name?: string): Promise<void>;
  /**
   * Imports a capture file's bytes (workbench capture, HAR, pcap, pcapng: main tells them apart by
   * content) as a new capture; resolves to what could not be read whole (empty when all was), null on failure.
   */
  importFile(data: Uint8Array, fileName: string): Promise<string[] | null>;
  /** A capture (or one session of it, or some exchanges) as pcapng bytes, for a download. */
  exportPcapng(name: string, only?: { sessionId?: string; exchangeIds?: string[] }): Promise<Uint8Array | null>;
}

/** The capture name for an imported file: its name with the extension swapped for the capture's. */
export function importedName(fileName: string): string {
  const base = fileName.replace(/\.(har|json|ndjson|pcap|pcapng|cap)$/i, '');
  return `${base || 'import'}.ndjson`;
}

export type CapturesStore = StoreApi<CapturesState>;

/** How many exchanges of a capture the view loads at once. */
export const CAPTURE_PAGE = 50_000;

export function createCapturesStore(api: Caller): CapturesStore {
  return createStore<CapturesState>()((set, get) => {
    const fail = (err: unknown): void => set({ error: errorText(err), unavailable: (err as { code?: string }).code === 'unavailable' });
    return {
      captures: [],
      dir: '',
      loaded: false,
      recording: null,
      opened: null,
      opening: null,
      unavailable: false,

      async refresh() {
        try {
          const [list, current] = await Promise.all([api.call('captures/list', {}), api.call('captures/current', {})]);
          set({
            captures: [...list.captures].sort((a, b) => b.modifiedAt - a.modifiedAt),
            dir: list.dir,
            recording: current.recording ? (current.capture ?? null) : null,
            loaded: true,
            unavailable: false,
            error: undefined,
          });
        } catch (err) {
          fail(err);
          set({ loaded: true });
        }
      },

      async start(name) {
        try {
          await api.call('captures/start', name ? { name } : {});
          await get().refresh();
        } catch (err) {
          fail(err);
        }
      },

      async stop() {
        try {
          await api.call('captures/stop', {});
          await get().refresh();
        } catch (err) {
          fail(err);
        }
      },

      async open(name) {
        set({ opening: name });
        try {
          const opened = await api.call('captures/open', { name, limit: CAPTURE_PAGE });
          set({ opened, error: undefined });
        } catch (err) {
          fail(err);
        } finally {
          set({ opening: null });
        }
      },

      close() {
        set({ opened: null });
      },

      async remove(name) {
        try {
          await api.call('captures/delete', { name });
          if (get().opened?.capture.name === name) set({ opened: null });
          await get().refresh();
        } catch (err) {
          fail(err);
        }
      },

      async rename(name, newName) {
        try {
          await api.call('captures/rename', { name, newName });
          await get().refresh();
        } catch (err) {
          fail(err);
        }
      },

      async exportText(name, format) {
        try {
          const r = await api.call('captures/export', { name, format });
          return r.content ?? null;
        } catch (err) {
          fail(err);
          return null;
        }
      },

      async importFile(data, fileName) {
        try {
          const r = await api.call('captures/import', { content: toBase64(data), contentEncoding: 'base64', name: importedName(fileName) });
          await get().refresh();
          return r.warnings;
        } catch (err) {
          fail(err);
          return null;
        }
      },

      async exportPcapng(name, only = {}) {
        try {
          const r = await api.call('captures/export', { name, format: 'pcapng', ...only });
          return r.data !== undefined ? fromBase64(r.data) : null;
        } catch (err) {
          fail(err);
          return null;
        }
      },

      async importHar(content, name) {
        try {
          await api.call('captures/import', { content, format: 'har', ...(name ? { name } : {}) });
          await get().refresh();
        } catch (err) {
          fail(err);
        }
      },
    };
  });
}
