import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCertService, type CertService } from '../../../src-main/tls/index';
import { nextFailure, openssl, startTestAcs, type TestAcs } from './helpers';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const available = hasOpenssl();
if (!available) console.warn('openssl not found: skipping the openssl interoperability tests (.ci/run installs it)');

let dir: string;
let svc: CertService;
let acs: TestAcs;
let caFile: string;
let caId: string;

beforeAll(async () => {
  if (!available) return;
  dir = mkdtempSync(join(tmpdir(), 'tls-openssl-'));
  svc = await createCertService({ dataDir: dir });
  acs = await startTestAcs(svc);
  caId = (await svc.handlers['certs/acs-tls-get']({})).cert?.issuerId ?? '';
  caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, (await svc.handlers['certs/get']({ id: caId })).pem);
});

afterAll(async () => {
  await acs?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const sClient = (extra: string[]): Promise<{ code: number; out: string }> =>
  openssl(['s_client', '-connect', `127.0.0.1:${acs.port}`, '-servername', 'localhost', '-CAfile', caFile, '-verify_return_error', '-verify_hostname', 'localhost', ...extra], 'Q\n');

describe.skipIf(!available)('openssl against what the workbench issues', () => {
  it('s_client verifies the ACS chain (and the IP SAN)', async () => {
    const r = await sClient([]);
    expect(r.out).toMatch(/Verify return code: 0 \(ok\)/);
    expect(r.code).toBe(0);
    const ip = await openssl(['s_client', '-connect', `127.0.0.1:${acs.port}`, '-CAfile', caFile, '-verify_return_error', '-verify_ip', '127.0.0.1'], 'Q\n');
    expect(ip.out).toMatch(/Verify return code: 0 \(ok\)/);
  });

  it('s_client presents an issued client certificate in required mode; without one it is refused and recorded', async () => {
    const client = await svc.handlers['certs/issue']({ issuerId: caId, profile: 'client', subject: { commonName: 'cpe-openssl' }, dns: [], ip: [], keyAlgorithm: 'rsa-2048', validityDays: 30 });
    const certFile = join(dir, 'client.pem');
    writeFileSync(certFile, client.pem);
    const keyFile = join(dir, 'client.key');
    writeFileSync(keyFile, (await svc.handlers['certs/export']({ id: client.id, format: 'pem-key' })).data, { mode: 0o600 });
    await svc.handlers['certs/acs-tls-set']({ mtlsMode: 'required' });
    const withCert = await sClient(['-cert', certFile, '-key', keyFile]);
    expect(withCert.out).toMatch(/Verify return code: 0 \(ok\)/);
    const before = acs.traffic.list().exchanges.filter((x) => x.kind === 'tls-failure').length;
    // TLS 1.2, so the refusal is part of the handshake rather than the first read.
    const without = await openssl(['s_client', '-connect', `127.0.0.1:${acs.port}`, '-CAfile', caFile, '-tls1_2'], 'Q\n');
    expect(without.out).toMatch(/alert handshake failure|alert number 40|certificate required/);
    const failure = await nextFailure(acs.traffic, before + 1);
    expect(failure.error).toMatch(/^no client certificate/);
    await svc.handlers['certs/acs-tls-set']({ mtlsMode: 'off' });
  });

  it('an expired ACS certificate: s_client refuses it and the ACS records why', async () => {
    const settings = await svc.handlers['certs/acs-tls-get']({});
    const expired = await svc.handlers['certs/issue']({ issuerId: caId, profile: 'server', subject: { commonName: 'localhost' }, dns: ['localhost'], ip: ['127.0.0.1'], keyAlgorithm: 'ec-p256', validityDays: 30, bad: 'expired' });
    const wrongHost = await svc.handlers['certs/issue']({ issuerId: caId, profile: 'server', subject: { commonName: 'localhost' }, dns: ['localhost'], ip: ['127.0.0.1'], keyAlgorithm: 'ec-p256', validityDays: 30, bad: 'wrong-host' });
    try {
      const before = acs.traffic.list().exchanges.filter((x) => x.kind === 'tls-failure').length;
      await svc.handlers['certs/acs-tls-set']({ certId: expired.id });
      const r = await sClient([]);
      expect(r.code).not.toBe(0);
      expect(r.out).toMatch(/certificate has expired/);
      expect((await nextFailure(acs.traffic, before + 1)).error).toMatch(/certificate expired/);

      await svc.handlers['certs/acs-tls-set']({ certId: wrongHost.id });
      const w = await sClient([]);
      expect(w.code).not.toBe(0);
      expect(w.out).toMatch(/hostname mismatch/);
      expect((await nextFailure(acs.traffic, before + 2)).error).toMatch(/the peer rejected our certificate/);
    } finally {
      await svc.handlers['certs/acs-tls-set']({ certId: settings.certId ?? '' });
    }
  });

  it('openssl x509 reads the exported PEM and DER; openssl pkcs12 reads the exported PKCS#12', async () => {
    for (const keyAlgorithm of ['rsa-2048', 'ec-p256'] as const) {
      const c = await svc.handlers['certs/issue']({ issuerId: caId, profile: 'server', subject: { commonName: `export-${keyAlgorithm}` }, dns: ['export.lab'], ip: ['192.0.2.7'], keyAlgorithm, validityDays: 30 });
      const pemFile = join(dir, `${keyAlgorithm}.pem`);
      const derFile = join(dir, `${keyAlgorithm}.cer`);
      writeFileSync(pemFile, (await svc.handlers['certs/export']({ id: c.id, format: 'pem' })).data);
      writeFileSync(derFile, Buffer.from((await svc.handlers['certs/export']({ id: c.id, format: 'der' })).data, 'base64'));
      const fromPem = await openssl(['x509', '-in', pemFile, '-noout', '-subject', '-ext', 'subjectAltName', '-fingerprint', '-sha256']);
      expect(fromPem.code).toBe(0);
      expect(fromPem.out).toMatch(new RegExp(`subject=CN = export-${keyAlgorithm}`));
      expect(fromPem.out).toMatch(/DNS:export.lab, IP Address:192.0.2.7/);
      expect(fromPem.out).toContain(c.fingerprint256);
      const fromDer = await openssl(['x509', '-in', derFile, '-inform', 'DER', '-noout', '-fingerprint', '-sha256']);
      expect(fromDer.out).toContain(c.fingerprint256);
      const verify = await openssl(['verify', '-CAfile', caFile, pemFile]);
      expect(verify.out).toMatch(/: OK/);

      const p12 = join(dir, `${keyAlgorithm}.p12`);
      writeFileSync(p12, Buffer.from((await svc.handlers['certs/export']({ id: c.id, format: 'pkcs12', password: 'Secret-1' })).data, 'base64'));
      const read = await openssl(['pkcs12', '-in', p12, '-passin', 'pass:Secret-1', '-nodes']);
      expect(read.code).toBe(0);
      expect(read.out.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
      expect(read.out).toMatch(/BEGIN PRIVATE KEY/);
      const wrong = await openssl(['pkcs12', '-in', p12, '-passin', 'pass:nope', '-nodes']);
      expect(wrong.code).not.toBe(0);
      expect(wrong.out).toMatch(/mac verify (failure|error)/i);

      // And back: what openssl writes, the workbench reads.
      const keyFile = join(dir, `${keyAlgorithm}.key`);
      writeFileSync(keyFile, (await svc.handlers['certs/export']({ id: c.id, format: 'pem-key' })).data, { mode: 0o600 });
      const repacked = join(dir, `${keyAlgorithm}-openssl.p12`);
      const made = await openssl(['pkcs12', '-export', '-in', pemFile, '-inkey', keyFile, '-certfile', caFile, '-passout', 'pass:pw', '-out', repacked]);
      expect(made.code).toBe(0);
      const other = await createCertService({ dataDir: join(dir, `other-${keyAlgorithm}`) });
      const imported = await other.handlers['certs/import']({ pkcs12Base64: readFileSync(repacked).toString('base64'), password: 'pw' });
      expect(imported.imported[0]).toMatchObject({ fingerprint256: c.fingerprint256, hasPrivateKey: true });
      expect(imported.imported).toHaveLength(2);
    }
  });

  it('a CSR made by openssl is signed and verifies', async () => {
    const keyFile = join(dir, 'csr.key');
    const csrFile = join(dir, 'req.csr');
    const made = await openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile, '-out', csrFile, '-subj', '/O=Vendor/CN=CPE-0042', '-addext', 'subjectAltName=DNS:cpe42.lab']);
    expect(made.code).toBe(0);
    const signed = await svc.handlers['certs/sign-csr']({ issuerId: caId, csrPem: readFileSync(csrFile, 'utf8'), profile: 'client', validityDays: 30, dns: [], ip: [] });
    expect(signed.subject).toBe('O=Vendor, CN=CPE-0042');
    expect(signed.sans).toEqual(['DNS:cpe42.lab']);
    const certFile = join(dir, 'signed.pem');
    writeFileSync(certFile, signed.pem);
    const verify = await openssl(['verify', '-CAfile', caFile, '-purpose', 'sslclient', certFile]);
    expect(verify.out).toMatch(/: OK/);
  });

  it('imports a CA openssl made (PEM cert + encrypted key), issues from it, and openssl verifies the result', async () => {
    const caKey = join(dir, 'ext-ca.key');
    const caCert = join(dir, 'ext-ca.pem');
    const made = await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-keyout', caKey, '-passout', 'pass:capw', '-out', caCert, '-days', '30', '-subj', '/O=Operator/CN=Operator Root', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    expect(made.code).toBe(0);
    const bad = svc.handlers['certs/import-ca']({ certPem: readFileSync(caCert, 'utf8'), keyPem: readFileSync(caKey, 'utf8'), trust: [] });
    await expect(bad).rejects.toThrow(/encrypted: a password is needed/);
    const ca = await svc.handlers['certs/import-ca']({ certPem: readFileSync(caCert, 'utf8'), keyPem: readFileSync(caKey, 'utf8'), keyPassword: 'capw', trust: ['proxy-upstream'] });
    expect(ca).toMatchObject({ subject: 'O=Operator, CN=Operator Root', role: 'ca', hasPrivateKey: true, origin: 'imported', trustedFor: ['proxy-upstream'] });
    expect(svc.proxyUpstreamCas()).toContain(readFileSync(caCert, 'utf8').replace(/\r/g, ''));
    const leaf = await svc.handlers['certs/issue']({ issuerId: ca.id, profile: 'server', subject: { commonName: 'proxy.lab' }, dns: ['proxy.lab'], ip: [], keyAlgorithm: 'ec-p256', validityDays: 30 });
    expect(leaf.chain.map((l) => l.subject)).toEqual(['CN=proxy.lab', 'O=Operator, CN=Operator Root']);
    const leafFile = join(dir, 'proxy-leaf.pem');
    writeFileSync(leafFile, leaf.pem);
    const verify = await openssl(['verify', '-CAfile', caCert, '-purpose', 'sslserver', '-verify_hostname', 'proxy.lab', leafFile]);
    expect(verify.out).toMatch(/: OK/);
  });
});
