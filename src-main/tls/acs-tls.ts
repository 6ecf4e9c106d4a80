import { networkInterfaces, hostname } from 'node:os';
import { X509Certificate } from 'node:crypto';
import type { AcsTlsSettings, MtlsMode } from '../../src-shared/api/certs';
import type { TlsPeerCertificate } from '../../src-shared/traffic/exchange';
import type { CertStore, StoredCert } from './cert-store';
import type { CertOperations } from './cert-ops';
import { buildChain, summarize } from './cert-views';
import { toPem } from './formats';
import { oneLineName } from './x509-inspect';

/** What the ACS's HTTPS listener is given (Node `tls` secure-context options plus the mode). */
export interface AcsTlsOptions {
  key: string;
  /** The server certificate followed by its intermediates (not the root). */
  cert: string;
  /** CAs whose client certificates are accepted (mutual TLS on). */
  ca?: string[];
  requestCert: boolean;
  rejectUnauthorized: boolean;
  mtlsMode: MtlsMode;
  /** Where the NSS key log goes, when it is on. */
  keyLogFile?: string;
}

export const LAB_CA_LABEL = 'CWMP Workbench Lab CA';
export const DEFAULT_ACS_LABEL = 'ACS server (default)';

/** Names and addresses this host answers to, for the default ACS certificate's SANs. */
export function hostIdentities(): { dns: string[]; ip: string[] } {
  const dns = new Set(['localhost']);
  const host = hostname();
  if (/^[A-Za-z0-9.-]+$/.test(host)) dns.add(host);
  const ip = new Set(['127.0.0.1', '::1']);
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.family === 'IPv6' && a.address.toLowerCase().startsWith('fe80')) continue; // link-local needs a scope id
      ip.add(a.address);
    }
  }
  return { dns: [...dns], ip: [...ip] };
}

/** First start: a lab CA and an ACS certificate it issued, chosen for the ACS. */
export async function ensureAcsDefaults(store: CertStore, ops: CertOperations): Promise<StoredCert> {
  const chosen = store.acs.certId ? store.get(store.acs.certId) : undefined;
  if (chosen && chosen.meta.hasKey) return chosen;
  let ca = store.list().find((c) => c.meta.role === 'ca' && c.meta.hasKey && c.meta.label === LAB_CA_LABEL && new Date(c.x509.validTo).getTime() > Date.now());
  if (!ca) {
    const created = await ops.createCa({
      subject: { commonName: LAB_CA_LABEL, organization: 'CWMP Workbench' },
      keyAlgorithm: 'rsa-2048',
      validityDays: 3650,
      label: LAB_CA_LABEL,
      trust: ['acs-clients', 'proxy-upstream'],
    });
    ca = store.get(created.id);
  }
  if (!ca) throw new Error('Could not create the lab CA');
  const ids = hostIdentities();
  const issued = await ops.issue({
    issuerId: ca.meta.id,
    profile: 'server',
    subject: { commonName: 'localhost', organization: 'CWMP Workbench ACS' },
    dns: ids.dns,
    ip: ids.ip,
    keyAlgorithm: 'rsa-2048',
    validityDays: 825,
    label: DEFAULT_ACS_LABEL,
  });
  await store.setAcs({ certId: issued.id });
  const stored = store.get(issued.id);
  if (!stored) throw new Error('Could not issue the ACS certificate');
  return stored;
}

export async function buildAcsTlsOptions(store: CertStore, cert: StoredCert, keyLogFile: string): Promise<AcsTlsOptions> {
  const key = await store.key(cert.meta.id);
  if (!key) throw new Error(`The ACS certificate "${cert.meta.label}" has no private key`);
  const { certs } = buildChain(store, cert);
  const chain = certs.filter((c, i) => i === 0 || !c.x509.verify(c.x509.publicKey) || c.x509.subject !== c.x509.issuer);
  const { mtlsMode, keyLog } = store.acs;
  const options: AcsTlsOptions = {
    key: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    cert: chain.map((c) => toPem(c.der, 'CERTIFICATE')).join(''),
    requestCert: mtlsMode !== 'off',
    rejectUnauthorized: mtlsMode === 'required',
    mtlsMode,
  };
  // Always an array when asking for client certificates: without `ca` Node would trust its public roots.
  if (mtlsMode !== 'off') options.ca = store.trusted('acs-clients').map((c) => toPem(c.der, 'CERTIFICATE'));
  if (keyLog) options.keyLogFile = keyLogFile;
  return options;
}

export function acsSettings(store: CertStore, keyLogFile: string): AcsTlsSettings {
  const { certId, mtlsMode, keyLog } = store.acs;
  const cert = certId ? store.get(certId) : undefined;
  return {
    certId: cert ? certId : null,
    ...(cert ? { cert: summarize(store, cert) } : {}),
    mtlsMode,
    keyLog,
    keyLogPath: keyLogFile,
    clientCas: store.trusted('acs-clients').map((c) => summarize(store, c)),
  };
}

/** The ACS trust store's verdict on a client certificate (DER), for recording with the traffic. */
export function verifyAgainstTrust(store: CertStore, der: Buffer, now = Date.now()): TlsPeerCertificate {
  let x: X509Certificate;
  try {
    x = new X509Certificate(der);
  } catch {
    return { subject: '', issuer: '', fingerprint256: '', validTo: '', verdict: 'untrusted', reason: 'unreadable certificate' };
  }
  const base = { subject: oneLineName(x.subject), issuer: oneLineName(x.issuer), fingerprint256: x.fingerprint256, validTo: new Date(x.validTo).toISOString() };
  if (now > new Date(x.validTo).getTime()) return { ...base, verdict: 'expired', reason: `certificate expired on ${base.validTo}` };
  if (now < new Date(x.validFrom).getTime()) return { ...base, verdict: 'expired', reason: `certificate not yet valid (from ${new Date(x.validFrom).toISOString()})` };
  const anchors = store.trusted('acs-clients');
  if (anchors.some((a) => a.x509.fingerprint256 === x.fingerprint256)) return { ...base, verdict: 'trusted', reason: 'the certificate itself is trusted' };
  // Walk up through what the store holds until a trusted anchor signs.
  let current = x;
  for (let depth = 0; depth < 10; depth++) {
    const anchor = anchors.find((a) => signedBy(current, a.x509));
    if (anchor) return { ...base, verdict: 'trusted', reason: `issued by trusted CA ${oneLineName(anchor.x509.subject)}` };
    const parent = store.list().find((c) => c.x509.fingerprint256 !== current.fingerprint256 && signedBy(current, c.x509));
    if (!parent) break;
    current = parent.x509;
  }
  if (x.subject === x.issuer && signedBy(x, x)) return { ...base, verdict: 'untrusted', reason: 'self-signed certificate not in the ACS trust store' };
  return { ...base, verdict: 'untrusted', reason: `unknown CA: issuer ${base.issuer} is not in the ACS trust store` };
}

function signedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  if (!cert.checkIssued(issuer)) return false;
  try {
    return cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}
