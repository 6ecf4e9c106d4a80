import { join } from 'node:path';
import type { ApiHandlers } from '../../src-shared/api/client';
import { ConflictError } from '../../src-shared/errors/domain-error';
import type { TlsPeerCertificate } from '../../src-shared/traffic/exchange';
import type { EventHub } from '../runtime/event-hub';
import { acsSettings, buildAcsTlsOptions, ensureAcsDefaults, verifyAgainstTrust, type AcsTlsOptions } from './acs-tls';
import { CertOperations } from './cert-ops';
import { CertStore } from './cert-store';
import { summarize } from './cert-views';
import { describeTlsError } from './tls-errors';

export type { AcsTlsOptions } from './acs-tls';
export { attachTlsDiagnostics, clientCertificateOf, clientCertificateRefusal, type TlsDiagnostics, type TlsDiagnosticsOptions } from './tls-diagnostics';
export { createKeyLogWriter, type KeyLogWriter } from './key-log';
export { describeTlsError, describeVerifyCode } from './tls-errors';

export type CertsMethod =
  | 'certs/list'
  | 'certs/get'
  | 'certs/create-ca'
  | 'certs/import-ca'
  | 'certs/issue'
  | 'certs/sign-csr'
  | 'certs/renew'
  | 'certs/delete'
  | 'certs/export'
  | 'certs/import'
  | 'certs/trust-list'
  | 'certs/trust-add'
  | 'certs/trust-remove'
  | 'certs/acs-tls-get'
  | 'certs/acs-tls-set';

export interface CertService {
  handlers: Pick<ApiHandlers, CertsMethod>;
  /**
   * Ensures a lab CA and a default ACS server certificate exist (SANs localhost, 127.0.0.1, ::1 and the
   * host's own addresses) and returns what the ACS HTTPS listener should use.
   */
  acsTlsOptions(): Promise<AcsTlsOptions>;
  /** Fires with fresh options when the ACS certificate, the mutual-TLS mode, its trust store or the key log changes. */
  onAcsTlsChange(listener: (options: AcsTlsOptions) => void): () => void;
  /** The ACS trust store's verdict on a client certificate (DER), for recording with its traffic. */
  verifyClientCertificate(peerCertDer: Buffer): TlsPeerCertificate;
  /** A TLS error in words: unknown CA, certificate expired, hostname mismatch, no client certificate, … */
  describeTlsError(err: Error): string;
  /** PEMs of the CAs the capture proxy trusts upstream (empty: the proxy falls back to its own choice). */
  proxyUpstreamCas(): string[];
  /** The store itself (for the CLI and tests). */
  readonly store: CertStore;
}

export async function createCertService(options: { dataDir: string; hub?: EventHub }): Promise<CertService> {
  const store = new CertStore(options.dataDir);
  await store.load();
  const keyLogFile = join(options.dataDir, 'tls-keylog.txt');
  const acsListeners = new Set<(o: AcsTlsOptions) => void>();
  let lastAcsSnapshot = '';

  const notifyAcs = async (): Promise<void> => {
    if (acsListeners.size === 0 || !store.acs.certId) return;
    const cert = store.get(store.acs.certId);
    if (!cert) return;
    const opts = await buildAcsTlsOptions(store, cert, keyLogFile);
    const snapshot = JSON.stringify(opts);
    if (snapshot === lastAcsSnapshot) return;
    lastAcsSnapshot = snapshot;
    for (const l of acsListeners) {
      try {
        l(opts);
      } catch {
        // a listener's failure (a listener that went away) must not stop the others
      }
    }
  };
  const changed = (ids: string[]): void => {
    options.hub?.publish({ event: 'certs/changed', data: { ids } });
    void notifyAcs().catch(() => undefined);
  };
  const ops = new CertOperations(store, changed);

  const acsGet = (): ReturnType<typeof acsSettings> => acsSettings(store, keyLogFile);
  const handlers: Pick<ApiHandlers, CertsMethod> = {
    'certs/list': () => ({ certs: ops.list() }),
    'certs/get': (p) => ops.get(p.id),
    'certs/create-ca': (p) => ops.createCa(p),
    'certs/import-ca': async (p) => {
      const imported = await ops.importCerts(
        { pem: p.certPem, keyPem: p.keyPem, keyPassword: p.keyPassword, pkcs12Base64: p.pkcs12Base64, password: p.password, label: p.label },
        { trust: p.trust },
      );
      return ops.get(imported[0].meta.id);
    },
    'certs/issue': (p) => ops.issue(p),
    'certs/sign-csr': (p) => ops.signCsr(p),
    'certs/renew': (p) => ops.renew(p),
    'certs/delete': async (p) => ({ deleted: await ops.remove(p.id) }),
    'certs/export': (p) => ops.exportCert(p),
    'certs/import': async (p) => ({ imported: (await ops.importCerts(p)).map((c) => summarize(store, c)) }),
    'certs/trust-list': () => ({
      acsClients: store.trusted('acs-clients').map((c) => summarize(store, c)),
      proxyUpstream: store.trusted('proxy-upstream').map((c) => summarize(store, c)),
    }),
    'certs/trust-add': async (p) => {
      await ops.setTrust(p.id, p.store, true);
      return { ok: true as const };
    },
    'certs/trust-remove': async (p) => {
      await ops.setTrust(p.id, p.store, false);
      return { ok: true as const };
    },
    'certs/acs-tls-get': () => acsGet(),
    'certs/acs-tls-set': async (p) => {
      if (p.certId !== undefined) {
        const c = ops.require(p.certId);
        if (!c.meta.hasKey) throw new ConflictError(`"${c.meta.label}" has no private key in the store: the ACS cannot present it`);
        if (c.x509.ca) throw new ConflictError(`"${c.meta.label}" is a CA certificate: issue a server certificate from it for the ACS`);
      }
      await store.setAcs({
        ...(p.certId !== undefined ? { certId: p.certId } : {}),
        ...(p.mtlsMode !== undefined ? { mtlsMode: p.mtlsMode } : {}),
        ...(p.keyLog !== undefined ? { keyLog: p.keyLog } : {}),
      });
      changed(p.certId ? [p.certId] : []);
      await notifyAcs();
      return acsGet();
    },
  };

  return {
    handlers,
    store,
    async acsTlsOptions(): Promise<AcsTlsOptions> {
      const cert = await ensureAcsDefaults(store, ops);
      const opts = await buildAcsTlsOptions(store, cert, keyLogFile);
      lastAcsSnapshot = JSON.stringify(opts);
      return opts;
    },
    onAcsTlsChange(listener: (o: AcsTlsOptions) => void): () => void {
      acsListeners.add(listener);
      return () => acsListeners.delete(listener);
    },
    verifyClientCertificate: (der: Buffer) => verifyAgainstTrust(store, der),
    describeTlsError: (err: Error) => describeTlsError(err),
    proxyUpstreamCas: () => store.trusted('proxy-upstream').map((c) => c.x509.toString()),
  };
}
