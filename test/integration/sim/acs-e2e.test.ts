/**
 * End to end: simulated CPEs against the real embedded ACS, over loopback HTTP and HTTPS only.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import { afterEach, describe, expect, it } from 'vitest';
import type { TaskInfo, TaskRequest } from '../../../src-shared/api/tasks';
import type { Exchange } from '../../../src-shared/traffic/exchange';
import { createAcsService, type AcsService } from '../../../src-main/acs';
import { EventHub } from '../../../src-main/runtime/event-hub';
import { createSimulator, type SimOptions, type Simulator } from '../../../src-main/sim';
import { checkExchangeSequence } from '../../../src-main/datamodel/exchange-checks';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function startAcs(https = false): Promise<{ acs: AcsService; dataDir: string; exchanges: Exchange[] }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sim-e2e-'));
  cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
  const exchanges: Exchange[] = [];
  const acs = await createAcsService({
    dataDir,
    host: '127.0.0.1',
    httpPort: 0,
    httpsPort: https ? 0 : null,
    hub: new EventHub(),
    traffic: { record: (x: Exchange) => void exchanges.push(x) },
  });
  await acs.start();
  cleanup.push(() => acs.stop());
  return { acs, dataDir, exchanges };
}

async function startSim(options: SimOptions): Promise<Simulator> {
  const sim = await createSimulator({ rebootDelayMs: 20, informIntervalSec: 3600, retryBaseMs: 60_000, ...options });
  cleanup.push(() => sim.stop());
  await sim.start();
  return sim;
}

async function runNow(acs: AcsService, deviceId: string, rpc: TaskRequest): Promise<TaskInfo> {
  const { taskId } = await acs.handlers['tasks/create']({ deviceId, rpc, connectionRequest: true });
  const until = Date.now() + 10_000;
  for (;;) {
    const t = await acs.handlers['tasks/get']({ taskId });
    if (t.status !== 'queued' && t.status !== 'sent') return t;
    if (Date.now() > until) throw new Error(`task ${rpc.name} still ${t.status}: ${t.message ?? ''}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A self-signed client certificate (clientAuth) for mutual TLS. */
function clientIdentity(): { key: string; cert: string } {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(pair.publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  const attrs = [{ name: 'commonName', value: 'simulated CPE' }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
    { name: 'extKeyUsage', clientAuth: true },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(key), forge.md.sha256.create());
  return { key, cert: forge.pki.certificateToPem(cert) };
}

describe('simulator ↔ embedded ACS', () => {
  it('registers 20 devices from their BOOTSTRAP sessions with the Inform data', async () => {
    const { acs } = await startAcs();
    const sim = await startSim({ acsUrl: `${acs.urls().http}cwmp`, count: 20, serialPrefix: 'E2E' });
    expect(sim.devices.every((d) => d.sessions[0]?.ok)).toBe(true);
    const { devices } = await acs.handlers['devices/list']({});
    expect(devices.map((d) => d.id).sort()).toEqual(sim.devices.map((d) => d.deviceId).sort());
    const one = await acs.handlers['devices/get']({ deviceId: sim.devices[3].deviceId });
    expect(one.serialNumber).toBe('E2E000004');
    expect(one.connectionRequestUrl).toBe(sim.devices[3].connectionRequestUrl);
    expect(one.parameters.find((p) => p.path === 'Device.DeviceInfo.SoftwareVersion')?.value).toBe('1.0.0');
  });

  it('runs tasks over a Digest connection request: GPN of the whole tree, SPV, and a fault', async () => {
    const { acs } = await startAcs();
    const cr = { username: 'cr', password: 'cr-secret' };
    const sim = await startSim({ acsUrl: `${acs.urls().http}cwmp`, count: 1, connectionRequestAuth: cr });
    const d = sim.devices[0];
    await acs.handlers['devices/set-credentials']({ deviceId: d.deviceId, connectionRequest: cr });

    const gpn = await runNow(acs, d.deviceId, { name: 'GetParameterNames', parameterPath: 'Device.', nextLevel: false });
    expect(gpn.status).toBe('done');
    const names = gpn.result?.name === 'GetParameterNamesResponse' ? gpn.result.parameterList.map((p) => p.name) : [];
    expect(names.length).toBeGreaterThan(500);
    expect(names).toContain('Device.WiFi.SSID.1.SSID');

    const spv = await runNow(acs, d.deviceId, {
      name: 'SetParameterValues',
      parameterList: [{ name: 'Device.WiFi.SSID.1.SSID', value: 'from-acs', type: 'xsd:string' }],
      parameterKey: 'e2e',
    });
    expect(spv.status).toBe('done');
    expect(d.getValue('Device.WiFi.SSID.1.SSID')).toBe('from-acs');
    expect(d.connectionRequests.accepted).toBeGreaterThanOrEqual(2);

    const bad = await runNow(acs, d.deviceId, {
      name: 'SetParameterValues',
      parameterList: [{ name: 'Device.WiFi.Radio.1.Channel', value: '999', type: 'xsd:unsignedInt' }],
      parameterKey: 'e2e-2',
    });
    expect(bad.status).toBe('fault');
    expect(bad.fault?.setParameterValuesFault?.[0]).toMatchObject({ parameterName: 'Device.WiFi.Radio.1.Channel', faultCode: 9007 });
  });

  it('speaks CWMP 1.4 over HTTPS, verifying the ACS certificate, and downloads from its file store', async () => {
    const { acs, dataDir, exchanges } = await startAcs(true);
    const ca = await readFile(join(dataDir, 'tls', 'acs-cert.pem'), 'utf8');
    const base = acs.urls().https!;
    const sim = await startSim({ acsUrl: `${base}cwmp`, count: 1, cwmpVersion: '1.4', tls: { ca } });
    const d = sim.devices[0];
    expect(d.sessions[0]).toMatchObject({ ok: true });
    expect(exchanges.some((x) => x.request?.headers.some(([name]) => name.toLowerCase() === 'cookie'))).toBe(true);

    await fetch(`${acs.urls().http}upload/fw-e2e.bin`, { method: 'PUT', body: 'firmware-e2e' });
    const tc = d.nextSession((r) => r.cpeRequests.includes('TransferComplete'));
    const dl = await runNow(acs, d.deviceId, {
      name: 'Download',
      commandKey: 'dl-e2e',
      fileType: '1 Firmware Upgrade Image',
      url: `${base}files/fw-e2e.bin`,
      fileSize: 12,
    });
    expect(dl.status, dl.message).toBe('done');
    const s = await tc;
    expect(s.events).toEqual(expect.arrayContaining(['7 TRANSFER COMPLETE', 'M Download']));
    expect(dl.transferComplete?.faultCode ?? 0).toBe(0);
  });

  it('authenticates with a client certificate when the ACS requires mutual TLS', async () => {
    const { acs, dataDir } = await startAcs(true);
    const ca = await readFile(join(dataDir, 'tls', 'acs-cert.pem'), 'utf8');
    const key = await readFile(join(dataDir, 'tls', 'acs-key.pem'), 'utf8');
    const client = clientIdentity();
    acs.setTlsOptions({ key, cert: ca, ca: [client.cert], requestCert: true, rejectUnauthorized: true });
    const url = `${acs.urls().https}cwmp`;
    const withCert = await startSim({ acsUrl: url, count: 1, serialPrefix: 'MTLS', tls: { ca, cert: client.cert, key: client.key } });
    expect(withCert.devices[0].sessions[0]).toMatchObject({ ok: true });
    const without = await startSim({ acsUrl: url, count: 1, serialPrefix: 'NOCERT', tls: { ca } });
    expect(without.devices[0].sessions[0].ok).toBe(false);
    const { devices } = await acs.handlers['devices/list']({});
    expect(devices.map((d) => d.serialNumber)).toEqual(['MTLS000001']);
  });
});

describe('TR-069 event rules after a session that asks for everything at once', () => {
  it('Download, Upload, ScheduleDownload, ChangeDUState and Reboot in one session: every completion in a session that announces it', async () => {
    const { acs, dataDir, exchanges } = await startAcs();
    const sim = await startSim({ acsUrl: `${acs.urls().http}cwmp`, count: 1 });
    const d = sim.devices[0];
    await writeFile(join(dataDir, 'files', 'fw.bin'), 'firmware');
    await writeFile(join(dataDir, 'files', 'cfg.xml'), '<cfg/>');
    const files = acs.urls().files!;
    const ids: string[] = [];
    const queue = async (rpc: TaskRequest): Promise<void> => {
      ids.push((await acs.handlers['tasks/create']({ deviceId: d.deviceId, rpc })).taskId);
    };
    await queue({ name: 'Download', commandKey: 'dl', fileType: '1 Firmware Upgrade Image', url: `${files}fw.bin` });
    await queue({ name: 'Upload', commandKey: 'up', fileType: '2 Vendor Log File', url: `${files}upload/log.txt` });
    await queue({ name: 'ScheduleDownload', commandKey: 'sd', fileType: '3 Vendor Configuration File', url: `${files}cfg.xml`, timeWindowList: [{ windowStart: 0, windowEnd: 60, windowMode: '1 At Any Time' }] });
    await queue({ name: 'ChangeDUState', commandKey: 'du', operations: [{ type: 'Install', url: `${files}fw.bin` }] });
    await queue({ name: 'Reboot', commandKey: 'rb' });
    await acs.connectionRequest(d.deviceId);
    const until = Date.now() + 20_000;
    for (;;) {
      const tasks = await Promise.all(ids.map((taskId) => acs.handlers['tasks/get']({ taskId })));
      const open = tasks.filter((t) => t.status === 'queued' || t.status === 'sent');
      const duDone = tasks.find((t) => t.rpc.name === 'ChangeDUState')?.duStateChangeComplete;
      if (open.length === 0 && duDone && d.pendingRequests.length === 0) break;
      if (Date.now() > until) throw new Error(`still open: ${open.map((t) => `${t.rpc.name} ${t.status} ${t.message ?? ''}`).join('; ')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    for (const taskId of ids) expect((await acs.handlers['tasks/get']({ taskId })).status).toBe('done');

    // Every session's CPE requests match its Inform's events, as the simulator reports them …
    for (const s of d.sessions) {
      const tcs = s.cpeRequests.filter((r) => r === 'TransferComplete').length;
      if (tcs) expect(s.events, JSON.stringify(s)).toContain('7 TRANSFER COMPLETE');
      if (s.events.includes('7 TRANSFER COMPLETE')) expect(tcs, JSON.stringify(s)).toBeGreaterThan(0);
      if (s.cpeRequests.includes('DUStateChangeComplete')) expect(s.events).toContain('11 DU STATE CHANGE COMPLETE');
      if (s.events.includes('11 DU STATE CHANGE COMPLETE')) expect(s.cpeRequests).toContain('DUStateChangeComplete');
    }
    // … and as the conformance rules read the recorded traffic.
    const findings = checkExchangeSequence(exchanges.filter((x) => x.deviceId === d.deviceId && x.finishedAt !== undefined), { modelFor: () => undefined }).flatMap((c) => c.findings);
    expect(findings.filter((f) => f.ruleId.startsWith('completion-') || f.ruleId.startsWith('event-'))).toEqual([]);
    expect(exchanges.filter((x) => x.finishedAt !== undefined && x.cwmpRequest?.rpc === 'TransferComplete')).toHaveLength(3);
  });
});
