import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { certificateParts, extensionParts, forgePki, fromDer, OID, SIGNATURE_ALGORITHMS, type Asn1 } from './asn1';
import { describeKey, keyInfo, type KeyInfo } from './keys';
import type { CertDetail } from '../../src-shared/api/certs';

/**
 * Everything one can say about a certificate on its own (no store, no chain). The fields it shares with the
 * API's `CertDetail` are taken from it, so the two cannot drift apart.
 */
export interface CertFacts
  extends Pick<
    CertDetail,
    | 'subject'
    | 'issuer'
    | 'commonName'
    | 'serialNumber'
    | 'sans'
    | 'signatureAlgorithm'
    | 'keyUsage'
    | 'extendedKeyUsage'
    | 'basicConstraints'
    | 'subjectKeyIdentifier'
    | 'authorityKeyIdentifier'
    | 'isCa'
    | 'selfSigned'
    | 'version'
    | 'fingerprint1'
    | 'fingerprint256'
  > {
  notBefore: Date;
  notAfter: Date;
  dns: string[];
  ip: string[];
  publicKey: KeyInfo & { description: string };
}

const EKU_NAMES: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '2.5.29.37.0': 'anyExtendedKeyUsage',
};
const KU_NAMES = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'];

/** Reads a DER certificate; throws a clear error if it is not one. */
export function parseCertificate(der: Buffer): X509Certificate {
  try {
    return new X509Certificate(der);
  } catch (err) {
    throw new Error(`Not a valid X.509 certificate (${err instanceof Error ? err.message : String(err)})`);
  }
}

/** One line, `CN=…, O=…`, from Node's multi-line form. */
export function oneLineName(name: string): string {
  return name.split('\n').filter(Boolean).join(', ');
}

export function inspectCertificate(der: Buffer): CertFacts {
  const x = parseCertificate(der);
  const parts = certificateParts(der);
  const key = keyInfo(x.publicKey);
  const facts: CertFacts = {
    subject: oneLineName(x.subject),
    issuer: oneLineName(x.issuer),
    commonName: /(?:^|\n)CN=([^\n]*)/.exec(x.subject)?.[1] ?? '',
    serialNumber: x.serialNumber.toUpperCase(),
    notBefore: new Date(x.validFrom),
    notAfter: new Date(x.validTo),
    sans: [],
    dns: [],
    ip: [],
    publicKey: { ...key, description: describeKey(key) },
    signatureAlgorithm: SIGNATURE_ALGORITHMS[parts.signatureOid]?.name ?? parts.signatureOid,
    keyUsage: [],
    extendedKeyUsage: [],
    isCa: x.ca,
    selfSigned: x.subject === x.issuer && safeVerify(x),
    version: parts.version,
    fingerprint1: x.fingerprint,
    fingerprint256: x.fingerprint256,
  };
  for (const ext of parts.extensions) readExtension(ext, facts);
  return facts;
}

function safeVerify(x: X509Certificate): boolean {
  try {
    return x.verify(x.publicKey);
  } catch {
    return false;
  }
}

function readExtension(ext: Asn1, facts: CertFacts): void {
  const { oid, value } = extensionParts(ext);
  try {
    switch (oid) {
      case OID.subjectAltName: {
        const decoded = forgePki.certificateExtensionFromAsn1(ext);
        for (const n of decoded.altNames ?? []) {
          if (n.type === 2) {
            facts.dns.push(n.value);
            facts.sans.push(`DNS:${n.value}`);
          } else if (n.type === 7 && n.ip) {
            facts.ip.push(n.ip);
            facts.sans.push(`IP:${n.ip}`);
          } else if (n.type === 1) facts.sans.push(`email:${n.value}`);
          else if (n.type === 6) facts.sans.push(`URI:${n.value}`);
        }
        break;
      }
      case OID.keyUsage: {
        const bits = fromDer(value).value as string; // first byte: unused bits
        for (let i = 0; i < KU_NAMES.length; i++) {
          const byte = bits.charCodeAt(1 + (i >> 3));
          if (!Number.isNaN(byte) && byte & (0x80 >> (i & 7))) facts.keyUsage.push(KU_NAMES[i]);
        }
        break;
      }
      case OID.extKeyUsage: {
        for (const o of fromDer(value).value as Asn1[]) {
          const dotted = forge.asn1.derToOid(o.value as string);
          facts.extendedKeyUsage.push(EKU_NAMES[dotted] ?? dotted);
        }
        break;
      }
      case OID.basicConstraints: {
        const items = fromDer(value).value as Asn1[];
        let ca = false;
        let pathLength: number | undefined;
        for (const it of items) {
          if (it.type === forge.asn1.Type.BOOLEAN) ca = (it.value as string) !== '\u0000';
          if (it.type === forge.asn1.Type.INTEGER) pathLength = forge.asn1.derToInteger(it.value as string) as number;
        }
        facts.basicConstraints = pathLength === undefined ? { ca } : { ca, pathLength };
        break;
      }
      case OID.subjectKeyIdentifier:
        facts.subjectKeyIdentifier = hexColons(Buffer.from(fromDer(value).value as string, 'binary'));
        break;
      case OID.authorityKeyIdentifier: {
        const keyId = (fromDer(value).value as Asn1[]).find((n) => n.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && n.type === 0);
        if (keyId) facts.authorityKeyIdentifier = hexColons(Buffer.from(keyId.value as string, 'binary'));
        break;
      }
      default:
        break;
    }
  } catch {
    // An extension we cannot decode is shown as absent rather than failing the whole certificate.
  }
}

function hexColons(b: Buffer): string {
  return b.toString('hex').toUpperCase().replace(/(..)(?!$)/g, '$1:');
}

/** Whole days from now until `date` (negative in the past). */
export function daysLeft(date: Date, now = Date.now()): number {
  return Math.floor((date.getTime() - now) / 86_400_000);
}
