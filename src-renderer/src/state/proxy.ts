/**
 * The capture proxy: its profiles, the breakpoints and the messages held at them. Fed by `proxy/changed`
 * (one profile) and `proxy/paused` (the whole held list) and refetched on (re)connect.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiEvents, Params } from '../../../src-shared/api/index';
import type { Breakpoint, PausedMessage, ProxyInfo, ProxyProfileInput } from '../../../src-shared/api/proxy';
import { errorText, type Caller } from './caller';

export type ProxyChanges = Params<'proxy/update'>['changes'];
export type BreakpointInput = Params<'proxy/breakpoints-set'>['breakpoint'];

/** Where an error is shown: a profile's row (its name), the profile form, a held message, or the whole view. */
export type ErrorScope = string;
export const FORM_SCOPE = 'form';
export const VIEW_SCOPE = 'view';
export const pausedScope = (id: string): ErrorScope => `paused:${id}`;
export const breakpointsScope = (proxy: string): ErrorScope => `breakpoints:${proxy}`;

export interface ProxyState {
  proxies: ProxyInfo[];
  breakpoints: Breakpoint[];
  /** Held messages, oldest first. */
  paused: PausedMessage[];
  loaded: boolean;
  /** The proxy service is not part of this build: every call answers `unavailable`. */
  unavailable: boolean;
  /** The API's own words, by where they are shown. */
  errors: Record<ErrorScope, string>;
  /** Profiles (by name) and held messages (by id) with a call in flight. */
  busy: Record<string, boolean>;
  selected: string | null;

  refresh(): Promise<void>;
  refreshPaused(): Promise<void>;
  /** A `proxy/changed` event. */
  applyChanged(data: ApiEvents['proxy/changed']): void;
  /** A `proxy/paused` event. */
  setPaused(paused: PausedMessage[]): void;
  select(name: string | null): void;
  clearError(scope: ErrorScope): void;

  create(profile: ProxyProfileInput, start?: boolean): Promise<ProxyInfo | null>;
  update(name: string, changes: ProxyChanges): Promise<ProxyInfo | null>;
  remove(name: string): Promise<boolean>;
  start(name: string): Promise<boolean>;
  stop(name: string): Promise<boolean>;

  setBreakpoint(bp: BreakpointInput): Promise<Breakpoint | null>;
  deleteBreakpoint(id: string): Promise<boolean>;
  /** The breakpoints that apply to a profile: its own and those for every profile. */
  breakpointsFor(proxy: string): Breakpoint[];

  resume(id: string): Promise<boolean>;
  drop(id: string): Promise<boolean>;
  edit(id: string, body: string): Promise<boolean>;
  fault(id: string, faultCode: number, faultString: string): Promise<boolean>;
}

export type ProxyStore = StoreApi<ProxyState>;

const byName = (a: ProxyInfo, b: ProxyInfo): number => a.name.localeCompare(b.name);
const byPausedAt = (a: PausedMessage, b: PausedMessage): number => a.pausedAt - b.pausedAt;

/** Seconds until a held message is let go on its own (0 once due). */
export function secondsLeft(p: Pick<PausedMessage, 'expiresAt'>, now: number): number {
  return Math.max(0, Math.ceil((p.expiresAt - now) / 1000));
}

/** Whether the listener speaks HTTPS (a store certificate or its own TLS settings). */
export function listenerIsTls(p: Pick<ProxyInfo, 'listen' | 'listenerCertId'>): boolean {
  return p.listenerCertId !== undefined || p.listen.tls !== undefined;
}

export function upstreamIsTls(p: Pick<ProxyInfo, 'upstream'>): boolean {
  return /^https:/i.test(p.upstream.url);
}

/** The URL the proxy listens on: the running one, else what it will be. */
export function listenUrl(p: Pick<ProxyInfo, 'listen' | 'listenerCertId' | 'url'>): string {
  if (p.url) return p.url;
  const host = p.listen.host.includes(':') ? `[${p.listen.host}]` : p.listen.host;
  return `${listenerIsTls(p) ? 'https' : 'http'}://${host}:${p.listen.port === 0 ? '(any free port)' : p.listen.port}/`;
}

export function createProxyStore(api: Caller): ProxyStore {
  return createStore<ProxyState>()((set, get) => {
    const setError = (scope: ErrorScope, err: unknown): void => set({ errors: { ...get().errors, [scope]: errorText(err) } });
    const clear = (scope: ErrorScope): void => {
      if (!(scope in get().errors)) return;
      const errors = { ...get().errors };
      delete errors[scope];
      set({ errors });
    };
    const setBusy = (key: string, on: boolean): void => {
      const busy = { ...get().busy };
      if (on) busy[key] = true;
      else delete busy[key];
      set({ busy });
    };
    const dropProfile = (name: string): void => {
      const proxies = get().proxies.filter((p) => p.name !== name);
      set({ proxies, selected: get().selected === name ? (proxies[0]?.name ?? null) : get().selected });
    };
    const upsert = (p: ProxyInfo): void => {
      const rest = get().proxies.filter((x) => x.name !== p.name);
      set({ proxies: [...rest, p].sort(byName) });
    };
    /** Runs a call on a profile, marking it busy; errors go to `scope`. */
    const onProfile = async <T>(name: string, scope: ErrorScope, run: () => Promise<T>): Promise<T | null> => {
      setBusy(name, true);
      clear(scope);
      try {
        return await run();
      } catch (err) {
        setError(scope, err);
        return null;
      } finally {
        setBusy(name, false);
      }
    };
    /** A decision about a held message: on success it leaves the list at once (the event confirms it). */
    const decide = async (id: string, run: () => Promise<{ ok: boolean }>): Promise<boolean> => {
      const scope = pausedScope(id);
      setBusy(id, true);
      clear(scope);
      try {
        const r = await run();
        if (r.ok) set({ paused: get().paused.filter((p) => p.id !== id) });
        return r.ok;
      } catch (err) {
        // Most likely it was let go after its timeout meanwhile: say so, and show what is really held now.
        setError(scope, err);
        void get().refreshPaused();
        return false;
      } finally {
        setBusy(id, false);
      }
    };

    return {
      proxies: [],
      breakpoints: [],
      paused: [],
      loaded: false,
      unavailable: false,
      errors: {},
      busy: {},
      selected: null,

      async refresh() {
        try {
          const [list, bps, held] = await Promise.all([api.call('proxy/list', {}), api.call('proxy/breakpoints-list', {}), api.call('proxy/paused-list', {})]);
          const proxies = [...list.proxies].sort(byName);
          const selected = get().selected;
          set({
            proxies,
            breakpoints: bps.breakpoints,
            paused: [...held.paused].sort(byPausedAt),
            loaded: true,
            unavailable: false,
            selected: selected && proxies.some((p) => p.name === selected) ? selected : (proxies[0]?.name ?? null),
          });
          clear(VIEW_SCOPE);
        } catch (err) {
          set({ loaded: true, unavailable: (err as { code?: string }).code === 'unavailable' });
          setError(VIEW_SCOPE, err);
        }
      },

      async refreshPaused() {
        try {
          const held = await api.call('proxy/paused-list', {});
          set({ paused: [...held.paused].sort(byPausedAt) });
        } catch (err) {
          setError(VIEW_SCOPE, err);
        }
      },

      applyChanged({ proxy, deleted }) {
        if (deleted) {
          dropProfile(proxy.name);
          return;
        }
        upsert(proxy);
        if (get().selected === null) set({ selected: proxy.name });
      },

      setPaused(paused) {
        set({ paused: [...paused].sort(byPausedAt) });
      },

      select(name) {
        set({ selected: name });
      },

      clearError(scope) {
        clear(scope);
      },

      async create(profile, start) {
        const r = await onProfile(profile.name, FORM_SCOPE, () => api.call('proxy/create', { profile, ...(start ? { start } : {}) }));
        // Create is all or nothing: a profile that could not start was not created, and the form keeps the reason.
        if (!r) return null;
        upsert(r.proxy);
        set({ selected: r.proxy.name });
        return r.proxy;
      },

      async update(name, changes) {
        const r = await onProfile(name, FORM_SCOPE, () => api.call('proxy/update', { name, changes }));
        if (!r) {
          void get().refresh();
          return null;
        }
        upsert(r.proxy);
        return r.proxy;
      },

      async remove(name) {
        const r = await onProfile(name, name, () => api.call('proxy/delete', { name }));
        if (!r) return false;
        dropProfile(name);
        // The service keeps breakpoints of a deleted profile (they would wake up with a new profile of that
        // name): a user deleting a profile means its breakpoints too. Those for every profile stay.
        const own = get().breakpoints.filter((b) => b.proxy === name);
        await Promise.all(own.map((b) => api.call('proxy/breakpoints-delete', { id: b.id }).catch(() => undefined)));
        set({ breakpoints: get().breakpoints.filter((b) => b.proxy !== name) });
        return r.deleted;
      },

      async start(name) {
        const r = await onProfile(name, name, () => api.call('proxy/start', { name }));
        if (r) upsert(r.proxy);
        else void get().refresh();
        return r?.proxy.running ?? false;
      },

      async stop(name) {
        const r = await onProfile(name, name, () => api.call('proxy/stop', { name }));
        if (r) upsert(r.proxy);
        return r !== null;
      },

      async setBreakpoint(bp) {
        const scope = breakpointsScope(bp.proxy ?? '');
        clear(scope);
        try {
          const { breakpoint } = await api.call('proxy/breakpoints-set', { breakpoint: bp });
          const have = get().breakpoints.some((b) => b.id === breakpoint.id);
          set({ breakpoints: have ? get().breakpoints.map((b) => (b.id === breakpoint.id ? breakpoint : b)) : [...get().breakpoints, breakpoint] });
          return breakpoint;
        } catch (err) {
          setError(scope, err);
          return null;
        }
      },

      async deleteBreakpoint(id) {
        const bp = get().breakpoints.find((b) => b.id === id);
        const scope = breakpointsScope(bp?.proxy ?? '');
        clear(scope);
        try {
          await api.call('proxy/breakpoints-delete', { id });
          set({ breakpoints: get().breakpoints.filter((b) => b.id !== id) });
          return true;
        } catch (err) {
          setError(scope, err);
          return false;
        }
      },

      breakpointsFor(proxy) {
        return get().breakpoints.filter((b) => b.proxy === undefined || b.proxy === proxy);
      },

      resume: (id) => decide(id, () => api.call('proxy/resume', { id })),
      drop: (id) => decide(id, () => api.call('proxy/drop', { id })),
      edit: (id, body) => decide(id, () => api.call('proxy/edit', { id, body })),
      fault: (id, faultCode, faultString) => decide(id, () => api.call('proxy/fault', { id, faultCode, faultString })),
    };
  });
}
