import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorkbench, type Workbench } from '../../../src-main/app/workbench';
import { METHOD_NAMES } from '../../../src-shared/api/index';
import { WsClient, api } from './helpers';

const dirs: string[] = [];
const benches: Workbench[] = [];

afterEach(async () => {
  for (const w of benches.splice(0)) await w.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function bench(overrides: Partial<Parameters<typeof createWorkbench>[0]> = {}): Promise<Workbench> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cwmp-wb-'));
  dirs.push(dataDir);
  const w = await createWorkbench({
    dataDir,
    host: '127.0.0.1',
    acsPort: 0,
    acsTlsPort: 0,
    uiPort: 0,
    token: 'workbench-token',
    sim: 0,
    shell: 'headless',
    staticDir: join(dataDir, 'no-ui'),
    ...overrides,
  });
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

  it('reports which part failed to start and leaves nothing listening', async () => {
    const first = await bench();
    const taken = portOf((await first.start()).ui!);
    const second = await bench({ uiPort: taken });
    await expect(second.start()).rejects.toThrow(/ui failed to start: .*EADDRINUSE/);
  });
});
