/**
 * Deliberately bad server certificates for the secure-CWMP cases: one from an unknown CA (a throwaway CA
 * the CPE cannot trust), one expired and one for the wrong host name, both issued by the lab CA the CPE
 * does trust, so the only fault is the one under test.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { CertStore } from '../../tls/cert-store';
import { LAB_CA_LABEL } from '../../tls/acs-tls';
import { applyBadKind, profileUsages, validity } from '../../tls/profiles';
import { buildCertificate, type CertificateSpec } from '../../tls/x509-build';

export type BadCertCase = 'unknown-ca' | 'expired' | 'wrong-host';

function pem(der: Buffer): string {
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}

function newKey(): { publicKey: KeyObject; privateKey: KeyObject } {
  return generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
}

/** The server certificate (PEM) and key (PEM) for this bad case; for 127.0.0.1/localhost unless wrong-host. */
export async function badServerCertificate(store: CertStore, kind: BadCertCase): Promise<{ cert: string; key: string }> {
  const leaf = newKey();
  let issuer: CertificateSpec['issuer'];
  if (kind === 'unknown-ca') {
    const caKey = newKey();
    const caSpec: CertificateSpec = {
      subject: { commonName: 'Unknown Test CA (not trusted by anyone)' },
      publicKey: caKey.publicKey,
      selfKey: caKey.privateKey,
      ...validity(30),
      ca: { pathLength: 0 },
      ...profileUsages('ca', caKey.privateKey),
    };
    issuer = { certDer: buildCertificate(caSpec), key: caKey.privateKey };
  } else {
    const ca = store.list().find((c) => c.meta.role === 'ca' && c.meta.hasKey && c.meta.label === LAB_CA_LABEL);
    const key = ca ? await store.key(ca.meta.id) : undefined;
    if (!ca || !key) throw new Error('the lab CA (with its key) is not in the certificate store');
    issuer = { certDer: ca.der, key };
  }
  let spec: CertificateSpec = {
    subject: { commonName: '127.0.0.1' },
    publicKey: leaf.publicKey,
    issuer,
    ...validity(30),
    ...profileUsages('server', leaf.privateKey),
    dns: ['localhost'],
    ip: ['127.0.0.1'],
  };
  if (kind !== 'unknown-ca') spec = applyBadKind(spec, kind, 'server');
  return { cert: pem(buildCertificate(spec)), key: leaf.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}
