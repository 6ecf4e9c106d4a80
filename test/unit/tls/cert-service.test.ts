import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../src-shared/api/dispatch';
import type { ApiHandlers } from '../../../src-shared/api/client';
import { ApiError } from '../../../src-shared/api/errors';
import type { ApiEvent } from '../../../src-shared/api/index';
import type { CertDetail } from '../../../src-shared/api/certs';
import { EventHub } from '../../../src-main/runtime/event-hub';
import { createCertService, type CertService } from '../../../src-main/tls/index';
import { parsePrivateKey, keysMatch } from '../../../src-main/tls/keys';

let dir: string;
let svc: CertService;
let h: CertService['handlers'];
const events: ApiEvent[] = [];
let ca: CertDetail;

// Parameters pass through the contract's schemas, as over any transport.
async function call<K extends keyof CertService['handlers']>(method: K, params: object): Promise<Awaited<ReturnType<CertService['handlers'][K]>>> {
  const out = await dispatch(h as unknown as ApiHandlers, method, params);
  if (!out.ok) throw new ApiError(out.error.code, out.error.message);
  return out.result as Awaited<ReturnType<CertService['handlers'][K]>>;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'certs-unit-'));
  const hub = new EventHub();
  hub.subscribe((e) => events.push(e));
  svc = await createCertService({ dataDir: dir, hub });
  h = svc.handlers;
  ca = await call('certs/create-ca', { subject: { commonName: 'Unit CA', organization: 'Lab' }, keyAlgorithm: 'ec-p256' });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cert service', () => {
  it('creates a CA: trusted in both stores, key on disk 0600, no key in results', async () => {
    expect(ca.role).toBe('ca');
    expect(ca.isCa).toBe(true);
    expect(ca.selfSigned).toBe(true);
    expect(ca.hasPrivateKey).toBe(true);
    expect(ca.publicKey.description).toBe('EC P-256');
    expect(ca.trustedFor.sort()).toEqual(['acs-clients', 'proxy-upstream']);
    expect(ca.chainComplete).toBe(true);
    expect(JSON.stringify(ca)).not.toMatch(/PRIVATE KEY/);
    const keyFile = join(dir, 'certs', `${ca.id}.key.pem`);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'certs')).mode & 0o777).toBe(0o700);
    expect(events.some((e) => e.event === 'certs/changed')).toBe(true);
  });

  it('issues a server certificate with the details a user checks', async () => {
    const s = await call('certs/issue', { issuerId: ca.id, profile: 'server', subject: { commonName: 'acs.lab' }, dns: ['acs.lab'], ip: ['192.0.2.10'], validityDays: 90, keyAlgorithm: 'rsa-2048' });
    expect(s.sans).toEqual(['DNS:acs.lab', 'IP:192.0.2.10']);
    expect(s.daysLeft).toBeGreaterThanOrEqual(89);
    expect(s.daysLeft).toBeLessThanOrEqual(90);
    expect(s.validity).toBe('valid');
    expect(s.publicKey).toMatchObject({ type: 'rsa', bits: 2048 });
    expect(s.signatureAlgorithm).toBe('ecdsa-with-SHA256');
    expect(s.extendedKeyUsage).toEqual(['serverAuth']);
    expect(s.keyUsage).toEqual(['digitalSignature', 'keyEncipherment']);
    expect(s.issuerId).toBe(ca.id);
    expect(s.chain.map((l) => l.id)).toEqual([s.id, ca.id]);
    expect(s.fingerprint1).toMatch(/^([0-9A-F]{2}:){19}[0-9A-F]{2}$/);
    expect(s.fingerprint256).toBe(new X509Certificate(s.pem).fingerprint256);
    expect(s.warnings).toEqual([]);
  });

  it('labels deliberately bad certificates', async () => {
    const bad = await call('certs/issue', { issuerId: ca.id, profile: 'server', subject: { commonName: 'old.lab' }, bad: 'expired', keyAlgorithm: 'ec-p256' });
    expect(bad.deliberatelyBad).toBe('expired');
    expect(bad.label).toMatch(/^\[BAD: expired\]/);
    expect(bad.validity).toBe('expired');
    expect(bad.warnings[0]).toMatch(/Deliberately bad/);
    // It expired a day ago (and a few ms): whole days elapsed, not the floor of the negative days left.
    expect(bad.warnings).toContain('Expired 1 day ago');
    const self = await call('certs/issue', { issuerId: ca.id, profile: 'client', subject: { commonName: 'lonely' }, bad: 'self-signed', keyAlgorithm: 'ec-p256' });
    expect(self.selfSigned).toBe(true);
    expect(self.issuerId).toBeUndefined();
    // Renewal cures dates.
    const renewed = await call('certs/renew', { id: bad.id, validityDays: 10 });
    expect(renewed.validity).toBe('valid');
    expect(renewed.deliberatelyBad).toBeUndefined();
    expect(renewed.serialNumber).not.toBe(bad.serialNumber);
    expect(renewed.subject).toBe(bad.subject);
  });

  it('exports PEM, chain, DER, key and PKCS#12 as bytes for the caller to save; never to a path it names', async () => {
    const c = await call('certs/issue', { issuerId: ca.id, profile: 'client', subject: { commonName: 'cpe-1' }, keyAlgorithm: 'ec-p256' });
    const pem = await call('certs/export', { id: c.id, format: 'pem' });
    expect(pem.data).toBe(c.pem);
    const chain = await call('certs/export', { id: c.id, format: 'pem-chain' });
    expect(chain.data?.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    const der = await call('certs/export', { id: c.id, format: 'der' });
    expect(new X509Certificate(Buffer.from(der.data ?? '', 'base64')).fingerprint256).toBe(c.fingerprint256);
    const key = await call('certs/export', { id: c.id, format: 'pem-key' });
    expect(key).toMatchObject({ encoding: 'utf8', secret: true, filename: expect.stringMatching(/\.key\.pem$/) });
    const exportedKey = parsePrivateKey(key.data);
    expect(keysMatch(exportedKey, new X509Certificate(c.pem).publicKey)).toBe(true);
    await expect(call('certs/export', { id: c.id, format: 'pkcs12' })).rejects.toThrow(/needs a password/);
    const p12 = await call('certs/export', { id: c.id, format: 'pkcs12', password: 'secret' });
    expect(p12).toMatchObject({ encoding: 'base64', secret: true, filename: expect.stringMatching(/\.p12$/) });
    expect(pem.secret).toBeUndefined();
    // A caller-named path is refused outright (it once let a key be written into the file store), and
    // nothing is written anywhere in the data directory.
    const target = join(dir, 'files', 'stolen.key.pem');
    await expect(call('certs/export', { id: c.id, format: 'pem-key', path: target })).rejects.toThrow(/path/);
    expect(existsSync(target)).toBe(false);
    expect(existsSync(join(dir, 'exports'))).toBe(false);

    // Round trip into a fresh store.
    const other = await createCertService({ dataDir: mkdtempSync(join(tmpdir(), 'certs-unit-2-')) });
    const b64 = p12.data;
    const wrong = await dispatch(other.handlers as unknown as ApiHandlers, 'certs/import', { pkcs12Base64: b64, password: 'nope' });
    expect(wrong).toEqual({ ok: false, error: { code: 'bad-request', message: 'PKCS#12: wrong password (the integrity check failed)' } });
    const imported = (await other.handlers['certs/import']({ pkcs12Base64: b64, password: 'secret' })).imported;
    expect(imported.map((x) => x.fingerprint256)).toEqual([c.fingerprint256, ca.fingerprint256]);
    expect(imported[0].hasPrivateKey).toBe(true);
    expect(imported[0].issuerId).toBe(imported[1].id);
    expect(imported[1].role).toBe('ca');
    rmSync(other.store.dir, { recursive: true, force: true });
  });

  it('imports PEM with a key, DER, and refuses malformed input clearly', async () => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const fk = forge.pki; // a certificate from elsewhere: self-signed by a forge RSA flow is slow, so use our CA's export instead
    expect(fk).toBeDefined();
    const iss = await call('certs/issue', { issuerId: ca.id, profile: 'server', subject: { commonName: 'imp' }, keyAlgorithm: 'ec-p256' });
    const keyPem = (await call('certs/export', { id: iss.id, format: 'pem-key' })).data;
    await call('certs/delete', { id: iss.id });
    const back = await call('certs/import', { pem: iss.pem, keyPem, label: 'back again' });
    expect(back.imported[0]).toMatchObject({ label: 'back again', hasPrivateKey: true, role: 'server', origin: 'imported', fingerprint256: iss.fingerprint256 });
    await expect(call('certs/import', { pem: iss.pem, keyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() })).rejects.toThrow(
      'The private key does not belong to any of the certificates',
    );
    await expect(call('certs/import', { pem: '-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----' })).rejects.toThrow(/Malformed PEM/);
    await expect(call('certs/import', { pem: 'hello' })).rejects.toThrow(/Malformed PEM: no "-----BEGIN CERTIFICATE-----" block found/);
    await expect(call('certs/import', { derBase64: Buffer.from('nope').toString('base64') })).rejects.toThrow(/Malformed DER/);
    await expect(call('certs/import', {})).rejects.toThrow(/exactly one of/);
    const der = Buffer.from(iss.pem.replace(/-----[^-]+-----|\s/g, ''), 'base64').toString('base64');
    const again = await call('certs/import', { derBase64: der });
    expect(again.imported[0].id).toBe(back.imported[0].id); // same certificate: not duplicated
    await expect(call('certs/import-ca', { certPem: iss.pem })).rejects.toThrow(/Not a CA certificate/);
  });

  it('signs a CSR, keeping its subject and SANs', async () => {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const csr = forge.pki.createCertificationRequest();
    csr.publicKey = forge.pki.publicKeyFromPem(pair.publicKey.export({ type: 'spki', format: 'pem' }).toString());
    csr.setSubject([{ shortName: 'CN', value: '00D09E-IGD-1234' }]);
    csr.setAttributes([{ name: 'extensionRequest', extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'cpe1234.lab' }] }] }]);
    csr.sign(forge.pki.privateKeyFromPem(pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()), forge.md.sha256.create());
    const signed = await call('certs/sign-csr', { issuerId: ca.id, csrPem: forge.pki.certificationRequestToPem(csr), ip: ['10.1.2.3'] });
    expect(signed).toMatchObject({ subject: 'CN=00D09E-IGD-1234', sans: ['DNS:cpe1234.lab', 'IP:10.1.2.3'], hasPrivateKey: false, origin: 'signed-csr', role: 'client', issuerId: ca.id });
    expect(signed.extendedKeyUsage).toEqual(['clientAuth']);
    expect(keysMatch(pair.privateKey, new X509Certificate(signed.pem).publicKey)).toBe(true);
    await expect(call('certs/sign-csr', { issuerId: ca.id, csrPem: 'junk' })).rejects.toThrow(/Malformed CSR/);
  });

  it('ACS TLS: defaults on first use, mode changes notify, the ACS cert cannot be deleted', async () => {
    const opts = await svc.acsTlsOptions();
    expect(opts.mtlsMode).toBe('off');
    expect(opts.requestCert).toBe(false);
    const leaf = new X509Certificate(opts.cert);
    expect(leaf.checkHost('localhost')).toBe('localhost');
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(leaf.checkIP('::1')).toBe('::1');
    expect(keysMatch(parsePrivateKey(opts.key), leaf.publicKey)).toBe(true);
    const settings = await call('certs/acs-tls-get', {});
    expect(settings.cert?.label).toBe('ACS server (default)');
    await expect(call('certs/delete', { id: settings.certId ?? '' })).rejects.toThrow(/ACS uses this certificate/);
    const seen: string[] = [];
    const off = svc.onAcsTlsChange((o) => seen.push(`${o.mtlsMode}:${o.requestCert}:${o.rejectUnauthorized}:${o.ca?.length ?? 0}`));
    await call('certs/acs-tls-set', { mtlsMode: 'required' });
    await call('certs/acs-tls-set', { mtlsMode: 'optional', keyLog: true });
    off();
    const lab = (await call('certs/list', {})).certs.filter((c) => c.trustedFor.includes('acs-clients'));
    expect(seen).toEqual([`required:true:true:${lab.length}`, `optional:true:false:${lab.length}`]);
    expect((await svc.acsTlsOptions()).keyLogFile).toBe(join(dir, 'tls-keylog.txt'));
    await expect(call('certs/acs-tls-set', { certId: ca.id })).rejects.toThrow(/is a CA certificate/);
    await call('certs/acs-tls-set', { mtlsMode: 'off', keyLog: false });
  });

  it('verifies client certificates against the ACS trust store', async () => {
    const good = await call('certs/issue', { issuerId: ca.id, profile: 'client', subject: { commonName: 'cpe-good' }, keyAlgorithm: 'ec-p256' });
    const der = (pem: string): Buffer => new X509Certificate(pem).raw;
    expect(svc.verifyClientCertificate(der(good.pem))).toMatchObject({ verdict: 'trusted', subject: 'CN=cpe-good', issuer: 'O=Lab, CN=Unit CA' });
    const expired = await call('certs/issue', { issuerId: ca.id, profile: 'client', subject: { commonName: 'cpe-old' }, bad: 'expired', keyAlgorithm: 'ec-p256' });
    expect(svc.verifyClientCertificate(der(expired.pem)).verdict).toBe('expired');
    await call('certs/trust-remove', { id: ca.id, store: 'acs-clients' });
    expect(svc.verifyClientCertificate(der(good.pem))).toMatchObject({ verdict: 'untrusted', reason: expect.stringMatching(/unknown CA/) });
    const trust = await call('certs/trust-list', {});
    expect(trust.acsClients.map((c) => c.id)).not.toContain(ca.id);
    expect(trust.proxyUpstream.map((c) => c.id)).toContain(ca.id);
    await call('certs/trust-add', { id: ca.id, store: 'acs-clients' });
    expect(svc.verifyClientCertificate(der(good.pem)).verdict).toBe('trusted');
    expect(svc.verifyClientCertificate(Buffer.from('junk')).verdict).toBe('untrusted');
  });

  it('survives a restart: the store reloads from disk', async () => {
    const before = (await call('certs/list', {})).certs;
    const again = await createCertService({ dataDir: dir });
    const after = (await again.handlers['certs/list']({})).certs;
    expect(after.map((c) => [c.id, c.fingerprint256, c.hasPrivateKey, c.trustedFor.sort().join()])).toEqual(
      before.map((c) => [c.id, c.fingerprint256, c.hasPrivateKey, c.trustedFor.sort().join()]),
    );
    expect((await again.handlers['certs/acs-tls-get']({})).certId).toBe((await call('certs/acs-tls-get', {})).certId);
  });

  it('unknown ids and bad parameters are clear errors', async () => {
    await expect(call('certs/get', { id: 'nope' })).rejects.toThrow('No certificate with id nope');
    await expect(call('certs/issue', { issuerId: ca.id, profile: 'server', subject: { commonName: 'x' }, ip: ['a.b'] })).rejects.toThrow('Not an IP address: a.b');
    await expect(call('certs/export', { id: ca.id, format: 'pem', path: 'relative.pem' })).rejects.toThrow(/path/);
    expect(await call('certs/delete', { id: 'nope' })).toEqual({ deleted: false });
  });
});

describe('a damaged store', () => {
  it('starts with an empty index and keeps the damaged one aside', async () => {
    const { writeFileSync, mkdirSync, readdirSync } = await import('node:fs');
    const d = mkdtempSync(join(tmpdir(), 'certs-damaged-'));
    mkdirSync(join(d, 'certs'));
    writeFileSync(join(d, 'certs', 'index.json'), '{ not json');
    const s = await createCertService({ dataDir: d });
    expect((await s.handlers['certs/list']({})).certs).toEqual([]);
    expect(readdirSync(join(d, 'certs')).some((f) => f.startsWith('index.json.damaged-'))).toBe(true);
    rmSync(d, { recursive: true, force: true });
  });
});
