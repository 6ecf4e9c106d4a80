import { z } from 'zod';

/**
 * Certificates and TLS: the lab CA, issued and imported certificates, the two trust stores, and the ACS's
 * HTTPS settings. A private key never appears in a result: only whether one is held and of which type.
 * Keys may leave the store only as a file the main process writes (`certs/export` with a key format).
 */

/** Key algorithms the workbench generates (keys come from Node's crypto; ECDSA works for CAs and leaves). */
export const KEY_ALGORITHMS = ['rsa-2048', 'rsa-3072', 'rsa-4096', 'ec-p256'] as const;
export type CertKeyAlgorithm = (typeof KEY_ALGORITHMS)[number];

export const KEY_USAGES = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign'] as const;
export const EXT_KEY_USAGES = ['serverAuth', 'clientAuth', 'codeSigning', 'emailProtection', 'timeStamping', 'OCSPSigning'] as const;

/**
 * Deliberately bad certificates for negative tests, always labelled as such:
 * `expired` (validity ended yesterday), `not-yet-valid` (starts tomorrow), `wrong-host` (SANs name another host),
 * `self-signed` (not from the CA), `wrong-key-usage` (server cert with only clientAuth / client cert with only
 * serverAuth, and no digitalSignature).
 */
export const BAD_CERT_KINDS = ['expired', 'not-yet-valid', 'wrong-host', 'self-signed', 'wrong-key-usage'] as const;
export type BadCertKind = (typeof BAD_CERT_KINDS)[number];

export type CertRole = 'ca' | 'server' | 'client' | 'other';
export type CertOrigin = 'created' | 'issued' | 'imported' | 'signed-csr';
export type CertValidity = 'valid' | 'expired' | 'not-yet-valid';
export type TrustStoreName = 'acs-clients' | 'proxy-upstream';
export type MtlsMode = 'off' | 'optional' | 'required';

export interface CertKeySummary {
  /** `rsa`, `ec`, `ed25519`, … */
  type: string;
  bits?: number;
  /** `P-256` for EC keys. */
  curve?: string;
  /** `RSA 2048`, `EC P-256`. */
  description: string;
}

export interface CertSummary {
  id: string;
  label: string;
  role: CertRole;
  origin: CertOrigin;
  /** `CN=…, O=…` */
  subject: string;
  issuer: string;
  commonName: string;
  serialNumber: string;
  /** ISO 8601. */
  notBefore: string;
  notAfter: string;
  /** Whole days until notAfter (negative once expired). */
  daysLeft: number;
  validity: CertValidity;
  isCa: boolean;
  selfSigned: boolean;
  /** SANs as `DNS:…`, `IP:…`. */
  sans: string[];
  publicKey: CertKeySummary;
  /** Whether the store holds the private key (never the key itself). */
  hasPrivateKey: boolean;
  /** The store id of the issuing certificate, when it is in the store. */
  issuerId?: string;
  /** Set on deliberately bad certificates. */
  deliberatelyBad?: BadCertKind;
  trustedFor: TrustStoreName[];
  /** The ACS's HTTPS listener presents this certificate. */
  usedByAcs: boolean;
  fingerprint256: string;
  createdAt: number;
}

export interface ChainLink {
  subject: string;
  issuer: string;
  fingerprint256: string;
  /** Store id, when the certificate is in the store. */
  id?: string;
  selfSigned: boolean;
  /** Signature checked against the next link's key. */
  signatureValid: boolean;
}

export interface CertDetail extends CertSummary {
  signatureAlgorithm: string;
  keyUsage: string[];
  extendedKeyUsage: string[];
  basicConstraints?: { ca: boolean; pathLength?: number };
  subjectKeyIdentifier?: string;
  authorityKeyIdentifier?: string;
  fingerprint1: string;
  version: number;
  /** From this certificate up to a root, as built from the store. */
  chain: ChainLink[];
  /** The chain ends in a self-signed certificate that is in the store. */
  chainComplete: boolean;
  /** Why the chain is incomplete or broken, in words. */
  chainProblem?: string;
  /** Problems a TLS peer would object to (expired, CA used as leaf, …). */
  warnings: string[];
  /** The certificate itself, PEM (public data). */
  pem: string;
}

export interface AcsTlsSettings {
  /** The certificate the ACS's HTTPS listener presents. */
  certId: string | null;
  cert?: CertSummary;
  mtlsMode: MtlsMode;
  /** NSS key log (SSLKEYLOGFILE format) for Wireshark. */
  keyLog: boolean;
  keyLogPath: string;
  /** CAs whose client certificates the ACS accepts. */
  clientCas: CertSummary[];
}

export type ExportFormat = 'pem' | 'pem-chain' | 'der' | 'pem-key' | 'pkcs12';

export interface ExportResult {
  format: ExportFormat;
  /** Suggested file name. */
  filename: string;
  mediaType: string;
  /** Inline content for public data (certificate, chain): PEM as text, DER as base64. Absent for key material. */
  data?: string;
  encoding?: 'utf8' | 'base64';
  /** Where the file was written (always for key material, which never crosses the API). */
  path?: string;
}

const id = z.string().min(1).max(100);
const label = z.string().min(1).max(200).optional();
const dnsName = z.string().min(1).max(253).regex(/^[A-Za-z0-9*_.-]+$/, 'not a DNS name');
const ipAddress = z.string().min(2).max(45).regex(/^[0-9A-Fa-f:.]+$/, 'not an IP address');
const keyAlgorithm = z.enum(KEY_ALGORITHMS).default('rsa-2048');
const name = z
  .object({
    commonName: z.string().min(1).max(64),
    organization: z.string().max(64).optional(),
    organizationalUnit: z.string().max(64).optional(),
    country: z.string().length(2).optional(),
    locality: z.string().max(128).optional(),
    state: z.string().max(128).optional(),
  })
  .strict();
const validityDays = z.number().int().min(1).max(36500);
const password = z.string().max(1024);
const store = z.enum(['acs-clients', 'proxy-upstream']);
/** Base64 (PKCS#12 or DER) — a few MB at most. */
const base64 = z.string().max(8_000_000).regex(/^[A-Za-z0-9+/=\s]*$/, 'not base64');
const pemText = z.string().max(2_000_000);

export const certsMethods = {
  'certs/list': { params: z.object({}).strict() },
  'certs/get': { params: z.object({ id }).strict() },
  /** A lab CA: self-signed, keyCertSign. Trusted in both stores unless `trust` says otherwise. */
  'certs/create-ca': {
    params: z
      .object({
        subject: name,
        keyAlgorithm,
        validityDays: validityDays.default(3650),
        pathLength: z.number().int().min(0).max(10).optional(),
        label,
        trust: z.array(store).default(['acs-clients', 'proxy-upstream']),
      })
      .strict(),
  },
  /** An existing CA (certificate and key as PEM, or PKCS#12). */
  'certs/import-ca': {
    params: z
      .object({
        certPem: pemText.optional(),
        keyPem: pemText.optional(),
        keyPassword: password.optional(),
        pkcs12Base64: base64.optional(),
        password: password.optional(),
        label,
        trust: z.array(store).default(['acs-clients', 'proxy-upstream']),
      })
      .strict(),
  },
  /** A server (ACS, proxy) or client (CPE) certificate from a CA in the store. */
  'certs/issue': {
    params: z
      .object({
        issuerId: id,
        profile: z.enum(['server', 'client']),
        subject: name,
        dns: z.array(dnsName).max(100).default([]),
        ip: z.array(ipAddress).max(100).default([]),
        keyAlgorithm,
        validityDays: validityDays.default(825),
        /** Override the profile's key usage / extended key usage. */
        keyUsage: z.array(z.enum(KEY_USAGES)).optional(),
        extendedKeyUsage: z.array(z.enum(EXT_KEY_USAGES)).optional(),
        bad: z.enum(BAD_CERT_KINDS).optional(),
        label,
      })
      .strict(),
  },
  /** Sign a CSR a CPE produced; its subject and SANs are kept, `dns`/`ip` add more. */
  'certs/sign-csr': {
    params: z
      .object({
        issuerId: id,
        csrPem: pemText,
        profile: z.enum(['server', 'client']).default('client'),
        validityDays: validityDays.default(825),
        dns: z.array(dnsName).max(100).default([]),
        ip: z.array(ipAddress).max(100).default([]),
        label,
      })
      .strict(),
  },
  /** A new certificate in place of the old one: same subject, SANs and usages, new validity and serial. */
  'certs/renew': {
    params: z.object({ id, validityDays: validityDays.optional(), newKey: z.boolean().default(false) }).strict(),
  },
  'certs/delete': { params: z.object({ id }).strict() },
  /**
   * `pem` certificate, `pem-chain` certificate and its issuers, `der`, `pem-key` the private key, `pkcs12`
   * key + chain under `password`. Key formats are written to `path` (or the data dir's exports folder) with
   * mode 0600 and never returned inline.
   */
  'certs/export': {
    params: z
      .object({
        id,
        format: z.enum(['pem', 'pem-chain', 'der', 'pem-key', 'pkcs12']),
        password: password.optional(),
        /** Absolute path to write to. */
        path: z.string().min(1).max(4096).optional(),
      })
      .strict(),
  },
  /** Certificates (PEM with any number of certificates, DER, or PKCS#12), with a key when one matches. */
  'certs/import': {
    params: z
      .object({
        pem: pemText.optional(),
        keyPem: pemText.optional(),
        keyPassword: password.optional(),
        derBase64: base64.optional(),
        pkcs12Base64: base64.optional(),
        password: password.optional(),
        label,
      })
      .strict(),
  },
  'certs/trust-list': { params: z.object({}).strict() },
  'certs/trust-add': { params: z.object({ id, store }).strict() },
  'certs/trust-remove': { params: z.object({ id, store }).strict() },
  'certs/acs-tls-get': { params: z.object({}).strict() },
  'certs/acs-tls-set': {
    params: z.object({ certId: id.optional(), mtlsMode: z.enum(['off', 'optional', 'required']).optional(), keyLog: z.boolean().optional() }).strict(),
  },
} as const;

export interface CertsResults {
  'certs/list': { certs: CertSummary[] };
  'certs/get': CertDetail;
  'certs/create-ca': CertDetail;
  'certs/import-ca': CertDetail;
  'certs/issue': CertDetail;
  'certs/sign-csr': CertDetail;
  'certs/renew': CertDetail;
  'certs/delete': { deleted: boolean };
  'certs/export': ExportResult;
  'certs/import': { imported: CertSummary[] };
  'certs/trust-list': { acsClients: CertSummary[]; proxyUpstream: CertSummary[] };
  'certs/trust-add': { ok: true };
  'certs/trust-remove': { ok: true };
  'certs/acs-tls-get': AcsTlsSettings;
  'certs/acs-tls-set': AcsTlsSettings;
}
