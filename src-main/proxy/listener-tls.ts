import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import forge from 'node-forge';
import type { ProxyProfile } from '../../src-shared/api/proxy';
import type { CertStore } from '../tls/cert-store';
import { buildChain } from '../tls/cert-views';
import { toPem } from '../tls/formats';
import { writeFileAtomic } from '../util/atomic-file';

export interface KeyAndCert {
  key: string;
  cert: string;
}

/**
 * A self-signed certificate for HTTPS listeners until the user picks one of theirs: made once per data
 * folder (RSA 2048, SANs for localhost, loopback and the advertised host), kept with the key mode 0600.
 */
export async function selfSignedListenerCert(dataDir: string, host: string): Promise<KeyAndCert> {
  const keyPath = join(dataDir, 'proxy', 'self-signed.key.pem');
  const certPath = join(dataDir, 'proxy', 'self-signed.cert.pem');
  try {
    return { key: await readFile(keyPath, 'utf8'), cert: await readFile(certPath, 'utf8') };
  } catch {
    // Not made yet.
  }
  const made = makeSelfSigned(['localhost', '127.0.0.1', '::1', host]);
  await writeFileAtomic(keyPath, made.key, 0o600);
  await writeFileAtomic(certPath, made.cert, 0o644);
  return made;
}

/** Makes a self-signed server certificate valid for the given names and addresses. */
export function makeSelfSigned(names: string[]): KeyAndCert {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const pubPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(pubPem);
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  const now = new Date();
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + 825 * 24 * 3600 * 1000);
  const attrs = [
    { name: 'commonName', value: 'CWMP Workbench proxy' },
    { name: 'organizationName', value: 'CWMP Workbench (self-signed)' },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  const altNames = [...new Set(names.filter(Boolean))].map((n) => (isIP(n) ? { type: 7, ip: n } : { type: 2, value: n }));
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(keyPem), forge.md.sha256.create());
  return { key: keyPem, cert: forge.pki.certificateToPem(cert) };
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
