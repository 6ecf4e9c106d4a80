/**
 * Conformance checks: the rule list, the findings of recorded exchanges (cached, a few at a time), of a
 * device, and of a pasted message. The checks run in the main process (`conformance/*`); this slice only
 * asks and remembers.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DeviceConformance, ExchangeConformance, FindingCounts, Result } from '../../../src-shared/api/index';
import type { ConformanceRule } from '../../../src-shared/conformance/types';
import { errorText, type Caller } from './caller';

/** One asked-for result: in flight, arrived, or failed. */
export interface Check<T> {
  loading: boolean;
  result?: T;
  error?: string;
}

export type MessageSender = 'auto' | 'cpe' | 'acs';
export type MessageModel = 'auto' | 'tr-181' | 'tr-098';

export interface MessageCheck extends Check<Result<'conformance/check-message'>> {
  /** The XML the result belongs to (the editor may have moved on). */
  xml: string;
}

export interface ConformanceState {
  rules: ConformanceRule[];
  rulesLoaded: boolean;
  /** By exchange id; the newest few are kept. */
  exchanges: Record<string, Check<ExchangeConformance> & { final: boolean }>;
  device: (Check<DeviceConformance> & { deviceId: string; limit: number; ranAt?: number }) | null;
  message: MessageCheck | null;

  loadRules(): Promise<void>;
  /** The rule with this id, once the rules have loaded. */
  rule(id: string): ConformanceRule | undefined;
  /**
   * Checks one exchange. A result is reused unless it was taken while the exchange was still in flight
   * (`final` false) and the exchange has finished since, or `force` is set.
   */
  checkExchange(exchangeId: string, opts?: { final?: boolean; force?: boolean }): Promise<void>;
  checkDevice(deviceId: string, limit?: number): Promise<void>;
  checkMessage(xml: string, opts?: { sender?: MessageSender; model?: MessageModel }): Promise<void>;
  clearMessage(): void;
}

export type ConformanceStore = StoreApi<ConformanceState>;

/** Exchange results kept; selecting through the list should not grow memory without bound. */
export const EXCHANGE_CACHE = 64;
/** The newest exchanges a device check looks at unless told otherwise. */
export const DEVICE_LIMIT = 500;

export const NO_COUNTS: FindingCounts = { error: 0, warning: 0, info: 0 };

export function createConformanceStore(api: Caller): ConformanceStore {
  return createStore<ConformanceState>()((set, get) => {
    let rulesPromise: Promise<void> | null = null;
    // Only the newest request of a kind may write its answer: an older one that arrives late is dropped.
    let deviceSeq = 0;
    let messageSeq = 0;

    const putExchange = (id: string, entry: ConformanceState['exchanges'][string]): void => {
      const next = { ...get().exchanges };
      delete next[id];
      next[id] = entry;
      const keys = Object.keys(next);
      for (let i = 0; i < keys.length - EXCHANGE_CACHE; i++) delete next[keys[i]];
      set({ exchanges: next });
    };

    return {
      rules: [],
      rulesLoaded: false,
      exchanges: {},
      device: null,
      message: null,

      loadRules() {
        rulesPromise ??= api
          .call('conformance/rules', {})
          .then((r) => set({ rules: r.rules, rulesLoaded: true }))
          .catch(() => {
            // Rules only add titles; try again on the next call.
            rulesPromise = null;
          });
        return rulesPromise;
      },

      rule(id) {
        return get().rules.find((r) => r.id === id);
      },

      async checkExchange(exchangeId, opts = {}) {
        const final = opts.final ?? true;
        const have = get().exchanges[exchangeId];
        if (have && !opts.force && (have.loading || have.error === undefined) && (have.final || !final)) return;
        putExchange(exchangeId, { loading: true, final, result: have?.result });
        try {
          const result = await api.call('conformance/check-exchange', { exchangeId });
          putExchange(exchangeId, { loading: false, final, result });
        } catch (err) {
          putExchange(exchangeId, { loading: false, final, error: errorText(err) });
        }
      },

      async checkDevice(deviceId, limit = DEVICE_LIMIT) {
        const seq = ++deviceSeq;
        const prev = get().device;
        set({ device: { deviceId, limit, loading: true, result: prev?.deviceId === deviceId ? prev.result : undefined } });
        try {
          const result = await api.call('conformance/check-device', { deviceId, limit });
          if (seq === deviceSeq) set({ device: { deviceId, limit, loading: false, result, ranAt: Date.now() } });
        } catch (err) {
          if (seq === deviceSeq) set({ device: { deviceId, limit, loading: false, error: errorText(err) } });
        }
      },

      async checkMessage(xml, opts = {}) {
        const seq = ++messageSeq;
        if (!xml.trim()) {
          set({ message: { xml, loading: false, error: 'Paste a CWMP message (a SOAP envelope) first.' } });
          return;
        }
        set({ message: { xml, loading: true } });
        const params: { xml: string; sender?: 'cpe' | 'acs'; name?: 'tr-181' | 'tr-098' } = { xml };
        if (opts.sender && opts.sender !== 'auto') params.sender = opts.sender;
        if (opts.model && opts.model !== 'auto') params.name = opts.model;
        try {
          const result = await api.call('conformance/check-message', params);
          if (seq === messageSeq) set({ message: { xml, loading: false, result } });
        } catch (err) {
          if (seq === messageSeq) set({ message: { xml, loading: false, error: errorText(err) } });
        }
      },

      clearMessage() {
        messageSeq++;
        set({ message: null });
      },
    };
  });
}
