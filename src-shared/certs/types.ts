/**
 * Certificates and TLS: the lab CA, issued and imported certificates, the two trust stores, and the ACS's
 * HTTPS settings. A private key never appears in a result but one: `certs/export` with a key format, as
 * bytes the caller saves where its user chooses (the desktop's save dialog, a browser download, the CLI's
 * `--out`); the service itself never writes an export to a path.
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
  /** The file's content: PEM as text, DER and PKCS#12 as base64. */
  data: string;
  encoding: 'utf8' | 'base64';
  /** Key material: to be saved readable by the owner only. */
  secret?: true;
}
