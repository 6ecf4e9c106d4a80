import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

/** Key algorithms the workbench generates. node-forge has no ECDSA, so every key comes from Node's crypto. */
export type KeyAlgorithm = 'rsa-2048' | 'rsa-3072' | 'rsa-4096' | 'ec-p256';

export const KEY_ALGORITHMS: readonly KeyAlgorithm[] = ['rsa-2048', 'rsa-3072', 'rsa-4096', 'ec-p256'];

export interface KeyInfo {
  /** `rsa`, `ec`, `ed25519`, … as Node names it. */
  type: string;
  bits?: number;
  curve?: string;
}

/** A fresh key pair; PKCS#8 PEM for the private key. */
export function generateKey(algorithm: KeyAlgorithm): { privateKeyPem: string; privateKey: KeyObject; publicKey: KeyObject } {
  const pair =
    algorithm === 'ec-p256'
      ? generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
      : generateKeyPairSync('rsa', { modulusLength: Number(algorithm.slice(4)), publicExponent: 0x10001 });
  const privateKeyPem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { privateKeyPem, privateKey: pair.privateKey, publicKey: pair.publicKey };
}

/** Type and size of a key, for display (never the key itself). */
export function keyInfo(key: KeyObject): KeyInfo {
  const type = key.asymmetricKeyType ?? 'unknown';
  const d = key.asymmetricKeyDetails ?? {};
  const info: KeyInfo = { type };
  if (typeof d.modulusLength === 'number') info.bits = d.modulusLength;
  if (typeof d.namedCurve === 'string') {
    info.curve = d.namedCurve === 'prime256v1' ? 'P-256' : d.namedCurve === 'secp384r1' ? 'P-384' : d.namedCurve;
    info.bits = info.curve === 'P-256' ? 256 : info.curve === 'P-384' ? 384 : info.curve === 'secp521r1' ? 521 : info.bits;
  }
  if (type === 'ed25519') info.bits = 256;
  return info;
}

/** A short description: `RSA 2048`, `EC P-256`. */
export function describeKey(info: KeyInfo): string {
  if (info.type === 'rsa' || info.type === 'rsa-pss') return `RSA ${info.bits ?? '?'}`;
  if (info.type === 'ec') return `EC ${info.curve ?? '?'}`;
  return info.type.toUpperCase();
}

/**
 * Reads a private key in any form a user is likely to hold: PEM (PKCS#1, PKCS#8, SEC1, encrypted
 * PKCS#8) or DER. Throws an error that says what was wrong.
 */
export function parsePrivateKey(input: string | Buffer, passphrase?: string): KeyObject {
  const text = typeof input === 'string' ? input : looksLikePem(input) ? input.toString('utf8') : undefined;
  if (text !== undefined) {
    if (!/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(text)) {
      throw new Error('No private key found: expected a PEM block "-----BEGIN … PRIVATE KEY-----"');
    }
    if (/ENCRYPTED PRIVATE KEY|Proc-Type: 4,ENCRYPTED/.test(text) && !passphrase) {
      throw new Error('The private key is encrypted: a password is needed');
    }
    try {
      return createPrivateKey({ key: text, format: 'pem', passphrase });
    } catch (err) {
      throw new Error(`Unreadable private key (${reason(err)})${passphrase ? ': wrong password or damaged key' : ''}`);
    }
  }
  const der = input as Buffer;
  for (const type of ['pkcs8', 'pkcs1', 'sec1'] as const) {
    try {
      return createPrivateKey({ key: der, format: 'der', type, passphrase });
    } catch {
      // try the next container
    }
  }
  throw new Error('Unreadable private key: not PEM, and not a DER PKCS#8, PKCS#1 or SEC1 key');
}

/** True when the private key belongs to the public key (compared as SubjectPublicKeyInfo). */
export function keysMatch(privateKey: KeyObject, publicKey: KeyObject): boolean {
  const a = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const b = publicKey.export({ type: 'spki', format: 'der' });
  return Buffer.compare(a, b) === 0;
}

export function toPkcs8Pem(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

function looksLikePem(buf: Buffer): boolean {
  return buf.subarray(0, 200).toString('latin1').includes('-----BEGIN');
}

function reason(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.replace(/^error:[0-9A-F]+:/i, '').slice(0, 160);
}
