import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AcsTlsSettings, CertDetail, MtlsMode } from '../../../src-shared/api/certs';
import type { DeviceDetail } from '../../../src-shared/api/devices';
import type { Exchange } from '../../../src-shared/traffic/exchange';
import { createWorkbench, type Workbench } from '../../../src-main/app/workbench';
import { createSimulator } from '../../../src-main/sim/index';
import { openssl } from '../tls/helpers';
import { call, handshake, keyedCert, sameFingerprint, tlsFailures, waitFor } from './helpers';
import { loopbackOptions } from '../workbench-helpers';

/**
 * TLS on the ACS end to end, in a real workbench (the composition root `serve` and Electron use): the HTTPS
 * listener's certificate from the store, swapped through the API, mutual TLS in each mode with the simulator
 * as the CPE, failed handshakes as traffic, and the NSS key log.
 */
let dir: string;
let wb: Workbench;
let port: number;
let httpsUrl: string;
let labCa: CertDetail;
let cpe: { cert: string; key: string; fingerprint256: string };
let foreign: { cert: string; key: string; fingerprint256: string };
let serial = 0;

async function setAcs(params: Record<string, unknown>): Promise<AcsTlsSettings> {
  return call<AcsTlsSettings>(wb, 'certs/acs-tls-set', params);
}

/** One Inform session from a fresh simulated CPE over HTTPS. */
async function session(tls: { cert?: string; key?: string; ca?: string }): Promise<{ ok: boolean; deviceId: string; exchanges: Exchange[]; failures: Exchange[] }> {
  const failuresBefore = tlsFailures(wb).length;
  const sim = await createSimulator({
    acsUrl: httpsUrl,
    count: 1,
    bootstrap: false,
    retryBaseMs: 60_000,
    serialPrefix: `WBTLS${++serial}`,
    tls: { ca: labCa.pem, ...tls },
  });
  await sim.start();
  try {
    const r = await sim.inform(0, ['1 BOOT']);
    const deviceId = sim.devices[0].deviceId;
    // The ACS may learn of a refused handshake after the client gave up.
    const failures = r.ok ? tlsFailures(wb).slice(failuresBefore) : await waitFor('the refusal to be recorded', () => (tlsFailures(wb).length > failuresBefore ? tlsFailures(wb).slice(failuresBefore) : undefined));
    const exchanges = wb.traffic.list({ deviceId }).exchanges.filter((x) => x.kind === 'cwmp');
    return { ok: r.ok, deviceId, exchanges, failures };
  } finally {
    await sim.stop();
  }
}

async function device(id: string): Promise<DeviceDetail> {
  return call<DeviceDetail>(wb, 'devices/get', { deviceId: id });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wb-tls-'));
  wb = await createWorkbench(loopbackOptions(dir, { serveUi: false, record: false }));
  const urls = await wb.start();
  httpsUrl = urls.acsHttps ?? '';
  port = Number(new URL(httpsUrl).port);
  const settings = await call<AcsTlsSettings>(wb, 'certs/acs-tls-get');
  labCa = await call<CertDetail>(wb, 'certs/get', { id: settings.cert?.issuerId });
  const client = await call<CertDetail>(wb, 'certs/issue', { issuerId: labCa.id, profile: 'client', subject: { commonName: 'wb-sim-cpe' }, keyAlgorithm: 'ec-p256', validityDays: 30 });
  cpe = await keyedCert(wb, client.id);
  const otherCa = await call<CertDetail>(wb, 'certs/create-ca', { subject: { commonName: 'Somebody Else CA' }, keyAlgorithm: 'ec-p256', validityDays: 30, trust: [] });
  const stranger = await call<CertDetail>(wb, 'certs/issue', { issuerId: otherCa.id, profile: 'client', subject: { commonName: 'stranger-cpe' }, keyAlgorithm: 'ec-p256', validityDays: 30 });
  foreign = await keyedCert(wb, stranger.id);
}, 30_000);

afterAll(async () => {
  await wb?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the ACS HTTPS certificate comes from the store', () => {
  it('first start: a certificate issued by the lab CA, which verifies for localhost and 127.0.0.1', async () => {
    const settings = await call<AcsTlsSettings>(wb, 'certs/acs-tls-get');
    expect(settings.cert?.usedByAcs).toBe(true);
    expect(labCa.isCa).toBe(true);
    expect(labCa.subject).toMatch(/Lab CA/);
    const byName = await handshake(port, { ca: labCa.pem, servername: 'localhost' });
    expect(byName).toMatchObject({ ok: true, authorized: true });
    expect(sameFingerprint(byName.fingerprint256, settings.cert?.fingerprint256)).toBe(true);
    // No SNI, checked against the IP address SAN as an HTTPS client would for https://127.0.0.1:port/.
    const byIp = await handshake(port, { ca: labCa.pem, servername: undefined, checkServerIdentity: (host, cert) => (cert.subjectaltname?.includes('IP Address:127.0.0.1') ? undefined : new Error(`no IP SAN for ${host}`)) });
    expect(byIp.ok).toBe(true);
    // Without the lab CA the chain does not verify: it is not a public certificate.
    expect((await handshake(port, {})).ok).toBe(false);
  });

  it('a certificate chosen through certs/acs-tls-set is presented by the next handshake, without a restart', async () => {
    const before = await call<AcsTlsSettings>(wb, 'certs/acs-tls-get');
    const next = await call<CertDetail>(wb, 'certs/issue', { issuerId: labCa.id, profile: 'server', subject: { commonName: 'acs-swapped.test' }, dns: ['localhost', 'acs-swapped.test'], ip: ['127.0.0.1'], validityDays: 30 });
    const set = await setAcs({ certId: next.id });
    expect(set.certId).toBe(next.id);
    const h = await handshake(port, { ca: labCa.pem, servername: 'acs-swapped.test' });
    expect(h).toMatchObject({ ok: true, authorized: true });
    expect(sameFingerprint(h.fingerprint256, next.fingerprint256)).toBe(true);
    expect(wb.urls().acsHttps).toBe(httpsUrl); // same listener
    await setAcs({ certId: before.certId });
    const back = await handshake(port, { ca: labCa.pem });
    expect(sameFingerprint(back.fingerprint256, before.cert?.fingerprint256)).toBe(true);
  });
});

describe('mutual TLS with the simulator as the CPE', () => {
  afterEach(async () => {
    await setAcs({ mtlsMode: 'off' });
  });

  async function mode(m: MtlsMode): Promise<void> {
    expect((await setAcs({ mtlsMode: m })).mtlsMode).toBe(m);
  }

  it('off: sessions run with or without a certificate; none is asked for or recorded', async () => {
    await mode('off');
    for (const tls of [{}, cpe]) {
      const r = await session(tls);
      expect(r.ok).toBe(true);
      expect(r.exchanges.length).toBeGreaterThan(0);
      for (const x of r.exchanges) expect(x.connection.tls?.peerCertificate).toBeUndefined();
      expect((await device(r.deviceId)).tlsClientCertificate).toBeUndefined();
    }
  });

  it('optional: a trusted certificate is recorded on every exchange and with the device; a foreign one is recorded as untrusted', async () => {
    await mode('optional');
    const trusted = await session(cpe);
    expect(trusted.ok).toBe(true);
    expect(trusted.exchanges.length).toBeGreaterThan(1);
    for (const x of trusted.exchanges) {
      expect(x.connection.tls?.peerCertificate).toMatchObject({ verdict: 'trusted', subject: expect.stringContaining('wb-sim-cpe'), issuer: expect.stringContaining('Lab CA') });
      expect(sameFingerprint(x.connection.tls?.peerCertificate?.fingerprint256, cpe.fingerprint256)).toBe(true);
    }
    const dev = await device(trusted.deviceId);
    expect(dev.tlsClientCertificate).toMatchObject({ verdict: 'trusted', subject: expect.stringContaining('wb-sim-cpe') });
    expect(sameFingerprint(dev.tlsClientCertificate?.fingerprint256, cpe.fingerprint256)).toBe(true);
    const listed = (await call<{ devices: Array<{ id: string; tlsClientCertificate?: { verdict: string } }> }>(wb, 'devices/list')).devices.find((d) => d.id === trusted.deviceId);
    expect(listed?.tlsClientCertificate?.verdict).toBe('trusted');

    const stranger = await session(foreign);
    expect(stranger.ok).toBe(true);
    for (const x of stranger.exchanges) {
      expect(x.connection.tls?.peerCertificate).toMatchObject({ verdict: 'untrusted', subject: expect.stringContaining('stranger-cpe'), reason: expect.stringMatching(/unknown CA/i) });
    }
    expect((await device(stranger.deviceId)).tlsClientCertificate?.verdict).toBe('untrusted');

    const none = await session({});
    expect(none.ok).toBe(true);
    for (const x of none.exchanges) expect(x.connection.tls?.peerCertificate?.verdict ?? 'none').toBe('none');
    expect((await device(none.deviceId)).tlsClientCertificate?.verdict ?? 'none').toBe('none');
  });

  it('required: a trusted certificate gets a session; none or a foreign one is refused and recorded with the reason', async () => {
    await mode('required');
    const trusted = await session(cpe);
    expect(trusted.ok).toBe(true);
    expect(trusted.exchanges[0].connection.tls?.peerCertificate?.verdict).toBe('trusted');
    expect((await device(trusted.deviceId)).tlsClientCertificate?.verdict).toBe('trusted');

    const none = await session({});
    expect(none.ok).toBe(false);
    expect(none.exchanges).toHaveLength(0);
    expect(none.failures).toHaveLength(1);
    expect(none.failures[0]).toMatchObject({ kind: 'tls-failure', source: 'acs', error: expect.stringMatching(/no (client )?certificate/i) });
    expect(none.failures[0].connection.remoteAddress).toBe('127.0.0.1');
    expect(none.failures[0].connection.remotePort).toBeGreaterThan(0);

    const stranger = await session(foreign);
    expect(stranger.ok).toBe(false);
    expect(stranger.exchanges.filter((x) => x.response)).toHaveLength(0);
    expect(stranger.failures[0]?.error).toMatch(/unknown CA/i);
    expect(stranger.failures[0]?.connection.tls?.peerCertificate).toMatchObject({ verdict: 'untrusted', subject: expect.stringContaining('stranger-cpe') });
  });
});

describe('failed handshakes are traffic', () => {
  /** A CPE whose TLS stack verifies the ACS and says why it refuses (an alert), as OpenSSL-based CPEs do. */
  async function opensslCpe(extra: string[] = []): Promise<{ code: number; out: string; failure: Exchange }> {
    const caFile = join(dir, 'lab-ca.pem');
    writeFileSync(caFile, labCa.pem);
    const n = tlsFailures(wb).length;
    const r = await openssl(['s_client', '-connect', `127.0.0.1:${port}`, '-CAfile', caFile, '-verify_return_error', '-servername', 'localhost', ...extra]);
    const [failure] = await waitFor('a tls-failure', () => (tlsFailures(wb).length > n ? tlsFailures(wb).slice(n) : undefined));
    return { ...r, failure };
  }

  it('a CPE that does not trust the ACS certificate: recorded with its address and "unknown CA"', async () => {
    const otherCa = await call<CertDetail>(wb, 'certs/create-ca', { subject: { commonName: 'Not The Lab CA' }, keyAlgorithm: 'ec-p256', validityDays: 30, trust: [] });
    const caFile = join(dir, 'other-ca.pem');
    writeFileSync(caFile, otherCa.pem);
    const n = tlsFailures(wb).length;
    const r = await openssl(['s_client', '-connect', `127.0.0.1:${port}`, '-CAfile', caFile, '-verify_return_error', '-servername', 'localhost']);
    expect(r.code).not.toBe(0);
    const [failure] = await waitFor('a tls-failure', () => (tlsFailures(wb).length > n ? tlsFailures(wb).slice(n) : undefined));
    expect(failure).toMatchObject({ kind: 'tls-failure', source: 'acs', connection: { remoteAddress: '127.0.0.1', localPort: port } });
    expect(failure.connection.remotePort).toBeGreaterThan(0);
    expect(failure.error).toMatch(/unknown CA/i);
  });

  it('a CPE that hangs up without an alert (as Node TLS clients do) is recorded too, saying so', async () => {
    const n = tlsFailures(wb).length;
    expect((await handshake(port, {})).ok).toBe(false);
    const [failure] = await waitFor('a tls-failure', () => (tlsFailures(wb).length > n ? tlsFailures(wb).slice(n) : undefined));
    expect(failure.connection.remoteAddress).toBe('127.0.0.1');
    expect(failure.error).toMatch(/closed the connection during the handshake/i);
  });

  it('an expired ACS certificate: the CPE refuses it, recorded as "certificate expired"', async () => {
    const before = await call<AcsTlsSettings>(wb, 'certs/acs-tls-get');
    const expired = await call<CertDetail>(wb, 'certs/issue', { issuerId: labCa.id, profile: 'server', subject: { commonName: 'localhost' }, dns: ['localhost'], ip: ['127.0.0.1'], bad: 'expired', validityDays: 30, keyAlgorithm: 'ec-p256' });
    await setAcs({ certId: expired.id });
    try {
      const r = await opensslCpe();
      expect(r.out).toMatch(/certificate has expired/i);
      expect(r.failure.error).toMatch(/certificate expired/i);
    } finally {
      await setAcs({ certId: before.certId });
    }
  });

  it('a wrong-host ACS certificate: the CPE refuses it, and the reason names the hostname', async () => {
    const before = await call<AcsTlsSettings>(wb, 'certs/acs-tls-get');
    const wrong = await call<CertDetail>(wb, 'certs/issue', { issuerId: labCa.id, profile: 'server', subject: { commonName: 'localhost' }, dns: ['localhost'], ip: ['127.0.0.1'], bad: 'wrong-host', validityDays: 30, keyAlgorithm: 'ec-p256' });
    await setAcs({ certId: wrong.id });
    try {
      const r = await opensslCpe(['-verify_hostname', 'localhost']);
      expect(r.out).toMatch(/hostname mismatch/i);
      expect(r.failure.error).toMatch(/hostname mismatch/i);
    } finally {
      await setAcs({ certId: before.certId });
    }
  });

  it('plain HTTP on the HTTPS port is recorded in words', async () => {
    const n = tlsFailures(wb).length;
    await new Promise<void>((resolve) => {
      const s = connect(port, '127.0.0.1', () => s.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n'));
      s.on('error', () => resolve());
      s.on('close', () => resolve());
      s.resume();
    });
    const [failure] = await waitFor('a tls-failure', () => (tlsFailures(wb).length > n ? tlsFailures(wb).slice(n) : undefined));
    expect(failure.error).toMatch(/plain HTTP/i);
  });
});

describe('NSS key log', () => {
  it('is written to the data directory only while switched on, with the secrets the client used', async () => {
    const settings = await call<AcsTlsSettings>(wb, 'certs/acs-tls-get');
    expect(settings.keyLog).toBe(false);
    const file = settings.keyLogPath;
    expect(file.startsWith(dir)).toBe(true);
    const size = (): number => (existsSync(file) ? statSync(file).size : 0);

    await handshake(port, { ca: labCa.pem });
    expect(size()).toBe(0);

    await setAcs({ keyLog: true });
    const tls13 = await handshake(port, { ca: labCa.pem, maxVersion: 'TLSv1.3', minVersion: 'TLSv1.3' });
    const tls12 = await handshake(port, { ca: labCa.pem, maxVersion: 'TLSv1.2' });
    expect(tls13.ok && tls12.ok).toBe(true);
    const lines = await waitFor('key log lines', () => {
      const text = existsSync(file) ? readFileSync(file, 'latin1') : '';
      const all = text.split('\n').filter(Boolean);
      return [...tls13.keylog, ...tls12.keylog].every((l) => all.includes(l)) ? all : undefined;
    });
    // The NSS format Wireshark reads: LABEL <client random, 64 hex> <secret hex>.
    for (const l of lines) expect(l).toMatch(/^(CLIENT_RANDOM|CLIENT_HANDSHAKE_TRAFFIC_SECRET|SERVER_HANDSHAKE_TRAFFIC_SECRET|CLIENT_TRAFFIC_SECRET_0|SERVER_TRAFFIC_SECRET_0|EXPORTER_SECRET) [0-9a-f]{64} [0-9a-f]+$/);
    expect(lines.some((l) => l.startsWith('CLIENT_RANDOM '))).toBe(true); // TLS 1.2
    expect(lines.some((l) => l.startsWith('CLIENT_TRAFFIC_SECRET_0 '))).toBe(true); // TLS 1.3
    expect(statSync(file).mode & 0o777).toBe(0o600);

    await setAcs({ keyLog: false });
    const written = size();
    await handshake(port, { ca: labCa.pem });
    await new Promise((r) => setTimeout(r, 100));
    expect(size()).toBe(written);
  });
});
