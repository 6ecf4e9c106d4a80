/**
 * Live traffic: the rows, the filter and the virtual list's items, all derived here (not in components)
 * so the list component only renders what the virtualiser asks for.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ListedExchange, TrafficResults } from '../../../src-shared/api/index';
import type { Caller } from './caller';
import {
  buildItems,
  compileFilter,
  EMPTY_FILTER,
  toRow,
  type TrafficFilter,
  type TrafficItem,
  type TrafficRow,
} from './traffic-rows';

export type Grouping = 'flat' | 'session';

export interface TrafficDetail {
  id: string;
  loading: boolean;
  data?: TrafficResults['traffic/get'];
  error?: string;
}

export interface TrafficState {
  rows: TrafficRow[];
  filter: TrafficFilter;
  /** Rows passing the filter, in arrival order. */
  visible: TrafficRow[];
  items: TrafficItem[];
  grouping: Grouping;
  collapsed: ReadonlySet<string>;
  /** Paused: new exchanges wait in `held` and the list stands still. */
  paused: boolean;
  held: number;
  /** Follow: the list keeps the newest row in view. */
  follow: boolean;
  selectedId: string | null;
  detail: TrafficDetail | null;
  /** Facets for the filter pickers, kept sorted. */
  devices: string[];
  rpcs: string[];
  eventCodes: string[];
  /** How long the last filter pass took (ms), shown in the status line. */
  lastFilterMs: number;
  /** Older exchanges the server still holds that are being fetched page by page (0 when all are in). */
  backfill: number;

  load(exchanges: ListedExchange[]): void;
  ingest(exchanges: ListedExchange[]): void;
  /** Adds older exchanges (a history page) before the rows held; ones already held are skipped. */
  prepend(exchanges: ListedExchange[]): void;
  /**
   * Replaces the list with the newest `limit` exchanges, without bodies (the detail pane fetches those).
   * Returns how many older ones the server holds beyond them.
   */
  fetchNewest(limit: number): Promise<number>;
  /**
   * Pages back through the server's history (`before` cursor, `pageSize` a page), prepending each page
   * and yielding to the page between them; stops at `maxRows`, or when a newer load or a clear began.
   */
  fetchOlder(pageSize: number, maxRows?: number): Promise<void>;
  clear(): void;
  setFilter(patch: Partial<TrafficFilter>): void;
  resetFilter(): void;
  setGrouping(grouping: Grouping): void;
  toggleGroup(key: string): void;
  setPaused(paused: boolean): void;
  setFollow(follow: boolean): void;
  select(id: string | null): Promise<void>;
  rowById(id: string): TrafficRow | undefined;
  /**
   * The other half of an RPC: in CWMP the ACS's request rides in one HTTP response and the CPE's answer
   * in the next HTTP request of the session, so they sit in two exchanges joined by cwmp:ID.
   */
  pairOf(id: string): { row: TrafficRow; role: 'request' | 'response' } | undefined;
}

export type TrafficStore = StoreApi<TrafficState>;

function sortedInsert(list: string[], value: string | null | undefined): string[] {
  if (!value || list.includes(value)) return list;
  return [...list, value].sort();
}

/** Rows kept in the renderer; the oldest go once a quarter more has arrived. */
export const MAX_TRAFFIC_ROWS = 200_000;

export function createTrafficStore(api: Caller, maxRows = MAX_TRAFFIC_ROWS): TrafficStore {
  // Indexes live beside the state: they change with `rows` and are never rendered.
  let byId = new Map<string, number>();
  let seq = 0;
  // Prepended history counts down, so seq stays in arrival order.
  let headSeq = 0;
  // Paused: the rows waiting (bodies already dropped), in arrival order.
  let heldRows: TrafficRow[] = [];
  // Bumped by every load and clear, so a history fetch still running from before stops.
  let generation = 0;

  return createStore<TrafficState>()((set, get) => {
    const derive = (rows: TrafficRow[], filter: TrafficFilter, grouping: Grouping, collapsed: ReadonlySet<string>) => {
      const t0 = performance.now();
      const test = compileFilter(filter);
      const visible: TrafficRow[] = [];
      for (const r of rows) if (test(r)) visible.push(r);
      const items = buildItems(visible, grouping, collapsed);
      return { visible, items, lastFilterMs: performance.now() - t0 };
    };

    const facets = (rows: TrafficRow[], s: Pick<TrafficState, 'devices' | 'rpcs' | 'eventCodes'>) => {
      let { devices, rpcs, eventCodes } = s;
      for (const r of rows) {
        devices = sortedInsert(devices, r.deviceId);
        if (r.kind === 'cwmp') {
          rpcs = sortedInsert(rpcs, r.requestRpc);
          rpcs = sortedInsert(rpcs, r.responseRpc);
        }
        for (const e of r.events) eventCodes = sortedInsert(eventCodes, e);
      }
      return { devices, rpcs, eventCodes };
    };

    const apply = (incoming: TrafficRow[]): void => {
      const s = get();
      let rows = s.rows.slice();
      const added: TrafficRow[] = [];
      const changed: TrafficRow[] = [];
      let updated = false;
      for (const fresh of incoming) {
        const at = byId.get(fresh.id);
        if (at !== undefined) {
          fresh.seq = rows[at].seq;
          rows[at] = fresh;
          changed.push(rows[at]);
          updated = true;
        } else {
          const row = fresh;
          row.seq = seq++;
          byId.set(row.id, rows.length);
          rows.push(row);
          added.push(row);
        }
      }
      // An exchange's response (and so its RPC) usually arrives with its update.
      const f = facets(changed.length ? added.concat(changed) : added, s);
      if (rows.length > maxRows + maxRows / 4) {
        // A long live session: drop the oldest in one go (amortised), as the main process's store does.
        rows = rows.slice(rows.length - maxRows);
        byId = new Map(rows.map((r, i) => [r.id, i]));
        set({ rows, ...derive(rows, s.filter, s.grouping, s.collapsed), ...f });
        return;
      }
      if (!updated && s.grouping === 'flat') {
        // Fast path for the live tail: only the new rows are tested.
        const test = compileFilter(s.filter);
        const fresh = added.filter(test);
        const visible = fresh.length ? s.visible.concat(fresh) : s.visible;
        const items = fresh.length ? s.items.concat(fresh.map((row) => ({ type: 'row' as const, row, grouped: false }))) : s.items;
        set({ rows, visible, items, ...f });
        return;
      }
      set({ rows, ...derive(rows, s.filter, s.grouping, s.collapsed), ...f });
    };

    return {
      rows: [],
      filter: EMPTY_FILTER,
      visible: [],
      items: [],
      grouping: 'flat',
      collapsed: new Set(),
      paused: false,
      held: 0,
      follow: true,
      selectedId: null,
      detail: null,
      devices: [],
      rpcs: [],
      eventCodes: [],
      lastFilterMs: 0,
      backfill: 0,

      load(exchanges) {
        generation++;
        byId = new Map();
        seq = 0;
        headSeq = 0;
        heldRows = [];
        const rows = exchanges.map((x, i) => {
          byId.set(x.id, i);
          return toRow(x, seq++);
        });
        const s = get();
        set({
          rows,
          held: 0,
          backfill: 0,
          ...derive(rows, s.filter, s.grouping, s.collapsed),
          ...facets(rows, { devices: [], rpcs: [], eventCodes: [] }),
        });
      },

      ingest(exchanges) {
        if (exchanges.length === 0) return;
        // Rows straight away: a live event's bodies are not kept past this point.
        const rows = exchanges.map((x) => toRow(x, 0));
        if (get().paused) {
          for (const r of rows) heldRows.push(r);
          set({ held: heldRows.length });
          return;
        }
        apply(rows);
      },

      prepend(exchanges) {
        const s = get();
        const older: TrafficRow[] = [];
        for (let i = exchanges.length - 1; i >= 0; i--) {
          const x = exchanges[i];
          // Already held: a live update arrived first and is newer than this copy.
          if (!byId.has(x.id)) older.push(toRow(x, --headSeq));
        }
        if (older.length === 0) return;
        older.reverse();
        const rows = older.concat(s.rows);
        byId = new Map(rows.map((r, i) => [r.id, i]));
        set({ rows, ...derive(rows, s.filter, s.grouping, s.collapsed), ...facets(older, s) });
      },

      async fetchNewest(limit) {
        const page = await api.call('traffic/list', { limit, bodies: false });
        get().load(page.exchanges);
        const older = Math.max(0, page.total - page.exchanges.length);
        set({ backfill: older });
        return older;
      },

      async fetchOlder(pageSize, maxRows = MAX_TRAFFIC_ROWS) {
        const mine = generation;
        const ask = (before: string, held: number) =>
          api.call('traffic/list', { limit: Math.min(pageSize, maxRows - held), before, bodies: false });
        try {
          const first = get().rows[0]?.id;
          let pending = first && get().rows.length < maxRows ? ask(first, get().rows.length) : undefined;
          while (pending) {
            const page = await pending;
            if (generation !== mine) return;
            const left = page.total - page.exchanges.length;
            const held = get().rows.length + page.exchanges.length;
            // Ask for the next page before taking this one in, so the server works while the page does.
            pending = left > 0 && page.exchanges.length > 0 && held < maxRows ? ask(page.exchanges[0].id, held) : undefined;
            get().prepend(page.exchanges);
            set({ backfill: pending ? left : 0 });
            // Let the page paint and take input between pages.
            if (pending) await new Promise((r) => setTimeout(r, 0));
          }
        } finally {
          if (generation === mine) set({ backfill: 0 });
        }
      },

      clear() {
        generation++;
        byId = new Map();
        heldRows = [];
        set({ rows: [], visible: [], items: [], held: 0, backfill: 0, selectedId: null, detail: null, devices: [], rpcs: [], eventCodes: [] });
      },

      setFilter(patch) {
        const s = get();
        const filter = { ...s.filter, ...patch };
        set({ filter, ...derive(s.rows, filter, s.grouping, s.collapsed) });
      },

      resetFilter() {
        const s = get();
        set({ filter: EMPTY_FILTER, ...derive(s.rows, EMPTY_FILTER, s.grouping, s.collapsed) });
      },

      setGrouping(grouping) {
        const s = get();
        set({ grouping, items: buildItems(s.visible, grouping, s.collapsed) });
      },

      toggleGroup(key) {
        const s = get();
        const collapsed = new Set(s.collapsed);
        if (collapsed.has(key)) collapsed.delete(key);
        else collapsed.add(key);
        set({ collapsed, items: buildItems(s.visible, s.grouping, collapsed) });
      },

      setPaused(paused) {
        set({ paused });
        if (!paused && heldRows.length) {
          const waiting = heldRows;
          heldRows = [];
          set({ held: 0 });
          apply(waiting);
        }
      },

      setFollow(follow) {
        set({ follow });
      },

      async select(id) {
        if (id === null) {
          set({ selectedId: null, detail: null });
          return;
        }
        set({ selectedId: id, detail: { id, loading: true } });
        try {
          const data = await api.call('traffic/get', { id });
          if (get().selectedId === id) set({ detail: { id, loading: false, data } });
        } catch (err) {
          if (get().selectedId === id) set({ detail: { id, loading: false, error: err instanceof Error ? err.message : String(err) } });
        }
      },

      rowById(id) {
        const at = byId.get(id);
        return at === undefined ? undefined : get().rows[at];
      },

      pairOf(id) {
        const at = byId.get(id);
        if (at === undefined) return undefined;
        const rows = get().rows;
        const row = rows[at];
        // Bounded scan: a session's exchanges are close together in arrival order.
        if (row.requestId && row.requestRpc !== 'Inform') {
          for (let i = at - 1; i >= 0 && i >= at - 500; i--) {
            const r = rows[i];
            if (r.groupKey === row.groupKey && r.responseId === row.requestId) return { row: r, role: 'request' };
          }
        }
        if (row.responseId && row.responseRpc && !row.responseRpc.endsWith('Response')) {
          for (let i = at + 1; i < rows.length && i <= at + 500; i++) {
            const r = rows[i];
            if (r.groupKey === row.groupKey && r.requestId === row.responseId) return { row: r, role: 'response' };
          }
        }
        return undefined;
      },
    };
  });
}
