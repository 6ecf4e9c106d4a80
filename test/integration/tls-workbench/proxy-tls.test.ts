import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AcsTlsSettings, CertDetail } from '../../../src-shared/api/certs';
import type { ProxyInfo } from '../../../src-shared/api/proxy';
import { createWorkbench, type Workbench } from '../../../src-main/app/workbench';
import { createSimulator } from '../../../src-main/sim/index';
import { openssl } from '../tls/helpers';
import { call, handshake, sameFingerprint, waitFor } from './helpers';
import { loopbackOptions } from '../workbench-helpers';

/**
 * The capture proxy's TLS in the running workbench: an HTTPS listener presenting a certificate from the
 * store (`listenerCertId`), and upstream verification against the proxy trust store (the lab CA is in it),
 * with the workbench's own HTTPS ACS as the upstream and the simulator as the CPE.
 */
let dir: string;
let wb: Workbench;
let acsHttps: string;
let labCa: CertDetail;
let proxyCert: CertDetail;
let serial = 0;

async function createProxy(name: string, extra: { listenerCertId?: string; upstream?: Record<string, unknown> }): Promise<ProxyInfo> {
  const { proxy } = await call<{ proxy: ProxyInfo }>(wb, 'proxy/create', {
    profile: { name, listen: { host: '127.0.0.1', port: 0 }, upstream: { url: acsHttps, ...extra.upstream }, ...(extra.listenerCertId ? { listenerCertId: extra.listenerCertId } : {}) },
    start: true,
  });
  return proxy;
}

async function informThrough(url: string): Promise<{ ok: boolean; deviceId: string }> {
  const sim = await createSimulator({ acsUrl: url, count: 1, bootstrap: false, retryBaseMs: 60_000, serialPrefix: `PXTLS${++serial}`, tls: { ca: labCa.pem } });
  await sim.start();
  try {
    const r = await sim.inform(0, ['1 BOOT']);
    return { ok: r.ok, deviceId: sim.devices[0].deviceId };
  } finally {
    await sim.stop();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wb-proxy-tls-'));
  wb = await createWorkbench(loopbackOptions(dir, { serveUi: false, record: false }));
  acsHttps = (await wb.start()).acsHttps ?? '';
  const settings = await call<AcsTlsSettings>(wb, 'certs/acs-tls-get');
  labCa = await call<CertDetail>(wb, 'certs/get', { id: settings.cert?.issuerId });
  proxyCert = await call<CertDetail>(wb, 'certs/issue', {
    issuerId: labCa.id,
    profile: 'server',
    subject: { commonName: 'proxy.lab.test' },
    dns: ['localhost', 'proxy.lab.test'],
    ip: ['127.0.0.1'],
    keyAlgorithm: 'ec-p256',
    validityDays: 30,
  });
}, 30_000);

afterAll(async () => {
  await wb?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('proxy HTTPS listener with a certificate from the store', () => {
  it('presents the stored certificate, which verifies against the lab CA; a CPE informs through it to the HTTPS ACS', async () => {
    const info = await createProxy('store-cert', { listenerCertId: proxyCert.id });
    expect(info.running).toBe(true);
    expect(info.listenerCertId).toBe(proxyCert.id);
    expect(info.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    const port = Number(new URL(info.url ?? '').port);

    const h = await handshake(port, { ca: labCa.pem, servername: 'proxy.lab.test' });
    expect(h).toMatchObject({ ok: true, authorized: true });
    expect(sameFingerprint(h.fingerprint256, proxyCert.fingerprint256)).toBe(true);

    // Upstream verification is on (the default) and passes only because the lab CA is in the proxy trust store.
    const r = await informThrough(info.url ?? '');
    expect(r.ok).toBe(true);
    const viaProxy = wb.traffic.list({ deviceId: r.deviceId }).exchanges.filter((x) => x.source === 'proxy:store-cert');
    expect(viaProxy.length).toBeGreaterThan(0);
    expect(viaProxy.every((x) => x.response?.status !== 502 && !x.error)).toBe(true);
    const atAcs = wb.traffic.list({ deviceId: r.deviceId }).exchanges.filter((x) => x.source === 'acs');
    expect(atAcs.length).toBeGreaterThan(0);

    const listed = (await call<{ proxies: ProxyInfo[] }>(wb, 'proxy/list')).proxies.find((p) => p.name === 'store-cert');
    expect(listed?.listenerCertId).toBe(proxyCert.id);
  });

  it('without the proxy trust store, the upstream ACS certificate is not trusted and the failure is recorded', async () => {
    const info = await createProxy('no-trust-store', { listenerCertId: proxyCert.id, upstream: { trustStore: false } });
    const r = await informThrough(info.url ?? '');
    expect(r.ok).toBe(false);
    const mine = wb.traffic.list({ limit: 10_000 }).exchanges.filter((x) => x.source === 'proxy:no-trust-store');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.some((x) => x.response?.status === 502 || /TLS|certificate|issuer/i.test(x.error ?? ''))).toBe(true);
    expect(mine.map((x) => x.error ?? '').join(' ')).toMatch(/TLS handshake failed|certificate/i);
  });

  it('a CPE that refuses the proxy certificate: the failed handshake is recorded for the proxy with its reason', async () => {
    const info = await createProxy('refused', { listenerCertId: proxyCert.id });
    const port = Number(new URL(info.url ?? '').port);
    const otherCa = await call<CertDetail>(wb, 'certs/create-ca', { subject: { commonName: 'Unrelated CA' }, keyAlgorithm: 'ec-p256', validityDays: 30, trust: [] });
    const caFile = join(dir, 'unrelated-ca.pem');
    writeFileSync(caFile, otherCa.pem);
    const r = await openssl(['s_client', '-connect', `127.0.0.1:${port}`, '-CAfile', caFile, '-verify_return_error', '-servername', 'localhost']);
    expect(r.code).not.toBe(0);
    const failure = await waitFor('a tls-failure from the proxy', () => wb.traffic.list({ limit: 10_000 }).exchanges.find((x) => x.kind === 'tls-failure' && x.source === 'proxy:refused'));
    expect(failure.connection).toMatchObject({ remoteAddress: '127.0.0.1', localPort: port });
    expect(failure.error).toMatch(/unknown CA/i);
  });

  it('a certificate that cannot serve (a CA, no such id) is refused at start with a clear reason', async () => {
    await expect(createProxy('ca-cert', { listenerCertId: labCa.id })).rejects.toThrow(/CA certificate/);
    await expect(createProxy('missing-cert', { listenerCertId: 'no-such-id' })).rejects.toThrow(/no certificate 'no-such-id'/);
    // proxy/create is all or nothing: a profile that could not start was not created.
    const names = (await call<{ proxies: ProxyInfo[] }>(wb, 'proxy/list')).proxies.map((p) => p.name);
    expect(names).not.toContain('ca-cert');
    expect(names).not.toContain('missing-cert');
  });

  it('switching the listener to another stored certificate through proxy/update takes effect at once (the running profile restarts)', async () => {
    const other = await call<CertDetail>(wb, 'certs/issue', { issuerId: labCa.id, profile: 'server', subject: { commonName: 'proxy2.lab.test' }, dns: ['localhost'], ip: ['127.0.0.1'], keyAlgorithm: 'ec-p256', validityDays: 30 });
    const { proxy } = await call<{ proxy: ProxyInfo }>(wb, 'proxy/update', { name: 'store-cert', changes: { listenerCertId: other.id } });
    expect(proxy.running).toBe(true);
    const h = await handshake(Number(new URL(proxy.url ?? '').port), { ca: labCa.pem });
    expect(sameFingerprint(h.fingerprint256, other.fingerprint256)).toBe(true);
    // null clears it: back to plain HTTP (no listen.tls in this profile).
    const cleared = await call<{ proxy: ProxyInfo }>(wb, 'proxy/update', { name: 'store-cert', changes: { listenerCertId: null } });
    expect(cleared.proxy.listenerCertId).toBeUndefined();
    expect(cleared.proxy.url).toMatch(/^http:\/\//);
  });
});
