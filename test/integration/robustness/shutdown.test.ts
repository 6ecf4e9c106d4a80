import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import { createWorkbench } from '../../../src-main/app/workbench';
import type { Exchange } from '../../../src-shared/traffic/exchange';
import { api } from '../server/helpers';
import { crashCollector, informXml, open, postBytes, sleep, waitFor, type Target } from './hostile';
import { loopbackOptions } from '../workbench-helpers';

// Stopping a workbench that hostile peers are still holding on to: headers that never finish, a body that
// stops halfway, a message held at a proxy breakpoint, an idle WebSocket-less keep-alive. The stop must
// finish, and what was recorded must be in the capture file.

const TOKEN = 'robustness-shutdown-token';
const crashes = crashCollector();
const dataDir = mkdtempSync(join(tmpdir(), 'cwmp-robust-stop-'));

afterAll(() => {
  crashes.uninstall();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('stopping a workbench held open by hostile peers', () => {
  it('stops promptly and keeps every finished exchange in the capture file', async () => {
    const w = await createWorkbench(loopbackOptions(dataDir, { token: TOKEN, staticDir: join(dataDir, 'no-ui') }));
    const urls = await w.start();
    const uiPort = Number(new URL(urls.ui!).port);
    const created = await api(uiPort, 'proxy/create', { profile: { name: 'robust', listen: { host: '127.0.0.1', port: 0 }, upstream: { url: urls.acsHttp! } }, start: true }, TOKEN);
    expect(created.status, created.body).toBe(200);
    const targets: Target[] = [
      { name: 'acs-http', port: Number(new URL(urls.acsHttp!).port), tls: false },
      { name: 'acs-https', port: Number(new URL(urls.acsHttps!).port), tls: true },
      { name: 'proxy', port: Number(new URL(created.json().proxy.url).port), tls: false },
      { name: 'ui', port: uiPort, tls: false },
    ];
    let capturePath = '';

    const held: Socket[] = [];
    const keep = (s: Socket): Socket => {
      s.on('error', () => undefined);
      held.push(s);
      return s;
    };
    try {
      for (const t of targets) {
        keep(await open(t)).write('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Never: ');
        const half = postBytes(t, '/robust/stop-half', informXml(`STOP-${t.name}`));
        keep(await open(t)).write(half.subarray(0, half.length - 100));
        keep(await open(t));
      }
      const bp = await api(uiPort, 'proxy/breakpoints-set', { breakpoint: { proxy: 'robust', rpc: 'Inform', direction: 'cpe-to-acs' } }, TOKEN);
      expect(bp.status).toBe(200);
      const proxy = targets[2];
      keep(await open(proxy)).write(postBytes(proxy, '/robust/stop-held', informXml('STOP-HELD')));
      await waitFor('the held message', async () => (await api(uiPort, 'proxy/paused-list', {}, TOKEN)).json().paused.length === 1);
      // A finished exchange that must survive the stop.
      const done = await api(uiPort, 'traffic/list', {}, TOKEN);
      expect(done.status).toBe(200);
      const acs = targets[0];
      keep(await open(acs)).write(postBytes(acs, '/robust/stop-finished', '<not-xml', { Connection: 'keep-alive' }));
      await waitFor('the finished exchange', () => w.traffic.list({}).exchanges.find((x) => x.request?.url === '/robust/stop-finished' && x.finishedAt !== undefined));
      // The capture file is opened with the first exchange.
      capturePath = await waitFor('the capture file', async () => (await api(uiPort, 'captures/current', {}, TOKEN)).json().capture?.path as string | undefined);

      const stopped = await Promise.race([w.stop().then(() => 'stopped'), sleep(8000).then(() => 'still running')]);
      expect(stopped).toBe('stopped');
    } finally {
      for (const s of held) s.destroy();
    }

    const lines = readFileSync(capturePath, 'utf8').split('\n').filter((l) => l.trim());
    const recs = lines.map((l) => JSON.parse(l) as Partial<Exchange>);
    const finished = recs.filter((r) => r.finishedAt !== undefined);
    expect(finished.find((r) => r.request?.url === '/robust/stop-finished')?.cwmpRequest?.error).toMatch(/\w{3,}/);
    // Every exchange the workbench finished, including those cut short by the stop itself (a held message
    // let go, a half body, a CPE's connection closed), is in the capture file with its reason.
    const inFile = new Set(finished.map((r) => r.id));
    const inMemory = w.traffic.list({}).exchanges.filter((x) => x.request?.url.startsWith('/robust/') && x.finishedAt !== undefined);
    expect(inMemory.map((x) => x.request!.url)).toEqual(expect.arrayContaining(['/robust/stop-held', '/robust/stop-half', '/robust/stop-finished']));
    for (const x of inMemory) {
      expect(inFile.has(x.id), `${x.source} ${x.request!.url} (${x.error}) is missing from the capture file`).toBe(true);
      expect(x.error ?? x.cwmpRequest?.error, x.request!.url).toMatch(/\w{3,}/);
    }
    expect(crashes.errors).toEqual([]);
  }, 20_000);
});
