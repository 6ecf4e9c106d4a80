import { join } from 'node:path';
import type { ProxyProfile } from '../../src-shared/api/proxy';
import type { CertStore } from '../tls/cert-store';
import { buildChain } from '../tls/cert-views';
import { toPem } from '../tls/formats';
import { loadOrCreateKeyAndCert, selfSignedServerCert, type KeyAndCert } from '../tls/self-signed';

export type { KeyAndCert };

/**
 * A self-signed certificate for HTTPS listeners until the user picks one of theirs: made once per data
 * folder (RSA 2048, SANs for localhost, loopback and the advertised host), kept with the key mode 0600.
 */
export async function selfSignedListenerCert(dataDir: string, host: string): Promise<KeyAndCert> {
  const made = await loadOrCreateKeyAndCert(join(dataDir, 'proxy', 'self-signed.key.pem'), join(dataDir, 'proxy', 'self-signed.cert.pem'), () =>
    makeSelfSigned(['localhost', '127.0.0.1', '::1', host]),
  );
  return { key: made.key, cert: made.cert };
}

/** Makes a self-signed server certificate valid for the given names and addresses (825 days). */
export function makeSelfSigned(names: string[]): KeyAndCert {
  return selfSignedServerCert({ commonName: 'CWMP Workbench proxy', names, validityDays: 825 });
}

/** The listener's key and certificate for a profile, or undefined for plain HTTP. */
export async function listenerTlsFor(profile: ProxyProfile, dataDir: string, host: string): Promise<KeyAndCert | undefined> {
  const tls = profile.listen.tls;
  if (!tls) return undefined;
  switch (tls.mode) {
    case 'pem':
      return { key: tls.keyPem, cert: tls.certPem };
    case 'self-signed':
      return selfSignedListenerCert(dataDir, host);
    default: {
      const never: never = tls;
      throw new Error(`unknown TLS mode ${JSON.stringify(never)}`);
    }
  }
}

/** Where a proxy takes certificates from the workbench's store (listener identity, upstream trust). */
export interface ProxyCertificates {
  /** Key and chain (leaf first, no self-signed root) of a stored certificate, for an HTTPS listener. */
  listenerCert(id: string): Promise<KeyAndCert>;
  /** PEMs of the CAs in the proxy trust store. */
  upstreamCas(): string[];
}

/** A stored certificate as an HTTPS listener's identity; a clear error when it cannot serve as one. */
export async function storeListenerCert(store: CertStore, id: string): Promise<KeyAndCert> {
  const c = store.get(id);
  if (!c) throw new Error(`no certificate '${id}' in the store`);
  if (c.x509.ca) throw new Error(`"${c.meta.label}" is a CA certificate: issue a server certificate from it for the proxy`);
  const key = await store.key(id);
  if (!key) throw new Error(`"${c.meta.label}" has no private key in the store: the proxy cannot present it`);
  const chain = buildChain(store, c).certs.filter((x, i) => i === 0 || x.x509.subject !== x.x509.issuer);
  return { key: key.export({ type: 'pkcs8', format: 'pem' }).toString(), cert: chain.map((x) => toPem(x.der, 'CERTIFICATE')).join('') };
}
