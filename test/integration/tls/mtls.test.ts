import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertDetail } from '../../../src-shared/api/certs';
import { createCertService, describeTlsError, type CertService } from '../../../src-main/tls/index';
import { get, nextFailure, startTestAcs, type TestAcs } from './helpers';

let dir: string;
let svc: CertService;
let acs: TestAcs;
let caPem: string;
let good: { cert: string; key: string };
let stranger: { cert: string; key: string };
let expiredClient: { cert: string; key: string };
let failures = 0;

async function withKey(svc: CertService, c: CertDetail): Promise<{ cert: string; key: string }> {
  return { cert: c.pem, key: (await svc.handlers['certs/export']({ id: c.id, format: 'pem-key' })).data };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tls-int-'));
  svc = await createCertService({ dataDir: dir });
  acs = await startTestAcs(svc); // creates the lab CA and the default ACS certificate
  const settings = await svc.handlers['certs/acs-tls-get']({});
  const caId = settings.cert?.issuerId ?? '';
  caPem = (await svc.handlers['certs/get']({ id: caId })).pem;
  const issue = async (commonName: string, extra: object = {}): Promise<CertDetail> =>
    svc.handlers['certs/issue']({ issuerId: caId, profile: 'client', subject: { commonName }, dns: [], ip: [], keyAlgorithm: 'ec-p256', validityDays: 30, ...extra });
  good = await withKey(svc, await issue('cpe-good'));
  expiredClient = await withKey(svc, await issue('cpe-expired', { bad: 'expired' }));
  // A client certificate from a CA the ACS does not trust.
  const otherCa = await svc.handlers['certs/create-ca']({ subject: { commonName: 'Other CA' }, keyAlgorithm: 'ec-p256', validityDays: 30, trust: [] });
  stranger = await withKey(svc, await svc.handlers['certs/issue']({ issuerId: otherCa.id, profile: 'client', subject: { commonName: 'cpe-stranger' }, dns: [], ip: [], keyAlgorithm: 'ec-p256', validityDays: 30 }));
});

afterAll(async () => {
  await acs?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('mutual TLS on the ACS listener', () => {
  it('off: no client certificate is asked for, with or without one', async () => {
    await svc.handlers['certs/acs-tls-set']({ mtlsMode: 'off' });
    const without = await get(acs.port, { ca: caPem });
    expect(without.ok && without.body.peer).toMatchObject({ verdict: 'none' });
    const withCert = await get(acs.port, { ca: caPem, ...good });
    // Not requested, so not sent.
    expect(withCert.ok && withCert.body.peer).toMatchObject({ verdict: 'none' });
  });

  it('optional: records the certificate and its verdict, lets everyone in', async () => {
    await svc.handlers['certs/acs-tls-set']({ mtlsMode: 'optional' });
    const none = await get(acs.port, { ca: caPem });
    expect(none.ok && none.body.peer?.verdict).toBe('none');
    const trusted = await get(acs.port, { ca: caPem, ...good });
    expect(trusted.ok && trusted.body).toMatchObject({ authorized: true, peer: { verdict: 'trusted', subject: 'CN=cpe-good' } });
    const untrusted = await get(acs.port, { ca: caPem, ...stranger });
    expect(untrusted.ok && untrusted.body).toMatchObject({ authorized: false, peer: { verdict: 'untrusted', subject: 'CN=cpe-stranger' } });
    const expired = await get(acs.port, { ca: caPem, ...expiredClient });
    expect(expired.ok && expired.body.peer?.verdict).toBe('expired');
  });

  it('required: only a trusted certificate gets through; each refusal is recorded in words', async () => {
    await svc.handlers['certs/acs-tls-set']({ mtlsMode: 'required' });
    const trusted = await get(acs.port, { ca: caPem, ...good });
    expect(trusted.ok && trusted.body.peer?.verdict).toBe('trusted');

    const none = await get(acs.port, { ca: caPem });
    expect(none.ok).toBe(false);
    let failure = await nextFailure(acs.traffic, ++failures);
    expect(failure.error).toMatch(/^no client certificate/);
    expect(failure.connection.remoteAddress).toBe('127.0.0.1');
    expect(failure.source).toBe('acs');

    expect((await get(acs.port, { ca: caPem, ...stranger })).ok).toBe(false);
    failure = await nextFailure(acs.traffic, ++failures);
    expect(failure.error).toMatch(/client certificate rejected: unknown CA/);
    expect(failure.connection.remoteAddress).toBe('127.0.0.1');

    expect((await get(acs.port, { ca: caPem, ...expiredClient })).ok).toBe(false);
    failure = await nextFailure(acs.traffic, ++failures);
    expect(failure.error).toMatch(/client certificate rejected: certificate expired/);
  });

  it('required with the CA removed from the ACS trust store: even the good certificate is refused', async () => {
    const caId = (await svc.handlers['certs/acs-tls-get']({})).clientCas[0]?.id ?? '';
    await svc.handlers['certs/trust-remove']({ id: caId, store: 'acs-clients' });
    expect((await get(acs.port, { ca: caPem, ...good })).ok).toBe(false);
    const failure = await nextFailure(acs.traffic, ++failures);
    expect(failure.error).toMatch(/unknown CA/);
    await svc.handlers['certs/trust-add']({ id: caId, store: 'acs-clients' });
    expect((await get(acs.port, { ca: caPem, ...good })).ok).toBe(true);
    await svc.handlers['certs/acs-tls-set']({ mtlsMode: 'off' });
  });
});

describe('server certificates a verifying client rejects', () => {
  it('expired, wrong-host, not-yet-valid, self-signed and wrong-key-usage certificates fail with the right reason; a good one passes', async () => {
    const settings = await svc.handlers['certs/acs-tls-get']({});
    const defaultId = settings.certId ?? '';
    const caId = settings.cert?.issuerId ?? '';
    const issue = async (bad: 'expired' | 'wrong-host'): Promise<CertDetail> =>
      svc.handlers['certs/issue']({ issuerId: caId, profile: 'server', subject: { commonName: 'localhost' }, dns: ['localhost'], ip: ['127.0.0.1'], keyAlgorithm: 'ec-p256', validityDays: 30, bad });

    const expired = await issue('expired');
    await svc.handlers['certs/acs-tls-set']({ certId: expired.id });
    const r1 = await get(acs.port, { ca: caPem });
    expect(r1.ok).toBe(false);
    if (!r1.ok) {
      expect(r1.error.code).toBe('CERT_HAS_EXPIRED');
      expect(describeTlsError(r1.error)).toMatch(/^certificate expired/);
    }

    const wrongHost = await issue('wrong-host');
    await svc.handlers['certs/acs-tls-set']({ certId: wrongHost.id });
    const r2 = await get(acs.port, { ca: caPem });
    expect(r2.ok).toBe(false);
    if (!r2.ok) {
      expect(r2.error.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
      expect(describeTlsError(r2.error)).toMatch(/^hostname mismatch/);
    }

    for (const [bad, words] of [
      ['not-yet-valid', /^certificate not yet valid/],
      ['self-signed', /self-signed/],
      ['wrong-key-usage', /wrong key usage|unsupported certificate|certificate purpose/],
    ] as const) {
      const c = await svc.handlers['certs/issue']({ issuerId: caId, profile: 'server', subject: { commonName: 'localhost' }, dns: ['localhost'], ip: ['127.0.0.1'], keyAlgorithm: 'ec-p256', validityDays: 30, bad });
      await svc.handlers['certs/acs-tls-set']({ certId: c.id });
      const r = await get(acs.port, { ca: caPem });
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(describeTlsError(r.error), `${bad}: ${r.error.code}`).toMatch(words);
    }

    await svc.handlers['certs/acs-tls-set']({ certId: defaultId });
    const r3 = await get(acs.port, { ca: caPem, servername: 'localhost' });
    expect(r3.ok).toBe(true);
    // A client without the lab CA does not know the issuer.
    const r4 = await get(acs.port, {});
    expect(r4.ok).toBe(false);
    if (!r4.ok) expect(describeTlsError(r4.error)).toMatch(/unknown CA/);
  });
});

describe('NSS key log', () => {
  it('writes secrets only while on, to an owner-only file', async () => {
    const path = (await svc.handlers['certs/acs-tls-get']({})).keyLogPath;
    await svc.handlers['certs/acs-tls-set']({ keyLog: true });
    expect((await get(acs.port, { ca: caPem })).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 100)); // the append stream flushes asynchronously
    const text = readFileSync(path, 'utf8');
    expect(text).toMatch(/^(CLIENT_HANDSHAKE_TRAFFIC_SECRET|SERVER_HANDSHAKE_TRAFFIC_SECRET|CLIENT_TRAFFIC_SECRET_0|SERVER_TRAFFIC_SECRET_0|EXPORTER_SECRET|CLIENT_RANDOM) [0-9a-f]{64} [0-9a-f]+$/m);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await svc.handlers['certs/acs-tls-set']({ keyLog: false });
    await new Promise((r) => setTimeout(r, 50));
    const size = statSync(path).size;
    expect((await get(acs.port, { ca: caPem })).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    expect(statSync(path).size).toBe(size);
  });
});

describe('a listener that enforces "required" itself', () => {
  it('clientCertificateRefusal names what is wrong, and nothing for a trusted certificate', async () => {
    const { createServer } = await import('node:tls');
    const { clientCertificateRefusal } = await import('../../../src-main/tls/index');
    const opts = await svc.acsTlsOptions();
    const verdicts: Array<string | undefined> = [];
    const server = createServer({ key: opts.key, cert: opts.cert, ca: [caPem], requestCert: true, rejectUnauthorized: false }, (socket) => {
      verdicts.push(clientCertificateRefusal(socket));
      socket.end('bye');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const { connect } = await import('node:tls');
    const once = (tls: object): Promise<void> =>
      new Promise((resolve) => {
        const s = connect({ host: '127.0.0.1', port, ca: caPem, servername: 'localhost', ...tls });
        s.on('data', () => undefined);
        s.on('close', () => resolve());
        s.on('error', () => undefined);
      });
    await once({});
    await once(good);
    await once(stranger);
    await once(expiredClient);
    server.close();
    expect(verdicts[0]).toMatch(/^no client certificate/);
    expect(verdicts[1]).toBeUndefined();
    expect(verdicts[2]).toMatch(/client certificate rejected: unknown CA/);
    expect(verdicts[3]).toMatch(/client certificate rejected: certificate expired/);
  });
});
