import { randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-file';
import type { BadCertKind, CertOrigin, CertRole, MtlsMode, TrustStoreName } from '../../src-shared/api/certs';
import { parsePrivateKey, toPkcs8Pem } from './keys';
import { pemBlocks, toPem } from './formats';

/** What the index remembers about one stored certificate besides the certificate itself. */
export interface StoredMeta {
  id: string;
  label: string;
  role: CertRole;
  origin: CertOrigin;
  createdAt: number;
  hasKey: boolean;
  deliberatelyBad?: BadCertKind;
  /** Store id of the CA that signed it (for renewals). */
  issuerId?: string;
}

export interface AcsTlsChoice {
  certId: string | null;
  mtlsMode: MtlsMode;
  keyLog: boolean;
}

interface IndexFile {
  version: 1;
  entries: StoredMeta[];
  trust: Record<TrustStoreName, string[]>;
  acs: AcsTlsChoice;
}

export interface StoredCert {
  meta: StoredMeta;
  der: Buffer;
  x509: X509Certificate;
}

/**
 * The certificates on disk, in `<dataDir>/certs/`: `index.json`, `<id>.crt.pem` and `<id>.key.pem`
 * (mode 0600, folder 0700). Every write is atomic; the in-memory copy is the source of truth once loaded.
 */
export class CertStore {
  readonly dir: string;
  private index: IndexFile = { version: 1, entries: [], trust: { 'acs-clients': [], 'proxy-upstream': [] }, acs: { certId: null, mtlsMode: 'off', keyLog: false } };
  private readonly certs = new Map<string, StoredCert>();
  private readonly keys = new Map<string, KeyObject>();
  /** Serialises index writes so two quick changes cannot interleave their renames. */
  private writing: Promise<void> = Promise.resolve();

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'certs');
  }

  async load(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await chmod(this.dir, 0o700).catch(() => undefined);
    let raw: string | undefined;
    try {
      raw = await readFile(join(this.dir, 'index.json'), 'utf8');
    } catch {
      raw = undefined;
    }
    if (raw !== undefined) {
      let parsed: Partial<IndexFile>;
      try {
        parsed = JSON.parse(raw) as Partial<IndexFile>;
      } catch {
        // A damaged index must not stop the app: set it aside (the PEM files stay) and start afresh.
        await rename(join(this.dir, 'index.json'), join(this.dir, `index.json.damaged-${Date.now()}`)).catch(() => undefined);
        parsed = {};
      }
      this.index = {
        version: 1,
        entries: Array.isArray(parsed.entries) ? parsed.entries : [],
        trust: { 'acs-clients': parsed.trust?.['acs-clients'] ?? [], 'proxy-upstream': parsed.trust?.['proxy-upstream'] ?? [] },
        acs: { certId: parsed.acs?.certId ?? null, mtlsMode: parsed.acs?.mtlsMode ?? 'off', keyLog: parsed.acs?.keyLog === true },
      };
    }
    const alive: StoredMeta[] = [];
    for (const meta of this.index.entries) {
      try {
        const der = pemBlocks(await readFile(this.certPath(meta.id), 'utf8'), 'CERTIFICATE')[0];
        this.certs.set(meta.id, { meta, der, x509: new X509Certificate(der) });
        alive.push(meta);
      } catch {
        // A certificate file removed by hand: forget the entry rather than fail to start.
      }
    }
    this.index.entries = alive;
  }

  list(): StoredCert[] {
    return this.index.entries.map((m) => this.certs.get(m.id)).filter((c): c is StoredCert => c !== undefined);
  }

  get(id: string): StoredCert | undefined {
    return this.certs.get(id);
  }

  findByFingerprint(fingerprint256: string): StoredCert | undefined {
    return this.list().find((c) => c.x509.fingerprint256 === fingerprint256);
  }

  async key(id: string): Promise<KeyObject | undefined> {
    const cached = this.keys.get(id);
    if (cached) return cached;
    if (!this.certs.get(id)?.meta.hasKey) return undefined;
    const key = parsePrivateKey(await readFile(this.keyPath(id), 'utf8'));
    this.keys.set(id, key);
    return key;
  }

  async add(fields: Omit<StoredMeta, 'id' | 'createdAt' | 'hasKey'>, der: Buffer, key?: KeyObject): Promise<StoredCert> {
    const id = randomBytes(6).toString('hex');
    const meta: StoredMeta = { id, createdAt: Date.now(), hasKey: key !== undefined, ...fields };
    if (key) await this.writeKey(id, key);
    await writeFileAtomic(this.certPath(id), toPem(der, 'CERTIFICATE'), 0o644);
    const stored = { meta, der, x509: new X509Certificate(der) };
    this.certs.set(id, stored);
    this.index.entries.push(meta);
    await this.saveIndex();
    return stored;
  }

  /** A new certificate (and possibly key) under the same id: renewal. */
  async replace(id: string, der: Buffer, key?: KeyObject): Promise<StoredCert> {
    const current = this.certs.get(id);
    if (!current) throw new Error(`No certificate ${id}`);
    if (key) {
      await this.writeKey(id, key);
      current.meta.hasKey = true;
    }
    await writeFileAtomic(this.certPath(id), toPem(der, 'CERTIFICATE'), 0o644);
    const stored = { meta: current.meta, der, x509: new X509Certificate(der) };
    this.certs.set(id, stored);
    await this.saveIndex();
    return stored;
  }

  async attachKey(id: string, key: KeyObject): Promise<void> {
    const current = this.certs.get(id);
    if (!current) throw new Error(`No certificate ${id}`);
    await this.writeKey(id, key);
    current.meta.hasKey = true;
    await this.saveIndex();
  }

  async remove(id: string): Promise<boolean> {
    if (!this.certs.delete(id)) return false;
    this.keys.delete(id);
    this.index.entries = this.index.entries.filter((m) => m.id !== id);
    for (const store of Object.keys(this.index.trust) as TrustStoreName[]) this.index.trust[store] = this.index.trust[store].filter((x) => x !== id);
    if (this.index.acs.certId === id) this.index.acs.certId = null;
    await this.saveIndex();
    await rm(this.certPath(id), { force: true });
    await rm(this.keyPath(id), { force: true });
    return true;
  }

  trusted(store: TrustStoreName): StoredCert[] {
    return this.index.trust[store].map((id) => this.certs.get(id)).filter((c): c is StoredCert => c !== undefined);
  }

  trustStoresOf(id: string): TrustStoreName[] {
    return (Object.keys(this.index.trust) as TrustStoreName[]).filter((s) => this.index.trust[s].includes(id));
  }

  async setTrust(id: string, store: TrustStoreName, trusted: boolean): Promise<void> {
    const list = this.index.trust[store].filter((x) => x !== id);
    if (trusted) list.push(id);
    this.index.trust[store] = list;
    await this.saveIndex();
  }

  get acs(): AcsTlsChoice {
    return { ...this.index.acs };
  }

  async setAcs(choice: Partial<AcsTlsChoice>): Promise<void> {
    this.index.acs = { ...this.index.acs, ...choice };
    await this.saveIndex();
  }

  async setLabel(id: string, label: string): Promise<void> {
    const c = this.certs.get(id);
    if (!c) return;
    c.meta.label = label;
    await this.saveIndex();
  }

  certPath(id: string): string {
    return join(this.dir, `${id}.crt.pem`);
  }

  keyPath(id: string): string {
    return join(this.dir, `${id}.key.pem`);
  }

  private async writeKey(id: string, key: KeyObject): Promise<void> {
    await writeFileAtomic(this.keyPath(id), toPkcs8Pem(key), 0o600);
    await chmod(this.keyPath(id), 0o600).catch(() => undefined); // in case a umask or platform widened it
    this.keys.set(id, key);
  }

  private saveIndex(): Promise<void> {
    const text = JSON.stringify(this.index, null, 2);
    const next = this.writing.then(() => writeFileAtomic(join(this.dir, 'index.json'), text, 0o600));
    this.writing = next.catch(() => undefined);
    return next;
  }
}
