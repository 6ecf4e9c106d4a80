import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Exchange } from '../../../src-shared/traffic/exchange';
import { EventHub } from '../../../src-main/runtime/event-hub';
import { createSimulator, type Simulator } from '../../../src-main/sim/index';
import { createProxyService, type ProxyService } from '../../../src-main/proxy/index';
import { startAcs, type Harness } from '../acs/helpers';
import { CollectingSink } from './helpers';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const CR = { username: 'cr-user', password: 'cr-pass' };

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function chain(rewrite: boolean): Promise<{ h: Harness; sim: Simulator; proxy: ProxyService; sink: CollectingSink; proxyUrl: string }> {
  const h = await startAcs();
  cleanups.push(() => h.close());
  await h.acs.settings.update({ auth: { mode: 'digest', username: 'acs-user', password: 'acs-pass' } });
  const dir = await mkdtemp(join(tmpdir(), 'cwmp-sim-proxy-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const sink = new CollectingSink();
  const proxy = await createProxyService({ dataDir: dir, hub: new EventHub(), traffic: sink, host: '127.0.0.1' });
  cleanups.push(() => proxy.stop());
  const { proxy: p } = await proxy.handlers['proxy/create']({
    profile: { name: 'sim', listen: { host: '127.0.0.1', port: 0 }, upstream: { url: h.acs.urls().http!, verify: true }, preserveHost: false, rewriteConnectionRequestUrl: rewrite, autoStart: false, pauseTimeoutMs: 60_000 },
    start: true,
  });
  const sim = await createSimulator({ acsUrl: p.url!, count: 1, acsAuth: { username: 'acs-user', password: 'acs-pass' }, connectionRequestAuth: CR, retryBaseMs: 100, rebootDelayMs: 50 });
  cleanups.push(() => sim.stop());
  await sim.start();
  await waitUntil(() => sim.devices[0].sessions.some((s) => s.ok));
  await h.acs.handlers['devices/set-credentials']({ deviceId: sim.devices[0].deviceId, connectionRequest: CR });
  return { h, sim, proxy, sink, proxyUrl: p.url! };
}

const finishedCwmp = (xs: Iterable<Exchange>): Exchange[] =>
  [...xs].filter((x) => x.finishedAt !== undefined && x.kind === 'cwmp').sort((a, b) => a.startedAt - b.startedAt);

describe('simulator → proxy → the workbench ACS', () => {
  it('carries BOOTSTRAP (with Digest) and a GetParameterValues session; both sides saw the same bytes', async () => {
    const { h, sim, sink } = await chain(false);
    const dev = sim.devices[0];
    const { taskId } = await h.acs.handlers['tasks/create']({ deviceId: dev.deviceId, rpc: { name: 'GetParameterValues', parameterNames: ['Device.DeviceInfo.SerialNumber'] } });
    await sim.inform(0, ['2 PERIODIC']);
    await waitUntil(async () => (await h.acs.handlers['tasks/get']({ taskId })).status === 'done');
    const acsSide = finishedCwmp(h.exchanges.values());
    await waitUntil(() => finishedCwmp(sink.finished).length >= acsSide.length);
    const proxySide = finishedCwmp(sink.finished);
    expect(proxySide.length).toBe(acsSide.length);
    expect(acsSide.length).toBeGreaterThanOrEqual(6);
    for (let i = 0; i < acsSide.length; i++) {
      const a = acsSide[i];
      const p = proxySide[i];
      expect(p.request?.body.data).toBe(a.request?.body.data);
      expect(p.request?.method).toBe(a.request?.method);
      expect(p.response?.status).toBe(a.response?.status);
      expect(p.response?.body.data).toBe(a.response?.body.data);
      expect(p.cwmpRequest?.rpc ?? null).toBe(a.cwmpRequest?.rpc ?? null);
      expect(p.cwmpResponse?.rpc ?? null).toBe(a.cwmpResponse?.rpc ?? null);
    }
    expect(proxySide.some((x) => x.response?.status === 401)).toBe(true);
    expect(proxySide.some((x) => x.cwmpResponse?.rpc === 'GetParameterValues')).toBe(true);
    expect(proxySide.every((x) => x.deviceId === dev.deviceId)).toBe(true);
    const devices = await h.acs.handlers['devices/list']({});
    expect(devices.devices.map((d) => d.id)).toEqual([dev.deviceId]);
  });

  it('relays the ACS connection request through the proxy when the ConnectionRequestURL rewrite is on', async () => {
    const { h, sim, sink, proxyUrl } = await chain(true);
    const dev = sim.devices[0];
    const detail = await h.acs.handlers['devices/get']({ deviceId: dev.deviceId });
    const proxyPort = new URL(proxyUrl).port;
    // The ACS knows the relay address, not the device's own.
    expect(detail.connectionRequestUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/cr\/[0-9a-f]{16}$/);
    expect(detail.connectionRequestUrl).not.toBe(dev.connectionRequestUrl);
    expect(new URL(detail.connectionRequestUrl!).port).not.toBe(proxyPort);
    const { taskId } = await h.acs.handlers['tasks/create']({ deviceId: dev.deviceId, rpc: { name: 'GetParameterValues', parameterNames: ['Device.DeviceInfo.SerialNumber'] }, connectionRequest: true });
    await waitUntil(async () => (await h.acs.handlers['tasks/get']({ taskId })).status === 'done');
    const crs = sink.finished.filter((x) => x.kind === 'connection-request');
    expect(crs.length).toBeGreaterThanOrEqual(1);
    expect(crs.some((x) => x.response?.status === 200 || x.response?.status === 204)).toBe(true);
    expect(sink.finished.some((x) => x.notes?.includes('rewritten-connection-request-url'))).toBe(true);
    expect(dev.connectionRequests.accepted).toBeGreaterThanOrEqual(1);
  });
});
