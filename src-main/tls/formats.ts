import { createHmac, createPublicKey, randomBytes, verify as cryptoVerify, X509Certificate, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { asn1, children, forgePki, fromDer, OID, oidOf, oidNode, octets, seq, SIGNATURE_ALGORITHMS, toDer, type Asn1 } from './asn1';
import { parsePrivateKey } from './keys';

/** PEM blocks of one kind (`CERTIFICATE`, `CERTIFICATE REQUEST`, …) as DER. */
export function pemBlocks(text: string, label: string): Buffer[] {
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g');
  const out: Buffer[] = [];
  for (const m of text.matchAll(re)) {
    const body = m[1].replace(/^[A-Za-z-]+:.*$/gm, '').replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body) || body.length === 0) throw new Error(`Malformed PEM: the ${label} block is not valid base64`);
    out.push(Buffer.from(body, 'base64'));
  }
  return out;
}

export function toPem(der: Buffer, label: string): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Every certificate in a PEM text, each checked; throws a clear error on anything malformed. */
export function parseCertificatesPem(text: string): Buffer[] {
  if (!text.includes('-----BEGIN')) throw new Error('Malformed PEM: no "-----BEGIN CERTIFICATE-----" block found');
  const blocks = pemBlocks(text, 'CERTIFICATE');
  if (blocks.length === 0) {
    if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) throw new Error('This PEM holds a private key, not a certificate');
    throw new Error('Malformed PEM: no "-----BEGIN CERTIFICATE-----" block found');
  }
  blocks.forEach((der, i) => checkCertificateDer(der, `certificate ${i + 1} in the PEM`));
  return blocks;
}

export function checkCertificateDer(der: Buffer, what = 'certificate'): void {
  try {
    new X509Certificate(der);
  } catch {
    throw new Error(`Malformed ${what}: not a valid X.509 certificate`);
  }
}

// ---------------------------------------------------------------- CSR

export interface ParsedCsr {
  subjectDer: Buffer;
  subject: string;
  publicKey: KeyObject;
  dns: string[];
  ip: string[];
  signatureAlgorithm: string;
}

/** Reads a PKCS#10 request (any key type) and checks its self-signature. */
export function parseCsr(text: string): ParsedCsr {
  const blocks = [...pemBlocks(text, 'CERTIFICATE REQUEST'), ...pemBlocks(text, 'NEW CERTIFICATE REQUEST')];
  if (blocks.length !== 1) throw new Error('Malformed CSR: expected one "-----BEGIN CERTIFICATE REQUEST-----" block');
  let info: Asn1;
  let sigAlgOid: string;
  let signature: Buffer;
  let spkiDer: Buffer;
  let subject: Asn1;
  let attributes: Asn1[] = [];
  try {
    const [i, sigAlg, sig] = children(fromDer(blocks[0]));
    info = i;
    const f = children(info);
    subject = f[1];
    spkiDer = toDer(f[2]);
    if (f[3]) attributes = children(f[3]);
    sigAlgOid = oidOf(children(sigAlg)[0]);
    signature = Buffer.from((sig.value as string).slice(1), 'binary');
  } catch {
    throw new Error('Malformed CSR: not a PKCS#10 certification request');
  }
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: spkiDer, format: 'der', type: 'spki' });
  } catch {
    throw new Error('CSR: unsupported or damaged public key');
  }
  const alg = SIGNATURE_ALGORITHMS[sigAlgOid];
  if (!alg || (alg.hash === null && publicKey.asymmetricKeyType !== 'ed25519')) throw new Error(`CSR: unsupported signature algorithm ${alg?.name ?? sigAlgOid}`);
  if (!cryptoVerify(alg.hash, toDer(info), publicKey, signature)) throw new Error('CSR: the signature does not match its public key (damaged or tampered request)');

  const dns: string[] = [];
  const ip: string[] = [];
  for (const attr of attributes) {
    const [type, values] = children(attr);
    if (oidOf(type) !== OID.extensionRequest) continue;
    for (const ext of children(children(values)[0])) {
      if (oidOf(children(ext)[0]) !== OID.subjectAltName) continue;
      const decoded = forgePki.certificateExtensionFromAsn1(ext);
      for (const n of decoded.altNames ?? []) {
        if (n.type === 2) dns.push(n.value);
        if (n.type === 7 && n.ip) ip.push(n.ip);
      }
    }
  }
  const rdns = forgePki.RDNAttributesAsArray(subject);
  const subjectText = rdns.map((a) => `${a.shortName ?? a.name ?? a.type}=${decodeUtf8(a.value)}`).join(', ');
  return { subjectDer: toDer(subject), subject: subjectText, publicKey, dns, ip, signatureAlgorithm: alg.name };
}

function decodeUtf8(s: string): string {
  try {
    return forge.util.decodeUtf8(s);
  } catch {
    return s;
  }
}

// ---------------------------------------------------------------- PKCS#12

export interface Pkcs12Contents {
  certificates: Buffer[];
  key?: KeyObject;
}

/**
 * Reads a PKCS#12 file. The MAC is checked first, so a wrong password reads as one. Keys of any type are
 * handed to Node (forge decodes only RSA keys, but keeps the raw PrivateKeyInfo of the others).
 */
export function readPkcs12(data: Buffer, password: string): Pkcs12Contents {
  let p12: forge.pkcs12.Pkcs12Pfx;
  let node: Asn1;
  try {
    node = fromDer(data);
  } catch {
    throw new Error('Malformed PKCS#12: not DER (a .p12/.pfx file is binary; PEM is imported as PEM)');
  }
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(node, false, password);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    if (/MAC could not be verified|Invalid password|wrong password|decrypt/i.test(msg)) {
      const hint = /[^\x20-\x7e]/.test(password) ? ' — note: node-forge handles only ASCII passwords for PKCS#12' : '';
      throw new Error(`PKCS#12: wrong password (the integrity check failed)${hint}`);
    }
    throw new Error(`Unreadable PKCS#12 (${msg})`);
  }
  const certificates: Buffer[] = [];
  let key: KeyObject | undefined;
  const bags = p12.safeContents.flatMap((sc) => sc.safeBags) as Array<forge.pkcs12.Bag & { asn1?: Asn1 }>;
  const certBags = bags.filter((b) => b.type === forge.pki.oids.certBag);
  // The bag whose localKeyId matches the key's comes first: that is the key's own certificate.
  const keyBag = bags.find((b) => b.type === forge.pki.oids.pkcs8ShroudedKeyBag || b.type === forge.pki.oids.keyBag);
  const keyId = keyBag?.attributes?.localKeyId?.[0];
  certBags.sort((a, b) => Number(b.attributes?.localKeyId?.[0] === keyId) - Number(a.attributes?.localKeyId?.[0] === keyId));
  for (const bag of certBags) {
    const certAsn1 = bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1;
    if (certAsn1) certificates.push(toDer(certAsn1));
  }
  if (keyBag) {
    const pkcs8 = keyBag.key ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(keyBag.key)) : keyBag.asn1;
    if (pkcs8) key = parsePrivateKey(toDer(pkcs8));
  }
  if (certificates.length === 0 && !key) throw new Error('PKCS#12: no certificate or key inside');
  return { certificates, key };
}

/**
 * Writes a PKCS#12 file that OpenSSL 3, Windows and forge read: the key as PBES2/AES-256 PKCS#8 (Node's
 * crypto encrypts it, so EC keys work too), certificates in a plain SafeContents, HMAC-SHA-256 integrity.
 */
export function writePkcs12(key: KeyObject, chain: Buffer[], password: string, friendlyName?: string): Buffer {
  // forge (our reader, and many CPE tool chains) derive PBES2 keys from non-ASCII passwords differently
  // from OpenSSL, so such a file would open in one and not the other.
  if (/[^\x20-\x7e]/.test(password)) throw new Error('PKCS#12 passwords must be printable ASCII');
  const localKeyId = forgeSha1(chain[0] ?? randomBytes(20));
  const attrs = (withName: boolean): Asn1 => {
    const list = [seq([oidNode(forge.pki.oids.localKeyId), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, [octets(localKeyId)])])];
    // forge writes a BMPSTRING's JavaScript string as UTF-16 itself: pass the text, not pre-encoded bytes.
    if (withName && friendlyName) {
      list.push(
        seq([
          oidNode(forge.pki.oids.friendlyName),
          asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, [asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BMPSTRING, false, friendlyName)]),
        ]),
      );
    }
    return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, list);
  };
  const certBags = chain.map((der, i) =>
    seq([
      oidNode(forge.pki.oids.certBag),
      explicit0(seq([oidNode(forge.pki.oids.x509Certificate), explicit0(octets(der))])),
      ...(i === 0 ? [attrs(true)] : []),
    ]),
  );
  const encryptedKey = key.export({ type: 'pkcs8', format: 'der', cipher: 'aes-256-cbc', passphrase: password });
  const keyBag = seq([oidNode(forge.pki.oids.pkcs8ShroudedKeyBag), explicit0(fromDer(encryptedKey)), attrs(true)]);
  const dataInfo = (content: Asn1): Asn1 => seq([oidNode(forge.pki.oids.data), explicit0(octets(toDer(content)))]);
  const authSafe = toDer(seq([dataInfo(seq(certBags)), dataInfo(seq([keyBag]))]));

  const salt = randomBytes(16);
  const iterations = 2048;
  const macKey = Buffer.from(
    forge.pkcs12.generateKey(password, forge.util.createBuffer(salt.toString('binary')), 3, iterations, 32, forge.md.sha256.create()).getBytes(),
    'binary',
  );
  const mac = createHmac('sha256', macKey).update(authSafe).digest();
  const macData = seq([
    seq([seq([oidNode('2.16.840.1.101.3.4.2.1'), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '')]), octets(mac)]),
    octets(salt),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(iterations).getBytes()),
  ]);
  const pfx = seq([
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(3).getBytes()),
    seq([oidNode(forge.pki.oids.data), explicit0(octets(authSafe))]),
    macData,
  ]);
  return toDer(pfx);
}

function explicit0(node: Asn1): Asn1 {
  return asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [node]);
}

function forgeSha1(b: Buffer): Buffer {
  const md = forge.md.sha1.create();
  md.update(b.toString('binary'));
  return Buffer.from(md.digest().getBytes(), 'binary');
}

/** True when the bytes look like DER (an ASN.1 SEQUENCE) rather than text. */
export function looksLikeDer(b: Buffer): boolean {
  return b.length > 4 && b[0] === 0x30;
}

export { OID };
