import { readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertDetail, MtlsMode } from '../../../src-shared/api/certs';
import type { Exchange } from '../../../src-shared/traffic/exchange';
import { EventHub } from '../../../src-main/runtime/event-hub';
import { createAcsService, type AcsService } from '../../../src-main/acs/index';
import { createSimulator } from '../../../src-main/sim/index';
import { createCertService, type CertService } from '../../../src-main/tls/index';

/**
 * The real ACS with its HTTPS identity and client-certificate policy from the cert service (wired as the
 * composition root wires them), and the built-in simulator as the CPE, with and without a certificate.
 */
let dir: string;
let certs: CertService;
let acs: AcsService;
let url: string;
let caPem: string;
const records: Exchange[] = [];
let cpeCert: { cert: string; key: string };
let strangerCert: { cert: string; key: string };
let serial = 0;

async function keyed(c: CertDetail): Promise<{ cert: string; key: string }> {
  return { cert: c.pem, key: (await certs.handlers['certs/export']({ id: c.id, format: 'pem-key' })).data };
}

/** One Inform session from a fresh simulated CPE; resolves with whether it got through and the exchanges it caused. */
async function session(tls: { cert?: string; key?: string }): Promise<{ ok: boolean; error?: string; exchanges: Exchange[]; failures: Exchange[] }> {
  const before = records.length;
  const sim = await createSimulator({ acsUrl: url, count: 1, bootstrap: false, retryBaseMs: 60_000, serialPrefix: `TLS${++serial}`, tls: { ca: caPem, ...tls } });
  await sim.start();
  try {
    const r = await sim.inform(0, ['1 BOOT']);
    await new Promise((res) => setTimeout(res, 100)); // the ACS learns of a refused handshake after the client
    const mine = records.slice(before);
    return { ok: r.ok, error: r.error, exchanges: mine.filter((x) => x.kind === 'cwmp'), failures: mine.filter((x) => x.kind === 'tls-failure') };
  } finally {
    await sim.stop();
  }
}

async function mode(m: MtlsMode): Promise<void> {
  await certs.handlers['certs/acs-tls-set']({ mtlsMode: m });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tls-acs-sim-'));
  const hub = new EventHub();
  certs = await createCertService({ dataDir: dir, hub });
  acs = await createAcsService({ dataDir: dir, host: '127.0.0.1', httpPort: 0, httpsPort: 0, hub, traffic: { record: (x) => records.push(x) } });
  await acs.start();
  acs.setTlsOptions(await certs.acsTlsOptions());
  certs.onAcsTlsChange((o) => acs.setTlsOptions(o));
  url = acs.urls().https ?? '';
  const caId = (await certs.handlers['certs/acs-tls-get']({})).cert?.issuerId ?? '';
  caPem = (await certs.handlers['certs/get']({ id: caId })).pem;
  cpeCert = await keyed(await certs.handlers['certs/issue']({ issuerId: caId, profile: 'client', subject: { commonName: 'sim-cpe' }, dns: [], ip: [], keyAlgorithm: 'ec-p256', validityDays: 30 }));
  const other = await certs.handlers['certs/create-ca']({ subject: { commonName: 'Foreign CA' }, keyAlgorithm: 'ec-p256', validityDays: 30, trust: [] });
  strangerCert = await keyed(await certs.handlers['certs/issue']({ issuerId: other.id, profile: 'client', subject: { commonName: 'foreign-cpe' }, dns: [], ip: [], keyAlgorithm: 'ec-p256', validityDays: 30 }));
});

afterAll(async () => {
  await acs?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the simulator as a CPE over HTTPS against each mutual-TLS mode', () => {
  it('off: with or without a certificate, the session runs and no certificate is recorded', async () => {
    await mode('off');
    for (const tls of [{}, cpeCert]) {
      const r = await session(tls);
      expect(r.ok).toBe(true);
      expect(r.exchanges.length).toBeGreaterThan(0);
      expect(r.exchanges[0].connection.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
      expect(r.exchanges[0].connection.tls?.peerCertificate).toBeUndefined();
    }
  });

  it('optional: sessions run; a sent certificate is recorded with its verdict', async () => {
    await mode('optional');
    const none = await session({});
    expect(none.ok).toBe(true);
    expect(none.exchanges[0].connection.tls?.peerCertificate).toBeUndefined();
    const trusted = await session(cpeCert);
    expect(trusted.ok).toBe(true);
    expect(trusted.exchanges[0].connection.tls?.peerCertificate).toMatchObject({ verdict: 'trusted', subject: expect.stringContaining('sim-cpe') });
    const foreign = await session(strangerCert);
    expect(foreign.ok).toBe(true);
    expect(foreign.exchanges[0].connection.tls?.peerCertificate).toMatchObject({ verdict: 'untrusted', subject: expect.stringContaining('foreign-cpe') });
  });

  it('required: only the trusted certificate gets a session; refusals are recorded with reasons', async () => {
    await mode('required');
    const trusted = await session(cpeCert);
    expect(trusted.ok).toBe(true);
    expect(trusted.exchanges[0].connection.tls?.peerCertificate?.verdict).toBe('trusted');

    const none = await session({});
    expect(none.ok).toBe(false);
    expect(none.exchanges).toHaveLength(0);
    expect(none.failures).toHaveLength(1); // recorded once, not by two hooks
    expect(none.failures[0]).toMatchObject({ source: 'acs', error: expect.stringMatching(/no client certificate|client sent no certificate/i) });
    expect(none.failures[0].connection.remoteAddress).toBe('127.0.0.1');

    const foreign = await session(strangerCert);
    expect(foreign.ok).toBe(false);
    expect(foreign.exchanges.filter((x) => x.response)).toHaveLength(0);
    expect(foreign.failures[0]?.error).toMatch(/client certificate.*(unknown CA|untrusted|not trusted)/i);
    await mode('off');
  });
});
