import type { CertDetail, CertRole, CertSummary, ChainLink } from '../../src-shared/api/certs';
import { toPem } from './formats';
import type { CertStore, StoredCert } from './cert-store';
import { daysLeft, inspectCertificate } from './x509-inspect';

/** The store's view of one certificate, safe for the renderer: no key material. */
export function summarize(store: CertStore, c: StoredCert, now = Date.now()): CertSummary {
  const f = inspectCertificate(c.der);
  const issuer = findIssuer(store, c);
  const summary: CertSummary = {
    id: c.meta.id,
    label: c.meta.label,
    role: c.meta.role,
    origin: c.meta.origin,
    subject: f.subject,
    issuer: f.issuer,
    commonName: f.commonName,
    serialNumber: f.serialNumber,
    notBefore: f.notBefore.toISOString(),
    notAfter: f.notAfter.toISOString(),
    daysLeft: daysLeft(f.notAfter, now),
    validity: now > f.notAfter.getTime() ? 'expired' : now < f.notBefore.getTime() ? 'not-yet-valid' : 'valid',
    isCa: f.isCa,
    selfSigned: f.selfSigned,
    sans: f.sans,
    publicKey: { type: f.publicKey.type, bits: f.publicKey.bits, curve: f.publicKey.curve, description: f.publicKey.description },
    hasPrivateKey: c.meta.hasKey,
    trustedFor: store.trustStoresOf(c.meta.id),
    usedByAcs: store.acs.certId === c.meta.id,
    fingerprint256: f.fingerprint256,
    createdAt: c.meta.createdAt,
  };
  if (issuer && issuer.meta.id !== c.meta.id) summary.issuerId = issuer.meta.id;
  if (c.meta.deliberatelyBad) summary.deliberatelyBad = c.meta.deliberatelyBad;
  return summary;
}

export function detail(store: CertStore, c: StoredCert, now = Date.now()): CertDetail {
  const f = inspectCertificate(c.der);
  const { chain, complete, problem } = buildChain(store, c);
  const warnings: string[] = [];
  if (now > f.notAfter.getTime()) warnings.push(expiredWording(f.notAfter, now));
  else if (now < f.notBefore.getTime()) warnings.push('Not valid yet');
  else if (daysLeft(f.notAfter, now) < 30) warnings.push(`Expires in ${daysLeft(f.notAfter, now)} days`);
  if (f.version < 3) warnings.push(`X.509 version ${f.version}: no extensions, TLS libraries may refuse it`);
  if (/sha1|md5/i.test(f.signatureAlgorithm)) warnings.push(`Weak signature algorithm ${f.signatureAlgorithm}: modern TLS stacks reject it`);
  if (f.publicKey.type === 'rsa' && (f.publicKey.bits ?? 0) < 2048) warnings.push(`RSA key of ${f.publicKey.bits} bits: OpenSSL 3 rejects keys under 2048 bits at its default level`);
  if (c.meta.role === 'server' && f.extendedKeyUsage.length > 0 && !f.extendedKeyUsage.includes('serverAuth')) warnings.push('No serverAuth extended key usage: TLS clients will refuse it as a server certificate');
  if (c.meta.role === 'client' && f.extendedKeyUsage.length > 0 && !f.extendedKeyUsage.includes('clientAuth')) warnings.push('No clientAuth extended key usage: servers will refuse it as a client certificate');
  if (c.meta.role === 'server' && f.sans.length === 0) warnings.push('No subjectAltName: clients match the host name against SANs only');
  if (c.meta.deliberatelyBad) warnings.unshift(`Deliberately bad certificate (${c.meta.deliberatelyBad}) for negative tests`);
  const d: CertDetail = {
    ...summarize(store, c, now),
    signatureAlgorithm: f.signatureAlgorithm,
    keyUsage: f.keyUsage,
    extendedKeyUsage: f.extendedKeyUsage,
    fingerprint1: f.fingerprint1,
    version: f.version,
    chain,
    chainComplete: complete,
    warnings,
    pem: toPem(c.der, 'CERTIFICATE'),
  };
  if (f.basicConstraints) d.basicConstraints = f.basicConstraints;
  if (f.subjectKeyIdentifier) d.subjectKeyIdentifier = f.subjectKeyIdentifier;
  if (f.authorityKeyIdentifier) d.authorityKeyIdentifier = f.authorityKeyIdentifier;
  if (problem) d.chainProblem = problem;
  return d;
}

/**
 * How long ago a certificate expired, in whole days elapsed (truncated toward zero): `daysLeft` floors, so
 * a certificate that expired 25 hours ago is -2 days "left" but expired 1 day ago.
 */
export function expiredWording(notAfter: Date, now = Date.now()): string {
  const days = Math.floor((now - notAfter.getTime()) / 86_400_000);
  if (days < 1) return 'Expired less than a day ago';
  return `Expired ${days} ${days === 1 ? 'day' : 'days'} ago`;
}

/** The stored certificate that signed `c` (itself when self-signed), if any. */
export function findIssuer(store: CertStore, c: StoredCert): StoredCert | undefined {
  const preferred = c.meta.issuerId ? store.get(c.meta.issuerId) : undefined;
  const candidates = preferred ? [preferred, ...store.list()] : store.list();
  for (const cand of candidates) {
    if (!c.x509.checkIssued(cand.x509)) continue;
    try {
      if (c.x509.verify(cand.x509.publicKey)) return cand;
    } catch {
      // a key type Node cannot verify with: not this one
    }
  }
  return undefined;
}

/** From `c` up to a self-signed root, using what the store holds. */
export function buildChain(store: CertStore, c: StoredCert): { chain: ChainLink[]; certs: StoredCert[]; complete: boolean; problem?: string } {
  const chain: ChainLink[] = [];
  const certs: StoredCert[] = [];
  let current: StoredCert | undefined = c;
  const seen = new Set<string>();
  while (current && chain.length < 10) {
    seen.add(current.meta.id);
    certs.push(current);
    const f = inspectCertificate(current.der);
    const issuer = findIssuer(store, current);
    chain.push({
      subject: f.subject,
      issuer: f.issuer,
      fingerprint256: f.fingerprint256,
      id: current.meta.id,
      selfSigned: f.selfSigned,
      signatureValid: issuer !== undefined,
    });
    if (f.selfSigned) return { chain, certs, complete: true };
    if (!issuer) {
      const issuedBy = f.issuer;
      return { chain, certs, complete: false, problem: `The issuer "${issuedBy}" is not in the store (import it to complete the chain)` };
    }
    if (seen.has(issuer.meta.id)) return { chain, certs, complete: false, problem: 'The chain loops' };
    current = issuer;
  }
  return { chain, certs, complete: false, problem: 'The chain is longer than 10 certificates' };
}

export function roleOf(isCa: boolean, eku: string[]): CertRole {
  if (isCa) return 'ca';
  if (eku.includes('serverAuth') && !eku.includes('clientAuth')) return 'server';
  if (eku.includes('clientAuth') && !eku.includes('serverAuth')) return 'client';
  if (eku.includes('serverAuth')) return 'server';
  return 'other';
}
