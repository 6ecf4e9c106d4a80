import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmod, readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import forge from 'node-forge';
import { writeFileAtomic } from '../util/atomic-file';

export interface KeyAndCert {
  key: string;
  cert: string;
}

/** Addresses that name no host a client could check a certificate against. */
const WILDCARD_HOSTS = new Set(['', '0.0.0.0', '::']);

/**
 * A self-signed server certificate (RSA 2048, SHA-256) for the given names and addresses; wildcard bind
 * addresses are left out. Node makes the key (PKCS#8); forge the certificate.
 */
export function selfSignedServerCert(o: { commonName: string; names: string[]; validityDays: number }): KeyAndCert {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
  const keyPem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicPem);
  // Positive serial: clear the top bit.
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  cert.serialNumber = serial.toString('hex');
  const now = new Date();
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + o.validityDays * 86_400_000);
  const attrs = [
    { name: 'commonName', value: o.commonName },
    { name: 'organizationName', value: 'CWMP Workbench (self-signed)' },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  const names = [...new Set(o.names.filter((n) => !WILDCARD_HOSTS.has(n)))];
  const altNames = names.map((n) => (isIP(n) ? { type: 7, ip: n } : { type: 2, value: n }));
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(keyPem), forge.md.sha256.create());
  return { key: keyPem, cert: forge.pki.certificateToPem(cert) };
}

/**
 * The key and certificate kept in `keyFile` / `certFile`, made with `make` (and written, the key with mode
 * 0600) the first time or when what is there is not a key and a certificate.
 */
export async function loadOrCreateKeyAndCert(keyFile: string, certFile: string, make: () => KeyAndCert): Promise<KeyAndCert & { created: boolean }> {
  try {
    const [key, cert] = await Promise.all([readFile(keyFile, 'utf8'), readFile(certFile, 'utf8')]);
    if (key.includes('PRIVATE KEY') && cert.includes('CERTIFICATE')) {
      await chmod(keyFile, 0o600).catch(() => undefined);
      return { key, cert, created: false };
    }
  } catch {
    // Not there yet.
  }
  const { key, cert } = make();
  await writeFileAtomic(keyFile, key, 0o600);
  await writeFileAtomic(certFile, cert, 0o644);
  return { key, cert, created: true };
}
