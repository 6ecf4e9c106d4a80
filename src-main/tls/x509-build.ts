import { randomBytes, sign as cryptoSign, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';
import {
  asn1,
  bitString,
  certificateParts,
  children,
  extensionParts,
  fromDer,
  keyIdentifier,
  nullNode,
  OID,
  oidNode,
  seq,
  toDer,
  type Asn1,
} from './asn1';

export type KeyUsageName =
  | 'digitalSignature'
  | 'nonRepudiation'
  | 'keyEncipherment'
  | 'dataEncipherment'
  | 'keyAgreement'
  | 'keyCertSign'
  | 'cRLSign';
export type ExtKeyUsageName = 'serverAuth' | 'clientAuth' | 'codeSigning' | 'emailProtection' | 'timeStamping' | 'OCSPSigning';

export interface DistinguishedName {
  commonName: string;
  organization?: string;
  organizationalUnit?: string;
  country?: string;
  locality?: string;
  state?: string;
}

export interface CertificateSpec {
  /** The subject as fields, or a Name copied byte for byte (from a CSR). */
  subject: DistinguishedName | { der: Buffer };
  publicKey: KeyObject;
  /** The issuing certificate (DER) and its key; absent means self-signed with `selfKey`. */
  issuer?: { certDer: Buffer; key: KeyObject };
  /** The subject's own private key, for a self-signed certificate. */
  selfKey?: KeyObject;
  /** Hex; random 128-bit positive when absent. */
  serialHex?: string;
  notBefore: Date;
  notAfter: Date;
  ca?: { pathLength?: number };
  keyUsage: KeyUsageName[];
  extendedKeyUsage: ExtKeyUsageName[];
  dns?: string[];
  ip?: string[];
}

/**
 * Builds and signs an X.509 v3 certificate. node-forge lays out the TBS structure (names, validity,
 * extensions); Node's crypto supplies the SubjectPublicKeyInfo and the signature, because forge can only
 * encode and sign with RSA keys. Returns DER.
 */
export function buildCertificate(spec: CertificateSpec): Buffer {
  const signingKey = spec.issuer?.key ?? spec.selfKey;
  if (!signingKey) throw new Error('A self-signed certificate needs its own private key');
  const sigAlg = signatureAlgorithm(signingKey);
  const spkiDer = spec.publicKey.export({ type: 'spki', format: 'der' });

  const cert = forge.pki.createCertificate();
  // forge needs some public key to lay out the TBS; the real SubjectPublicKeyInfo replaces it below.
  cert.publicKey = forge.pki.setRsaPublicKey(new forge.jsbn.BigInteger('3'), new forge.jsbn.BigInteger('3'));
  cert.serialNumber = spec.serialHex ?? randomSerialHex();
  cert.validity.notBefore = spec.notBefore;
  cert.validity.notAfter = spec.notAfter;
  const subjectAttrs = 'der' in spec.subject ? [{ shortName: 'CN', value: 'x' }] : nameAttributes(spec.subject);
  cert.setSubject(subjectAttrs);
  cert.setIssuer(subjectAttrs);
  cert.setExtensions(standardExtensions(spec));
  const ski = keyIdentifier(spkiDer);
  const extra: Array<{ id: string; value: Asn1 }> = [{ id: OID.subjectKeyIdentifier, value: octetsNode(ski) }];
  const aki = spec.issuer ? issuerKeyIdentifier(spec.issuer.certDer) : ski;
  extra.push({ id: OID.authorityKeyIdentifier, value: seq([asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, false, aki.toString('binary'))]) });
  (cert.extensions as unknown[]).push(...extra);
  cert.siginfo.algorithmOid = OID.sha256WithRSA;

  const tbs = (forge.pki as unknown as { getTBSCertificate(c: forge.pki.Certificate): Asn1 }).getTBSCertificate(cert);
  const fields = children(tbs);
  // [0] version, [1] serial, [2] signature, [3] issuer, [4] validity, [5] subject, [6] spki, [7] extensions
  fields[2] = sigAlg.node();
  fields[3] = spec.issuer ? certificateParts(spec.issuer.certDer).subject : 'der' in spec.subject ? fromDer(spec.subject.der) : fields[5];
  if ('der' in spec.subject) fields[5] = fromDer(spec.subject.der);
  fields[6] = fromDer(spkiDer);
  if (!spec.issuer) fields[3] = fields[5];

  const tbsDer = toDer(tbs);
  const signature = cryptoSign(sigAlg.hash, tbsDer, signingKey);
  return toDer(seq([tbs, sigAlg.node(), bitString(signature)]));
}

export function randomSerialHex(): string {
  const b = randomBytes(16);
  b[0] &= 0x7f; // positive INTEGER
  if (b[0] === 0) b[0] = 0x01; // no leading zero byte
  return b.toString('hex');
}

function signatureAlgorithm(key: KeyObject): { hash: string | null; node: () => Asn1 } {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return { hash: 'sha256', node: () => seq([oidNode(OID.sha256WithRSA), nullNode()]) };
    case 'ec':
      // RFC 5758: ECDSA AlgorithmIdentifiers carry no parameters (not even NULL).
      return { hash: 'sha256', node: () => seq([oidNode(OID.ecdsaWithSha256)]) };
    case 'ed25519':
      return { hash: null, node: () => seq([oidNode(OID.ed25519)]) };
    default:
      throw new Error(`Cannot sign with a ${key.asymmetricKeyType ?? 'unknown'} key (RSA, EC and Ed25519 are supported)`);
  }
}

type ForgeAttribute = { shortName: string; value: string; valueTagClass: number };

function nameAttributes(dn: DistinguishedName): forge.pki.CertificateField[] {
  // UTF8String (forge encodes the value); countries must be PrintableString.
  const utf8 = asn1.Type.UTF8 as number;
  const attrs: ForgeAttribute[] = [];
  if (dn.country) attrs.push({ shortName: 'C', value: dn.country, valueTagClass: asn1.Type.PRINTABLESTRING as number });
  if (dn.state) attrs.push({ shortName: 'ST', value: dn.state, valueTagClass: utf8 });
  if (dn.locality) attrs.push({ shortName: 'L', value: dn.locality, valueTagClass: utf8 });
  if (dn.organization) attrs.push({ shortName: 'O', value: dn.organization, valueTagClass: utf8 });
  if (dn.organizationalUnit) attrs.push({ shortName: 'OU', value: dn.organizationalUnit, valueTagClass: utf8 });
  attrs.push({ shortName: 'CN', value: dn.commonName, valueTagClass: utf8 });
  return attrs as unknown as forge.pki.CertificateField[];
}

function standardExtensions(spec: CertificateSpec): object[] {
  const exts: object[] = [];
  exts.push(
    spec.ca
      ? { name: 'basicConstraints', cA: true, critical: true, ...(spec.ca.pathLength !== undefined ? { pathLenConstraint: spec.ca.pathLength } : {}) }
      : { name: 'basicConstraints', cA: false, critical: true },
  );
  if (spec.keyUsage.length) {
    const ku: Record<string, unknown> = { name: 'keyUsage', critical: true };
    for (const u of spec.keyUsage) ku[u] = true;
    exts.push(ku);
  }
  if (spec.extendedKeyUsage.length) {
    const eku: Record<string, unknown> = { name: 'extKeyUsage' };
    for (const u of spec.extendedKeyUsage) eku[u] = true;
    exts.push(eku);
  }
  const altNames: object[] = [];
  for (const d of spec.dns ?? []) altNames.push({ type: 2, value: d });
  for (const ip of spec.ip ?? []) {
    if (!isIP(ip)) throw new Error(`Not an IP address: ${ip}`);
    altNames.push({ type: 7, ip });
  }
  if (altNames.length) exts.push({ name: 'subjectAltName', altNames });
  return exts;
}

function octetsNode(bytes: Buffer): Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, bytes.toString('binary'));
}

/** The issuer's subject key identifier (from its extension, else computed from its key). */
function issuerKeyIdentifier(issuerDer: Buffer): Buffer {
  const parts = certificateParts(issuerDer);
  for (const ext of parts.extensions) {
    const { oid, value } = extensionParts(ext);
    if (oid === OID.subjectKeyIdentifier) return Buffer.from(fromDer(value).value as string, 'binary');
  }
  return keyIdentifier(toDer(parts.spki));
}
