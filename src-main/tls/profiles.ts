import type { KeyObject } from 'node:crypto';
import type { BadCertKind } from '../../src-shared/api/certs';
import type { CertificateSpec, ExtKeyUsageName, KeyUsageName } from './x509-build';

const DAY = 86_400_000;

/** Key usages a TLS peer expects of each kind of certificate, by key type. */
export function profileUsages(profile: 'ca' | 'server' | 'client', key: KeyObject): { keyUsage: KeyUsageName[]; extendedKeyUsage: ExtKeyUsageName[] } {
  const rsa = key.asymmetricKeyType === 'rsa';
  switch (profile) {
    case 'ca':
      return { keyUsage: ['digitalSignature', 'keyCertSign', 'cRLSign'], extendedKeyUsage: [] };
    case 'server':
      return { keyUsage: rsa ? ['digitalSignature', 'keyEncipherment'] : ['digitalSignature'], extendedKeyUsage: ['serverAuth'] };
    case 'client':
      return { keyUsage: rsa ? ['digitalSignature', 'keyEncipherment'] : ['digitalSignature'], extendedKeyUsage: ['clientAuth'] };
  }
}

/** Validity starting a minute ago (clock skew between lab machines), lasting `days`. */
export function validity(days: number, now = Date.now()): { notBefore: Date; notAfter: Date } {
  return { notBefore: new Date(now - 60_000), notAfter: new Date(now + days * DAY) };
}

/** The label prefix every deliberately bad certificate carries, so nobody mistakes one for a good one. */
export function badLabel(kind: BadCertKind): string {
  switch (kind) {
    case 'expired':
      return '[BAD: expired]';
    case 'not-yet-valid':
      return '[BAD: not yet valid]';
    case 'wrong-host':
      return '[BAD: wrong host]';
    case 'self-signed':
      return '[BAD: self-signed]';
    case 'wrong-key-usage':
      return '[BAD: wrong key usage]';
  }
}

/**
 * Bends a good specification into the named bad one. `self-signed` is handled by the caller (it drops
 * the issuer); the rest change dates, names or usages.
 */
export function applyBadKind(spec: CertificateSpec, kind: BadCertKind, profile: 'server' | 'client', now = Date.now()): CertificateSpec {
  switch (kind) {
    case 'expired':
      return { ...spec, notBefore: new Date(now - 31 * DAY), notAfter: new Date(now - DAY) };
    case 'not-yet-valid': {
      const length = spec.notAfter.getTime() - spec.notBefore.getTime();
      return { ...spec, notBefore: new Date(now + DAY), notAfter: new Date(now + DAY + length) };
    }
    case 'wrong-host':
      // Reserved names and a TEST-NET address: nothing real answers to them.
      return { ...spec, subject: 'der' in spec.subject ? spec.subject : { ...spec.subject, commonName: 'wrong-host.invalid' }, dns: ['wrong-host.invalid'], ip: ['192.0.2.1'] };
    case 'self-signed':
      return spec;
    case 'wrong-key-usage':
      return { ...spec, keyUsage: ['keyAgreement'], extendedKeyUsage: profile === 'server' ? ['clientAuth'] : ['serverAuth'] };
  }
}
