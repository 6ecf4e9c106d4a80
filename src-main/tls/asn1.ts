import forge from 'node-forge';

/**
 * The small amount of ASN.1 plumbing the builder and inspector share. node-forge's certificate object only
 * understands RSA keys, so we work one level down, on forge's ASN.1 nodes, and let Node's crypto sign and
 * parse keys of any type.
 */
export const asn1 = forge.asn1;
export type Asn1 = forge.asn1.Asn1;

export const OID = {
  sha256WithRSA: '1.2.840.113549.1.1.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ed25519: '1.3.101.112',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  extensionRequest: '1.2.840.113549.1.9.14',
} as const;

/** Readable names of the signature algorithms one meets on CPEs and ACSes. */
export const SIGNATURE_ALGORITHMS: Record<string, { name: string; hash: string | null }> = {
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', hash: 'md5' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'sha1' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', hash: 'sha512' },
  '1.2.840.113549.1.1.10': { name: 'RSASSA-PSS', hash: null },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', hash: 'sha1' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', hash: 'sha512' },
  '1.3.101.112': { name: 'Ed25519', hash: null },
};

export function fromDer(der: Buffer): Asn1 {
  // decodeBitStrings off: a BIT STRING that happens to hold valid DER must stay opaque bytes.
  const options = { strict: true, decodeBitStrings: false } as unknown as boolean; // typings lag the options object
  return asn1.fromDer(forge.util.createBuffer(der.toString('binary')), options);
}

export function toDer(node: Asn1): Buffer {
  return Buffer.from(asn1.toDer(node).getBytes(), 'binary');
}

export function oidOf(node: Asn1): string {
  return asn1.derToOid(node.value as string);
}

export function seq(children: Asn1[]): Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, children);
}

export function oidNode(oid: string): Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(oid).getBytes());
}

export function nullNode(): Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '');
}

export function octets(bytes: Buffer): Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, bytes.toString('binary'));
}

export function bitString(bytes: Buffer): Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BITSTRING, false, '\u0000' + bytes.toString('binary'));
}

export function children(node: Asn1): Asn1[] {
  if (!Array.isArray(node.value)) throw new Error('Malformed certificate: expected a constructed ASN.1 value');
  return node.value as Asn1[];
}

/** The parts of a DER certificate: the TBS fields by name, the outer signature algorithm. */
export function certificateParts(der: Buffer): {
  tbs: Asn1;
  version: number;
  serial: Asn1;
  issuer: Asn1;
  validity: Asn1;
  subject: Asn1;
  spki: Asn1;
  extensions: Asn1[];
  signatureOid: string;
} {
  const cert = fromDer(der);
  const [tbs, sigAlg] = children(cert);
  const fields = children(tbs);
  let i = 0;
  let version = 1;
  if (fields[0].tagClass === asn1.Class.CONTEXT_SPECIFIC && fields[0].type === 0) {
    version = (asn1.derToInteger(children(fields[0])[0].value as string) as number) + 1;
    i = 1;
  }
  const [serial, , issuer, validity, subject, spki] = fields.slice(i, i + 6);
  let extensions: Asn1[] = [];
  for (const f of fields.slice(i + 6)) {
    if (f.tagClass === asn1.Class.CONTEXT_SPECIFIC && f.type === 3) extensions = children(children(f)[0]);
  }
  return { tbs, version, serial, issuer, validity, subject, spki, extensions, signatureOid: oidOf(children(sigAlg)[0]) };
}

/** One extension's OID, criticality and raw value bytes. */
export function extensionParts(ext: Asn1): { oid: string; critical: boolean; value: Buffer } {
  const parts = children(ext);
  const critical = parts.length === 3 && parts[1].type === asn1.Type.BOOLEAN && (parts[1].value as string) !== '\u0000';
  return { oid: oidOf(parts[0]), critical, value: Buffer.from(parts[parts.length - 1].value as string, 'binary') };
}

/** The key identifier RFC 5280 §4.2.1.2 method 1 describes: SHA-1 of the subjectPublicKey bits. */
export function keyIdentifier(spkiDer: Buffer): Buffer {
  const bits = children(fromDer(spkiDer))[1].value as string;
  const md = forge.md.sha1.create();
  md.update(bits.slice(1)); // skip the unused-bits byte
  return Buffer.from(md.digest().getBytes(), 'binary');
}

export interface AltName {
  type: number;
  value: string;
  ip?: string;
}

/** forge functions its typings omit. */
export const forgePki = forge.pki as unknown as {
  certificateExtensionFromAsn1(ext: Asn1): { altNames?: AltName[] };
  RDNAttributesAsArray(rdn: Asn1): Array<{ shortName?: string; name?: string; type: string; value: string }>;
};
