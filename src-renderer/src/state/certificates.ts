/** The certificate store: list, details of the selected one, and the ACS's TLS settings. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AcsTlsSettings, CertDetail, CertSummary, Params } from '../../../src-shared/api/index';
import { errorText, type Caller } from './caller';

export interface CertificatesState {
  certs: CertSummary[];
  loaded: boolean;
  selectedId: string | null;
  detail: CertDetail | null;
  acsTls: AcsTlsSettings | null;
  error?: string;
  /** Why the last create/issue/import failed: the open dialog shows it (beside its field), not the page. */
  formError?: string;
  /** The certs service may not be part of this build: then every call answers `unavailable`. */
  unavailable: boolean;
  refresh(): Promise<void>;
  select(id: string | null): Promise<void>;
  createCa(params: Params<'certs/create-ca'>): Promise<CertDetail | null>;
  issue(params: Params<'certs/issue'>): Promise<CertDetail | null>;
  importPem(params: Params<'certs/import'>): Promise<number>;
  remove(id: string): Promise<void>;
  renew(id: string): Promise<void>;
  setAcsTls(params: Params<'certs/acs-tls-set'>): Promise<void>;
  setTrust(id: string, store: 'acs-clients' | 'proxy-upstream', trusted: boolean): Promise<void>;
  clearFormError(): void;
}

export type CertificatesStore = StoreApi<CertificatesState>;

/** Certificates expiring within this many days are flagged. */
export const EXPIRY_WARNING_DAYS = 30;

export function expiryLevel(c: Pick<CertSummary, 'validity' | 'daysLeft'>): 'bad' | 'soon' | 'ok' {
  if (c.validity !== 'valid') return 'bad';
  return c.daysLeft <= EXPIRY_WARNING_DAYS ? 'soon' : 'ok';
}

/**
 * The common name in a distinguished name ("O=Bench 3, CN=Bench CA" → "Bench CA"), the whole name when it
 * has none. Escaped commas ("CN=Lab\\, Inc") stay in the value.
 */
export function commonNameOf(dn: string): string {
  const m = /(?:^|,\s*)CN=((?:\\.|[^,])*)/.exec(dn);
  return m ? m[1].replace(/\\(.)/g, '$1').trim() : dn;
}

export function createCertificatesStore(api: Caller): CertificatesStore {
  return createStore<CertificatesState>()((set, get) => {
    const fail = (err: unknown): null => {
      const unavailable = (err as { code?: string }).code === 'unavailable';
      set({ error: errorText(err), unavailable });
      return null;
    };
    /** A dialog's call failed: the dialog says why; the page banner stays for page-level failures. */
    const failForm = (err: unknown): null => {
      if ((err as { code?: string }).code === 'unavailable') return fail(err);
      set({ formError: errorText(err) });
      return null;
    };
    const after = async (detail: CertDetail): Promise<CertDetail> => {
      await get().refresh();
      set({ selectedId: detail.id, detail, error: undefined, formError: undefined });
      return detail;
    };
    return {
      certs: [],
      loaded: false,
      selectedId: null,
      detail: null,
      acsTls: null,
      unavailable: false,

      async refresh() {
        try {
          const [{ certs }, acsTls] = await Promise.all([api.call('certs/list', {}), api.call('certs/acs-tls-get', {}).catch(() => null)]);
          set({ certs, acsTls, loaded: true, unavailable: false, error: undefined });
          const id = get().selectedId;
          if (id && !certs.some((c) => c.id === id)) set({ selectedId: null, detail: null });
          else if (id) void get().select(id);
        } catch (err) {
          fail(err);
          set({ loaded: true });
        }
      },

      async select(id) {
        set({ selectedId: id, detail: id && get().detail?.id === id ? get().detail : null });
        if (!id) return;
        try {
          const detail = await api.call('certs/get', { id });
          if (get().selectedId === id) set({ detail });
        } catch (err) {
          fail(err);
        }
      },

      async createCa(params) {
        try {
          return await after(await api.call('certs/create-ca', params));
        } catch (err) {
          return failForm(err);
        }
      },

      async issue(params) {
        try {
          return await after(await api.call('certs/issue', params));
        } catch (err) {
          return failForm(err);
        }
      },

      async importPem(params) {
        try {
          const { imported } = await api.call('certs/import', params);
          await get().refresh();
          if (imported[0]) await get().select(imported[0].id);
          set({ formError: undefined });
          return imported.length;
        } catch (err) {
          failForm(err);
          return 0;
        }
      },

      async remove(id) {
        try {
          await api.call('certs/delete', { id });
          if (get().selectedId === id) set({ selectedId: null, detail: null });
          await get().refresh();
        } catch (err) {
          fail(err);
        }
      },

      async renew(id) {
        try {
          await after(await api.call('certs/renew', { id }));
        } catch (err) {
          fail(err);
        }
      },

      async setAcsTls(params) {
        try {
          set({ acsTls: await api.call('certs/acs-tls-set', params) });
        } catch (err) {
          fail(err);
        }
      },

      clearFormError() {
        set({ formError: undefined });
      },

      async setTrust(id, store, trusted) {
        try {
          await api.call(trusted ? 'certs/trust-add' : 'certs/trust-remove', { id, store });
          await get().refresh();
        } catch (err) {
          fail(err);
        }
      },
    };
  });
}
