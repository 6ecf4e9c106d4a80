import { createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { ConflictError, DomainError, InvalidRequestError, NotFoundError } from '../../src-shared/errors/domain-error';
import type { ValidParams } from '../../src-shared/api/index';
import { certificateParts, toDer } from './asn1';
import type { CertDetail, CertRole, CertSummary, ExportResult, TrustStoreName } from '../../src-shared/api/certs';
import type { CertStore, StoredCert } from './cert-store';
import { buildChain, detail, findIssuer, roleOf, summarize } from './cert-views';
import { looksLikeDer, parseCertificatesPem, parseCsr, readPkcs12, toPem, writePkcs12, checkCertificateDer } from './formats';
import { generateKey, keysMatch, parsePrivateKey, type KeyAlgorithm } from './keys';
import { applyBadKind, badLabel, profileUsages, validity } from './profiles';
import { buildCertificate, type CertificateSpec, type ExtKeyUsageName, type KeyUsageName } from './x509-build';
import { inspectCertificate } from './x509-inspect';

const KU: readonly string[] = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign'];
const EKU: readonly string[] = ['serverAuth', 'clientAuth', 'codeSigning', 'emailProtection', 'timeStamping', 'OCSPSigning'];

/** Turns a thrown parsing error into a `bad-request` the caller can read. */
function badInput<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw new InvalidRequestError(err instanceof Error ? err.message : String(err));
  }
}

/** The certificate operations behind the certs/* methods. */
export class CertOperations {
  constructor(
    private readonly store: CertStore,
    private readonly changed: (ids: string[]) => void,
  ) {}

  list(): CertSummary[] {
    return this.store.list().map((c) => summarize(this.store, c));
  }

  get(id: string): CertDetail {
    return detail(this.store, this.require(id));
  }

  require(id: string): StoredCert {
    const c = this.store.get(id);
    if (!c) throw new NotFoundError(`No certificate with id ${id}`);
    return c;
  }

  async createCa(p: ValidParams<'certs/create-ca'>): Promise<CertDetail> {
    const { privateKey, publicKey } = generateKey(p.keyAlgorithm as KeyAlgorithm);
    const usages = profileUsages('ca', privateKey);
    const der = buildCertificate({
      subject: p.subject,
      publicKey,
      selfKey: privateKey,
      ...validity(p.validityDays),
      ca: p.pathLength !== undefined ? { pathLength: p.pathLength } : {},
      ...usages,
    });
    const stored = await this.store.add({ label: p.label ?? p.subject.commonName, role: 'ca', origin: 'created' }, der, privateKey);
    for (const s of p.trust) await this.store.setTrust(stored.meta.id, s, true);
    this.changed([stored.meta.id]);
    return detail(this.store, stored);
  }

  async issue(p: ValidParams<'certs/issue'>): Promise<CertDetail> {
    const ca = this.require(p.issuerId);
    const caKey = await this.store.key(ca.meta.id);
    if (!caKey) throw new ConflictError(`The CA "${ca.meta.label}" has no private key in the store: it cannot issue`);
    if (!ca.x509.ca) throw new ConflictError(`"${ca.meta.label}" is not a CA certificate (basicConstraints CA:FALSE)`);
    const { privateKey, publicKey } = generateKey(p.keyAlgorithm as KeyAlgorithm);
    const usages = profileUsages(p.profile, privateKey);
    let spec: CertificateSpec = {
      subject: p.subject,
      publicKey,
      issuer: { certDer: ca.der, key: caKey },
      ...validity(p.validityDays),
      keyUsage: (p.keyUsage as KeyUsageName[] | undefined) ?? usages.keyUsage,
      extendedKeyUsage: (p.extendedKeyUsage as ExtKeyUsageName[] | undefined) ?? usages.extendedKeyUsage,
      dns: p.dns,
      ip: p.ip,
    };
    if (p.bad) spec = applyBadKind(spec, p.bad, p.profile);
    if (p.bad === 'self-signed') spec = { ...spec, issuer: undefined, selfKey: privateKey };
    const der = badInput(() => buildCertificate(spec));
    const baseLabel = p.label ?? p.subject.commonName;
    const stored = await this.store.add(
      {
        label: p.bad ? `${badLabel(p.bad)} ${baseLabel}` : baseLabel,
        role: p.profile,
        origin: 'issued',
        ...(p.bad ? { deliberatelyBad: p.bad } : {}),
        ...(p.bad === 'self-signed' ? {} : { issuerId: ca.meta.id }),
      },
      der,
      privateKey,
    );
    this.changed([stored.meta.id]);
    return detail(this.store, stored);
  }

  async signCsr(p: ValidParams<'certs/sign-csr'>): Promise<CertDetail> {
    const ca = this.require(p.issuerId);
    const caKey = await this.store.key(ca.meta.id);
    if (!caKey) throw new ConflictError(`The CA "${ca.meta.label}" has no private key in the store: it cannot sign`);
    const csr = badInput(() => parseCsr(p.csrPem));
    const usages = profileUsages(p.profile, csr.publicKey);
    const der = badInput(() =>
      buildCertificate({
        subject: { der: csr.subjectDer },
        publicKey: csr.publicKey,
        issuer: { certDer: ca.der, key: caKey },
        ...validity(p.validityDays),
        ...usages,
        dns: unique([...csr.dns, ...p.dns]),
        ip: unique([...csr.ip, ...p.ip]),
      }),
    );
    const cn = /CN=([^,]*)/.exec(csr.subject)?.[1];
    const stored = await this.store.add({ label: p.label ?? cn ?? csr.subject, role: p.profile, origin: 'signed-csr', issuerId: ca.meta.id }, der);
    this.changed([stored.meta.id]);
    return detail(this.store, stored);
  }

  async renew(p: ValidParams<'certs/renew'>): Promise<CertDetail> {
    const current = this.require(p.id);
    const f = inspectCertificate(current.der);
    const oldKey = await this.store.key(current.meta.id);
    let key = oldKey;
    if (p.newKey || !key) {
      if (!p.newKey) throw new ConflictError('The store has no private key for this certificate: renew with newKey to generate one');
      key = generateKey(algorithmOf(current.x509.publicKey)).privateKey;
    }
    const publicKey = createPublicKey(key);
    let issuer: { certDer: Buffer; key: KeyObject } | undefined;
    if (!f.selfSigned) {
      const parent = findIssuer(this.store, current) ?? (current.meta.issuerId ? this.store.get(current.meta.issuerId) : undefined);
      const parentKey = parent ? await this.store.key(parent.meta.id) : undefined;
      if (!parent || !parentKey) throw new ConflictError(`The issuer "${f.issuer}" and its key are not in the store: cannot renew`);
      issuer = { certDer: parent.der, key: parentKey };
    }
    const lengthDays = Math.max(1, Math.round((f.notAfter.getTime() - f.notBefore.getTime()) / 86_400_000));
    const spec: CertificateSpec = {
      subject: { der: subjectDer(current.der) },
      publicKey,
      ...(issuer ? { issuer } : { selfKey: key }),
      ...validity(p.validityDays ?? lengthDays),
      ...(f.basicConstraints?.ca ? { ca: f.basicConstraints.pathLength !== undefined ? { pathLength: f.basicConstraints.pathLength } : {} } : {}),
      keyUsage: f.keyUsage.filter((u) => KU.includes(u)) as KeyUsageName[],
      extendedKeyUsage: f.extendedKeyUsage.filter((u) => EKU.includes(u)) as ExtKeyUsageName[],
      dns: f.dns,
      ip: f.ip,
    };
    const der = badInput(() => buildCertificate(spec));
    const stored = await this.store.replace(current.meta.id, der, p.newKey ? key : undefined);
    // A renewal cures bad dates; the other bad kinds are carried over by copying names and usages.
    const bad = stored.meta.deliberatelyBad;
    if (bad === 'expired' || bad === 'not-yet-valid') {
      delete stored.meta.deliberatelyBad;
      await this.store.setLabel(stored.meta.id, stored.meta.label.replace(badLabel(bad), '').trim() || f.commonName);
    }
    this.changed([stored.meta.id]);
    return detail(this.store, stored);
  }

  async remove(id: string): Promise<boolean> {
    const c = this.store.get(id);
    if (!c) return false;
    if (this.store.acs.certId === id) throw new ConflictError('The ACS uses this certificate: choose another one for the ACS first');
    const dependants = this.store.list().filter((o) => o.meta.id !== id && o.meta.issuerId === id);
    const removed = await this.store.remove(id);
    this.changed([id, ...dependants.map((d) => d.meta.id)]);
    return removed;
  }

  async exportCert(p: ValidParams<'certs/export'>): Promise<ExportResult> {
    const c = this.require(p.id);
    const base = safeFileName(c.meta.label || c.meta.id);
    switch (p.format) {
      case 'pem':
        return exported(p.format, `${base}.crt.pem`, 'application/x-pem-file', toPem(c.der, 'CERTIFICATE'));
      case 'pem-chain': {
        const { certs } = buildChain(this.store, c);
        return exported(p.format, `${base}.chain.pem`, 'application/x-pem-file', certs.map((x) => toPem(x.der, 'CERTIFICATE')).join(''));
      }
      case 'der':
        return exported(p.format, `${base}.cer`, 'application/pkix-cert', c.der);
      case 'pem-key': {
        const key = await this.keyFor(c);
        return { ...exported(p.format, `${base}.key.pem`, 'application/x-pem-file', key.export({ type: 'pkcs8', format: 'pem' }).toString()), secret: true };
      }
      case 'pkcs12': {
        if (!p.password) throw new InvalidRequestError('certs/export: a PKCS#12 file needs a password');
        const key = await this.keyFor(c);
        const chain = buildChain(this.store, c).certs.map((x) => x.der);
        const password = p.password;
        const bytes = badInput(() => writePkcs12(key, chain, password, c.meta.label));
        return { ...exported(p.format, `${base}.p12`, 'application/x-pkcs12', bytes), secret: true };
      }
    }
  }

  /** Imports certificates (and a matching key); returns the stored entries, the key's certificate first. */
  async importCerts(p: ValidParams<'certs/import'>, asCa?: { trust: TrustStoreName[] }): Promise<StoredCert[]> {
    const { certificates, key } = badInput(() => this.readImport(p));
    const withKey = key ? certificates.findIndex((der) => keysMatch(key, new X509Certificate(der).publicKey)) : -1;
    if (key && withKey < 0) throw new InvalidRequestError('The private key does not belong to any of the certificates');
    if (withKey > 0) certificates.unshift(...certificates.splice(withKey, 1));
    if (asCa && !new X509Certificate(certificates[0]).ca) throw new InvalidRequestError('Not a CA certificate (basicConstraints CA:FALSE): import it with certs/import instead');
    const out: StoredCert[] = [];
    for (const [i, der] of certificates.entries()) {
      const x = new X509Certificate(der);
      const ownKey = i === 0 && withKey === 0 ? key : undefined;
      const existing = this.store.findByFingerprint(x.fingerprint256);
      if (existing) {
        if (ownKey && !existing.meta.hasKey) await this.store.attachKey(existing.meta.id, ownKey);
        out.push(existing);
        continue;
      }
      const f = inspectCertificate(der);
      const role: CertRole = roleOf(f.isCa, f.extendedKeyUsage);
      const label = i === 0 && p.label ? p.label : f.commonName || f.subject || 'imported';
      out.push(await this.store.add({ label, role, origin: 'imported' }, der, ownKey));
    }
    if (asCa) for (const s of asCa.trust) await this.store.setTrust(out[0].meta.id, s, true);
    this.changed(out.map((c) => c.meta.id));
    return out;
  }

  async setTrust(id: string, store: TrustStoreName, trusted: boolean): Promise<void> {
    this.require(id);
    await this.store.setTrust(id, store, trusted);
    this.changed([id]);
  }

  private readImport(p: ValidParams<'certs/import'>): { certificates: Buffer[]; key?: KeyObject } {
    const sources = [p.pem, p.derBase64, p.pkcs12Base64].filter((s) => s !== undefined).length;
    if (sources !== 1) throw new Error('Give exactly one of pem, derBase64 or pkcs12Base64');
    if (p.pkcs12Base64 !== undefined) {
      const r = readPkcs12(Buffer.from(p.pkcs12Base64, 'base64'), p.password ?? '');
      if (r.certificates.length === 0) throw new Error('PKCS#12: no certificate inside');
      return r;
    }
    let certificates: Buffer[];
    let key: KeyObject | undefined;
    if (p.derBase64 !== undefined) {
      const der = Buffer.from(p.derBase64, 'base64');
      if (!looksLikeDer(der)) throw new Error('Malformed DER: not an ASN.1 structure');
      checkCertificateDer(der);
      certificates = [der];
    } else {
      const pem = p.pem ?? '';
      certificates = parseCertificatesPem(pem);
      if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem) && p.keyPem === undefined) key = parsePrivateKey(pem, p.keyPassword);
    }
    if (p.keyPem !== undefined) key = parsePrivateKey(p.keyPem, p.keyPassword);
    return { certificates, key };
  }

  private async keyFor(c: StoredCert): Promise<KeyObject> {
    const key = await this.store.key(c.meta.id);
    if (!key) throw new ConflictError(`The store has no private key for "${c.meta.label}"`);
    return key;
  }

}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

function safeFileName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 80) || 'certificate';
}

/** The generation algorithm closest to an existing key. */
function algorithmOf(key: KeyObject): KeyAlgorithm {
  if (key.asymmetricKeyType === 'ec') return 'ec-p256';
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 2048;
  return bits >= 4096 ? 'rsa-4096' : bits >= 3072 ? 'rsa-3072' : 'rsa-2048';
}

/** The subject Name of a DER certificate, byte for byte. */
function subjectDer(der: Buffer): Buffer {
  return toDer(certificateParts(der).subject);
}

/** An export's content as the API carries it: text as is, bytes as base64. */
function exported(format: ExportResult['format'], filename: string, mediaType: string, content: string | Buffer): ExportResult {
  const text = typeof content === 'string';
  return { format, filename, mediaType, data: text ? content : content.toString('base64'), encoding: text ? 'utf8' : 'base64' };
}
