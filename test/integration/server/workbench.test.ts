import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createWorkbench, type Workbench } from '../../../src-main/app/workbench';
import { METHOD_NAMES } from '../../../src-shared/api/index';
import { WsClient, api, http } from './helpers';
import { copyTemplate, keyedTemplate, loopbackOptions } from '../workbench-helpers';

const dirs: string[] = [];
const benches: Workbench[] = [];
let template: string;

// Keys (the ACS's self-signed identity, the lab CA, the ACS certificate) are made once and copied: RSA key
// generation would otherwise dominate every test.
beforeAll(async () => {
  template = await keyedTemplate('cwmp-wb');
});

afterAll(() => rmSync(template, { recursive: true, force: true }));

afterEach(async () => {
  for (const w of benches.splice(0)) await w.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function bench(overrides: Partial<Parameters<typeof createWorkbench>[0]> = {}): Promise<Workbench> {
  let dataDir = overrides.dataDir;
  if (!dataDir) {
    dataDir = copyTemplate(template, 'cwmp-wb');
  }
  dirs.push(dataDir);
  const w = await createWorkbench(loopbackOptions(dataDir, { token: 'workbench-token', staticDir: join(dataDir, 'no-ui'), ...overrides }));
  benches.push(w);
  return w;
}

function portOf(url: string): number {
  return Number(new URL(url).port);
}

describe('createWorkbench', () => {
  it('has a handler for every method of the contract', async () => {
    const w = await bench();
    for (const m of METHOD_NAMES) expect(typeof w.handlers[m], m).toBe('function');
  });

  it('serves status and traffic over HTTP once started, and publishes its status', async () => {
    const w = await bench();
    const events: string[] = [];
    w.hub.subscribe((e) => events.push(e.event));
    const urls = await w.start();
    expect(urls.ui).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=workbench-token$/);
    expect(events).toContain('server/status');
    const port = portOf(urls.ui!);
    const status = await api(port, 'server/status', {}, 'workbench-token');
    expect(status.json()).toMatchObject({ dataDir: w.options.dataDir, shell: 'headless' });
    const ui = status.json().listeners.find((l: { name: string }) => l.name === 'ui');
    expect(ui).toMatchObject({ listening: true, url: `http://127.0.0.1:${port}/` });
    expect((await api(port, 'traffic/list', {}, 'workbench-token')).json()).toEqual({ exchanges: [], total: 0 });
  });

  it('pushes events over the WebSocket', async () => {
    const w = await bench();
    const urls = await w.start();
    const client = await WsClient.open(`ws://127.0.0.1:${portOf(urls.ui!)}/api/events?token=workbench-token`);
    try {
      await client.next((f) => f.type === 'event' && f.event === 'server/status');
      w.traffic.clear();
      await client.next((f) => f.type === 'event' && f.event === 'traffic/cleared');
    } finally {
      await client.close();
    }
  });

  it('does not open the UI server in the Electron shell', async () => {
    const w = await bench({ shell: 'electron' });
    const urls = await w.start();
    expect(urls.ui).toBeUndefined();
    expect((await w.status()).shell).toBe('electron');
    expect((await w.handlers['server/status']({})).listeners.find((l) => l.name === 'ui')).toBeUndefined();
  });

  it('stops idempotently and frees its ports', async () => {
    const w = await bench();
    const urls = await w.start();
    const port = portOf(urls.ui!);
    await Promise.all([w.stop(), w.stop()]);
    await expect(api(port, 'server/status', {}, 'workbench-token')).rejects.toThrow(/ECONNREFUSED/);
    await expect(w.start()).rejects.toThrow(/cannot start/);
  });

  it('reports which part failed to start, and stops the parts already started', async () => {
    const first = await bench();
    const taken = portOf((await first.start()).ui!);
    const second = await bench({ uiPort: taken });
    await expect(second.start()).rejects.toThrow(/UI server failed to start: .*EADDRINUSE/);
    // The ACS had started before the UI failed; it must be closed again.
    const acsPort = portOf(second.acs.urls().http!);
    await expect(http(acsPort, { path: '/' })).rejects.toThrow(/ECONNREFUSED/);
  });

  it('moves a flexible port that is taken and says so', async () => {
    const first = await bench();
    const taken = portOf((await first.start()).ui!);
    const second = await bench({ uiPort: taken, flexiblePorts: ['uiPort'] });
    const urls = await second.start();
    expect(portOf(urls.ui!)).not.toBe(taken);
    expect(second.warnings().join('\n')).toMatch(new RegExp(`UI port ${taken} is in use`));
  });

  it('runs the ACS with a simulated CPE; devices, decoded traffic and the capture survive a restart', async () => {
    const w = await bench({ sim: 1 });
    const urls = await w.start();
    expect(urls.acsHttp).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(urls.acsHttps).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    const port = portOf(urls.ui!);
    const list = (await api(port, 'devices/list', {}, 'workbench-token')).json();
    expect(list.devices).toHaveLength(1);
    const deviceId = list.devices[0].id as string;
    expect(deviceId).toBe(w.simulator()!.devices[0].deviceId);

    const traffic = (await api(port, 'traffic/list', { deviceId }, 'workbench-token')).json();
    const inform = traffic.exchanges.find((x: { cwmpRequest?: { rpc: string } }) => x.cwmpRequest?.rpc === 'Inform');
    expect(inform).toBeDefined();
    const full = (await api(port, 'traffic/get', { id: inform.id }, 'workbench-token')).json();
    expect(full.request).toMatchObject({ ok: true, message: { rpc: { name: 'Inform' } } });
    expect(full.response).toMatchObject({ ok: true, message: { rpc: { name: 'InformResponse' } } });

    const status = (await api(port, 'server/status', {}, 'workbench-token')).json();
    expect(status).toMatchObject({ devicesTotal: 1, capture: { recording: true } });
    expect(status.listeners.map((l: { name: string }) => l.name)).toEqual(expect.arrayContaining(['acs-http', 'acs-https', 'ui']));
    await w.stop();

    const again = await bench({ dataDir: w.options.dataDir });
    const urls2 = await again.start();
    const after = (await api(portOf(urls2.ui!), 'devices/list', {}, 'workbench-token')).json();
    expect(after.devices.map((d: { id: string }) => d.id)).toEqual([deviceId]);
    const captures = (await api(portOf(urls2.ui!), 'captures/list', {}, 'workbench-token')).json();
    expect(captures.captures.length).toBeGreaterThanOrEqual(1);
  });
});
