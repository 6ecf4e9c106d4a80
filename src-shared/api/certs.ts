import { z } from 'zod';
import {
  BAD_CERT_KINDS,
  EXT_KEY_USAGES,
  KEY_ALGORITHMS,
  KEY_USAGES,
  type AcsTlsSettings,
  type CertDetail,
  type CertSummary,
  type ExportResult,
} from '../certs/types';

export * from '../certs/types';

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
   * key + chain under `password`. The content comes back for the caller to save; there is no path to write
   * to (a caller-named path once let a key land in the ACS's file store, served to anyone).
   */
  'certs/export': {
    params: z
      .object({
        id,
        format: z.enum(['pem', 'pem-chain', 'der', 'pem-key', 'pkcs12']),
        password: password.optional(),
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
