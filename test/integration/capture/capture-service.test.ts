import { mkdtemp, readFile, readdir, rm, truncate, writeFile, stat, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventHub } from '../../../src-main/runtime/event-hub';
import { TrafficStore } from '../../../src-main/traffic/traffic-store';
import { createCaptureService, type CaptureService } from '../../../src-main/capture/index';
import { createProxyService } from '../../../src-main/proxy/index';
import type { Exchange } from '../../../src-shared/traffic/exchange';
import { exchange } from '../../unit/capture/fixtures';
import { gpv, gpvResponse, informResponse, informXml } from '../../unit/capture/cwmp-bodies';
import { ScriptedAcs, send } from '../proxy/helpers';
import http from 'node:http';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(rotateBytes?: number): Promise<{ svc: CaptureService; traffic: TrafficStore; dataDir: string; dir: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'cwmp-capture-'));
  const hub = new EventHub();
  const traffic = new TrafficStore(hub);
  const svc = await createCaptureService({ dataDir, hub, traffic, rotateBytes });
  cleanups.push(async () => {
    await svc.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  return { svc, traffic, dataDir, dir: join(dataDir, 'captures') };
}

function session(serial: string, t0: number, sessionId: string): Exchange[] {
  const d = `00259E-Router-${serial}`;
  return [
    exchange({ cpe: informXml({ serial }), acs: informResponse(), at: t0, deviceId: d, sessionId }),
    exchange({ cpe: '', acs: gpv('g1'), at: t0 + 10, deviceId: d, sessionId }),
    exchange({ cpe: gpvResponse('g1'), acs: '', at: t0 + 20, deviceId: d, sessionId }),
  ];
}

/** Records like a live recorder: once at the start, once finished. */
function play(traffic: TrafficStore, xs: Exchange[]): void {
  for (const x of xs) {
    const { finishedAt: _f, response: _r, ...started } = x;
    traffic.record(started as Exchange);
    traffic.record(x);
  }
}

describe('capture service', () => {
  it('records exchanges from the traffic store as they start and finish, lists, opens with sessions, renames while recording, refuses to delete the live file', async () => {
    const { svc, traffic, dir } = await setup();
    const h = svc.handlers;
    expect(svc.status().recording).toBe(false);
    await svc.start();
    expect(await readdir(dir)).toEqual([]);
    play(traffic, session('A', 1000, 'S1'));
    const status = svc.status();
    expect(status.recording).toBe(true);
    expect(status.file).toMatch(/capture-.*\.ndjson$/);
    const lines = (await readFile(status.file!, 'utf8')).trim().split('\n');
    // The header, then each exchange at its start (request only) and again finished.
    expect(lines).toHaveLength(7);
    expect(lines.slice(1).map((l) => JSON.parse(l).finishedAt !== undefined)).toEqual([false, true, false, true, false, true]);
    // Captures hold Authorization headers: owner-only.
    expect((await stat(status.file!)).mode & 0o777).toBe(0o600);
    const list = await h['captures/list']({});
    expect(list.captures).toHaveLength(1);
    expect(list.captures[0].recording).toBe(true);
    const name = list.captures[0].name;
    const renamed = await h['captures/rename']({ name, newName: 'lab-trace' });
    expect(renamed.capture.name).toBe('lab-trace.ndjson');
    play(traffic, session('B', 5000, 'S2'));
    await expect(h['captures/delete']({ name: 'lab-trace.ndjson' })).rejects.toThrow(/being recorded/);
    const opened = await h['captures/open']({ name: 'lab-trace' });
    expect(opened.total).toBe(6);
    expect(opened.warnings).toEqual([]);
    expect(opened.sessions.map((s) => [s.deviceId, s.outcome])).toEqual([
      ['00259E-Router-A', 'completed'],
      ['00259E-Router-B', 'completed'],
    ]);
    expect((await h['captures/open']({ name: 'lab-trace', offset: 4, limit: 10 })).exchanges).toHaveLength(2);
    const cur = await h['captures/current']({});
    expect(cur.capture?.name).toBe('lab-trace.ndjson');
    const stopped = await h['captures/stop']({});
    expect(stopped.capture?.name).toBe('lab-trace.ndjson');
    expect((await h['captures/current']({})).recording).toBe(false);
    expect((await h['captures/delete']({ name: 'lab-trace.ndjson' })).deleted).toBe(true);
    expect((await h['captures/list']({})).captures).toHaveLength(0);
    await expect(h['captures/open']({ name: 'nope' })).rejects.toThrow(/no capture/);
  });

  it('gives unnamed captures started within the same second files of their own', async () => {
    const { svc, traffic, dir } = await setup();
    await svc.handlers['captures/start']({});
    play(traffic, session('A', 1000, 'S1'));
    const first = svc.status().file;
    await svc.handlers['captures/start']({});
    play(traffic, session('B', 2000, 'S2'));
    const second = svc.status().file;
    await svc.handlers['captures/stop']({});
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    expect((await readdir(dir)).length).toBe(2);
    const serialsIn = async (path: string): Promise<string[]> =>
      (await readFile(path, 'utf8')).trim().split('\n').slice(1).map((l) => JSON.parse(l).deviceId as string);
    expect(new Set(await serialsIn(first!))).toEqual(new Set(['00259E-Router-A']));
    expect(new Set(await serialsIn(second!))).toEqual(new Set(['00259E-Router-B']));
  });

  it('reopens a capture truncated mid-line, with a warning, from any path', async () => {
    const { svc, traffic } = await setup();
    await svc.handlers['captures/start']({ name: 'cut' });
    play(traffic, session('A', 1000, 'S1'));
    const file = svc.status().file!;
    await svc.stop();
    const size = (await stat(file)).size;
    const elsewhere = join(tmpdir(), `customer-${process.pid}-${Date.now()}.ndjson`);
    await writeFile(elsewhere, await readFile(file));
    cleanups.push(() => rm(elsewhere, { force: true }));
    await truncate(elsewhere, size - 25);
    const opened = await svc.handlers['captures/open']({ path: elsewhere });
    // The last exchange's finished line is torn; its start line (the CPE's request) is still there.
    expect(opened.total).toBe(3);
    expect(opened.exchanges[2].finishedAt).toBeUndefined();
    expect(opened.exchanges[2].request?.body.data).toContain('GetParameterValuesResponse');
    expect(opened.warnings).toHaveLength(1);
    expect(opened.warnings[0].message).toMatch(/incomplete/);
    expect(opened.capture.path).toBe(elsewhere);
    expect(opened.sessions[0].outcome).toBe('timed-out');
  });

  it('rotates at the size limit, each part a readable capture that names the one before', async () => {
    const { svc, traffic, dir } = await setup(4000);
    await svc.handlers['captures/start']({ name: 'rot' });
    for (let i = 0; i < 5; i++) play(traffic, session(`R${i}`, 1000 * i, `S${i}`));
    await svc.stop();
    const files = (await readdir(dir)).sort();
    expect(files.length).toBeGreaterThan(1);
    expect(files).toContain('rot.ndjson');
    expect(files).toContain('rot.part2.ndjson');
    let total = 0;
    for (const f of files) {
      const opened = await svc.handlers['captures/open']({ name: f });
      expect(opened.warnings).toEqual([]);
      total += opened.total;
    }
    expect(total).toBe(15);
    const second = JSON.parse((await readFile(join(dir, 'rot.part2.ndjson'), 'utf8')).split('\n')[0]);
    expect(second.continues).toBe('rot.ndjson');
  });

  it('exports HAR, transcript and a session folder, and imports HAR and folder back', async () => {
    const { svc, traffic, dataDir } = await setup();
    const h = svc.handlers;
    await h['captures/start']({ name: 'ex' });
    play(traffic, session('E', 1000, 'S1'));
    await h['captures/stop']({});
    const har = await h['captures/export']({ name: 'ex', format: 'har' });
    expect(JSON.parse(har.content!).log.entries).toHaveLength(3);
    const tr = await h['captures/export']({ name: 'ex', format: 'transcript' });
    expect(tr.content).toMatch(/00259E-Router-E[\s\S]*CPE → ACS {2}Inform/);
    await expect(h['captures/export']({ name: 'ex', format: 'xml-folder' })).rejects.toThrow(/sessionId/);
    const folder = join(dataDir, 'export-folder');
    await h['captures/export']({ name: 'ex', format: 'xml-folder', sessionId: 'S1', destination: folder });
    expect((await readdir(folder)).sort()).toHaveLength(6);
    const harPath = join(dataDir, 'ex.har');
    await h['captures/export']({ name: 'ex', format: 'har', destination: harPath });
    const fromHar = await h['captures/import']({ path: harPath });
    expect(fromHar.exchanges).toBe(3);
    const reopened = await h['captures/open']({ name: fromHar.capture.name });
    expect(reopened.sessions[0].deviceId).toBe('00259E-Router-E');
    const fromFolder = await h['captures/import']({ path: folder, name: 'from-folder' });
    expect(fromFolder.capture.name).toBe('from-folder.ndjson');
    const s = (await h['captures/sessions']({ name: 'from-folder' })).sessions;
    expect(s).toHaveLength(1);
    expect(s[0].outcome).toBe('completed');
    expect(s[0].pairs.map((p) => p.request.rpc)).toEqual(['Inform', 'GetParameterValues']);
    const fromText = await h['captures/import']({ content: har.content! });
    expect(fromText.exchanges).toBe(3);
    await mkdir(join(dataDir, 'empty'));
    await expect(h['captures/import']({ path: join(dataDir, 'empty') })).rejects.toThrow(/no numbered XML/);
  });

  it('records proxy traffic through the shared traffic store: proxy → capture file', async () => {
    const { svc, traffic, dataDir } = await setup();
    await svc.start();
    const acs = await new ScriptedAcs(() => ({ status: 200, headers: ['Content-Length', String(Buffer.byteLength(informResponse()))], body: informResponse() })).start();
    cleanups.push(() => acs.stop());
    const proxy = await createProxyService({ dataDir, hub: new EventHub(), traffic, host: '127.0.0.1' });
    cleanups.push(() => proxy.stop());
    const { proxy: p } = await proxy.handlers['proxy/create']({
      profile: { name: 'cap', listen: { host: '127.0.0.1', port: 0 }, upstream: { url: `http://127.0.0.1:${acs.port}/`, verify: true }, preserveHost: false, rewriteConnectionRequestUrl: false, autoStart: false, pauseTimeoutMs: 60_000 },
      start: true,
    });
    const body = informXml({ serial: 'PX' });
    await send(p.url!, { headers: ['Content-Length', String(Buffer.byteLength(body))], body, agent: new http.Agent() });
    for (let i = 0; i < 50 && !svc.status().file; i++) await new Promise((r) => setTimeout(r, 10));
    const opened = await svc.handlers['captures/open']({ path: svc.status().file! });
    expect(opened.exchanges).toHaveLength(1);
    expect(opened.exchanges[0].source).toBe('proxy:cap');
    expect(opened.exchanges[0].deviceId).toBe('00259E-Router-PX');
    expect(opened.exchanges[0].request?.body.data).toBe(body);
  });
});
