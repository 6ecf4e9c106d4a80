import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvent, TaskInfo } from '../../../src-shared/api/index';
import { dispatch } from '../../../src-shared/api/dispatch';
import { createWorkbench, type Workbench } from '../../../src-main/app/workbench';
import { createSimulator, type Simulator } from '../../../src-main/sim/index';
import { api } from '../server/helpers';
import { copyTemplate, keyedTemplate, loopbackOptions } from '../workbench-helpers';

const TOKEN = 'settings-token';
const dirs: string[] = [];
const benches: Workbench[] = [];
const sims: Simulator[] = [];
let template: string;

// The ACS's HTTPS identity and the lab CA are made once and copied: key generation would dominate each test.
beforeAll(async () => {
  template = await keyedTemplate('cwmp-settings');
});

afterAll(() => rmSync(template, { recursive: true, force: true }));

afterEach(async () => {
  for (const s of sims.splice(0)) await s.stop();
  for (const w of benches.splice(0)) await w.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function newDataDir(): string {
  const dataDir = copyTemplate(template, 'cwmp-settings');
  dirs.push(dataDir);
  return dataDir;
}

async function bench(dataDir: string, serveUi = false): Promise<Workbench> {
  const w = await createWorkbench(loopbackOptions(dataDir, { token: TOKEN, record: false, serveUi, staticDir: join(dataDir, 'no-ui') }));
  benches.push(w);
  await w.start();
  return w;
}

async function call<T = any>(w: Workbench, method: string, params: unknown): Promise<T> {
  const out = await dispatch(w.handlers, method, params);
  if (!out.ok) throw new Error(`${method}: ${out.error.code} ${out.error.message}`);
  return out.result as T;
}

async function sim(w: Workbench, opts: { serialPrefix: string; acsAuth?: { username: string; password: string } }): Promise<Simulator> {
  const s = await createSimulator({ acsUrl: `${w.urls().acsHttp}cwmp`, count: 1, retryBaseMs: 600_000, rebootDelayMs: 50, ...opts });
  sims.push(s);
  await s.start();
  return s;
}

async function settle(w: Workbench, taskId: string, done: (t: TaskInfo) => boolean): Promise<TaskInfo> {
  const until = Date.now() + 10_000;
  for (;;) {
    const t = await call<TaskInfo>(w, 'tasks/get', { taskId });
    if (done(t)) return t;
    if (Date.now() > until) throw new Error(`task ${t.rpc.name} still ${t.status}: ${t.message ?? ''}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('settings in a running workbench', () => {
  it('keeps settings across a restart of the whole workbench', async () => {
    const dataDir = newDataDir();
    const w1 = await bench(dataDir);
    await call(w1, 'settings/update', { acs: { auth: { mode: 'digest', username: 'bench', password: 'pw-1', realm: 'lab' }, holdRequests: true, sessionTimeoutMs: 12_000 } });
    await w1.stop();
    const w2 = await bench(dataDir);
    const got = await call(w2, 'settings/get', {});
    expect(got.acs).toMatchObject({ auth: { mode: 'digest', username: 'bench', realm: 'lab', passwordSet: true }, holdRequests: true, sessionTimeoutMs: 12_000 });
    // The stored password is the one set before the restart: a CPE using it gets in.
    const s = await sim(w2, { serialPrefix: 'PERSIST', acsAuth: { username: 'bench', password: 'pw-1' } });
    expect(s.devices[0].sessions[0]).toMatchObject({ ok: true });
    const wrong = await sim(w2, { serialPrefix: 'WRONGPW', acsAuth: { username: 'bench', password: 'pw-2' } });
    expect(wrong.devices[0].sessions[0]).toMatchObject({ ok: false });
  });

  it('the traffic memory bound is a setting, applied at once and after a restart', async () => {
    const dataDir = newDataDir();
    const w1 = await bench(dataDir);
    expect((await call(w1, 'settings/get', {})).acs.trafficMemoryBytes).toBe(256 * 1024 * 1024);
    const fill = (w: Workbench): void => {
      for (let i = 0; i < 2500; i++) {
        w.traffic.record({
          id: `m${i}`,
          kind: 'cwmp',
          source: 'acs',
          startedAt: i,
          finishedAt: i,
          connection: { id: 'c', remoteAddress: '127.0.0.1', remotePort: 1, localAddress: '127.0.0.1', localPort: 2 },
          request: { method: 'POST', url: '/', httpVersion: '1.1', headers: [], body: { encoding: 'utf8', data: 'x'.repeat(10_000), size: 10_000 } },
        });
      }
    };
    fill(w1);
    expect(w1.traffic.size).toBe(2500);
    await call(w1, 'settings/update', { acs: { trafficMemoryBytes: 16 * 1024 * 1024 } });
    expect(w1.traffic.bytes).toBeLessThanOrEqual(16 * 1024 * 1024);
    expect(w1.traffic.size).toBeLessThan(2500);
    expect(w1.traffic.get('m2499')).toBeDefined();
    await expect(call(w1, 'settings/update', { acs: { trafficMemoryBytes: 1024 } })).rejects.toThrow(/bad-request|trafficMemoryBytes/);
    await w1.stop();
    const w2 = await bench(dataDir);
    fill(w2);
    expect(w2.traffic.bytes).toBeLessThanOrEqual(16 * 1024 * 1024);
    expect(w2.traffic.size).toBeLessThan(2500);
  });

  it('an auth mode change takes effect on the next CPE session', async () => {
    const w = await bench(newDataDir());
    const open = await sim(w, { serialPrefix: 'NOAUTH' });
    expect(open.devices[0].sessions[0]).toMatchObject({ ok: true });

    await call(w, 'settings/update', { acs: { auth: { mode: 'digest', username: 'acs-user', password: 'acs-pass' } } });
    const refused = await open.inform(0);
    expect(refused.ok).toBe(false);
    expect(refused.error ?? '').toMatch(/401|auth/i);

    const authed = await sim(w, { serialPrefix: 'DIGEST', acsAuth: { username: 'acs-user', password: 'acs-pass' } });
    expect(authed.devices[0].sessions[0]).toMatchObject({ ok: true });
    // The challenges are part of the recorded traffic.
    const challenges = w.traffic.list({}).exchanges.filter((x) => x.response?.status === 401);
    expect(challenges.length).toBeGreaterThanOrEqual(2);
    expect(challenges.every((x) => x.notes?.includes('auth-challenge'))).toBe(true);

    await call(w, 'settings/update', { acs: { auth: { mode: 'none' } } });
    expect((await open.inform(0)).ok).toBe(true);
  });

  it('HoldRequests keeps the CPE TransferComplete back until it is switched off', async () => {
    const w = await bench(newDataDir());
    const s = await sim(w, { serialPrefix: 'HOLD' });
    const d = s.devices[0];
    await call(w, 'settings/update', { acs: { holdRequests: true } });
    const { uploadUrl } = await call(w, 'files/list', {});
    const transferred = d.nextSession((r) => r.events.includes('7 TRANSFER COMPLETE'));
    const { taskId } = await call(w, 'tasks/create', {
      deviceId: d.deviceId,
      rpc: { name: 'Upload', commandKey: 'held', fileType: '2 Vendor Log File', url: `${uploadUrl}held.log` },
      connectionRequest: true,
    });
    const held = await transferred;
    expect(held.cpeRequests).not.toContain('TransferComplete');
    expect(d.pendingRequests.map((r) => r.name)).toContain('TransferComplete');
    expect((await call<TaskInfo>(w, 'tasks/get', { taskId })).status).toBe('sent');

    await call(w, 'settings/update', { acs: { holdRequests: false } });
    const next = await s.inform(0);
    expect(next.cpeRequests).toContain('TransferComplete');
    const done = await settle(w, taskId, (t) => t.transferComplete !== undefined);
    expect(done.transferComplete?.faultCode).toBe(0);
  });

  it('server/status lists the file store listener', async () => {
    const w = await bench(newDataDir());
    const status = await call(w, 'server/status', {});
    const files = status.listeners.find((l: { name: string }) => l.name === 'files');
    expect(files).toMatchObject({ url: `${w.urls().acsHttp}files/`, listening: true });
  });
});

describe('files in a running workbench', () => {
  it('a file put over the HTTP API is downloaded by a simulated CPE, which reports TransferComplete', async () => {
    const w = await bench(newDataDir(), true);
    const port = Number(new URL(w.urls().ui!).port);
    const content = Buffer.alloc(70_000, 7);
    const put = await api(port, 'files/put', { name: 'sim-fw.bin', contentBase64: content.toString('base64') }, TOKEN);
    expect(put.status, put.body).toBe(200);
    const listed = await api(port, 'files/list', {}, TOKEN);
    const file = listed.json().files.find((f: { name: string }) => f.name === 'sim-fw.bin');
    expect(file).toMatchObject({ size: 70_000, url: `${w.urls().acsHttp}files/sim-fw.bin` });

    const s = await sim(w, { serialPrefix: 'DL' });
    const d = s.devices[0];
    const download = (commandKey: string) => ({ name: 'Download', commandKey, fileType: '1 Firmware Upgrade Image', url: file.url, fileSize: file.size });
    const tc = d.nextSession((r) => r.cpeRequests.includes('TransferComplete'));
    const { taskId } = await call(w, 'tasks/create', { deviceId: d.deviceId, rpc: download('dl-ok'), connectionRequest: true });
    const ok = await settle(w, taskId, (t) => t.transferComplete !== undefined || (t.status !== 'queued' && t.status !== 'sent'));
    await tc;
    expect(ok.status, ok.message).toBe('done');
    expect(ok.transferComplete?.faultCode).toBe(0);
    const served = w.traffic.list({}).exchanges.filter((x) => x.kind === 'file' && x.request?.url === '/files/sim-fw.bin');
    expect(served.some((x) => x.response?.status === 200)).toBe(true);

    // Deleted from the store: the same Download now fails on the device's side, reported with its fault.
    await call(w, 'files/delete', { name: 'sim-fw.bin' });
    const tc2 = d.nextSession((r) => r.cpeRequests.includes('TransferComplete'));
    const second = await call(w, 'tasks/create', { deviceId: d.deviceId, rpc: download('dl-gone'), connectionRequest: true });
    const gone = await settle(w, second.taskId, (t) => t.transferComplete !== undefined || (t.status !== 'queued' && t.status !== 'sent'));
    await tc2;
    expect(gone.transferComplete?.faultCode).toBe(9016);
  });

  it('publishes settings/changed (without the password) and files/changed, also for a CPE Upload', async () => {
    const w = await bench(newDataDir());
    const events: ApiEvent[] = [];
    w.hub.subscribe((e) => {
      if (e.event === 'settings/changed' || e.event === 'files/changed') events.push(e);
    });
    await call(w, 'settings/update', { acs: { auth: { password: 'never-in-events' }, sessionTimeoutMs: 20_000 } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ event: 'settings/changed', data: { acs: { sessionTimeoutMs: 20_000, auth: { passwordSet: true } } } });
    expect(JSON.stringify(events)).not.toContain('never-in-events');

    await call(w, 'files/put', { name: 'a.cfg', contentBase64: Buffer.from('a').toString('base64') });
    await call(w, 'files/delete', { name: 'a.cfg' });
    expect(events.slice(1)).toEqual([
      { event: 'files/changed', data: { name: 'a.cfg' } },
      { event: 'files/changed', data: { name: 'a.cfg', deleted: true } },
    ]);

    const s = await sim(w, { serialPrefix: 'UP' });
    const d = s.devices[0];
    const { uploadUrl } = await call(w, 'files/list', {});
    const { taskId } = await call(w, 'tasks/create', {
      deviceId: d.deviceId,
      rpc: { name: 'Upload', commandKey: 'up-1', fileType: '1 Vendor Configuration File', url: `${uploadUrl}from-cpe.cfg` },
      connectionRequest: true,
    });
    const up = await settle(w, taskId, (t) => t.transferComplete !== undefined || (t.status !== 'queued' && t.status !== 'sent'));
    expect(up.transferComplete?.faultCode ?? 0).toBe(0);
    expect(events).toContainEqual({ event: 'files/changed', data: { name: 'from-cpe.cfg' } });
    const listed = await call(w, 'files/list', {});
    expect(listed.files.find((f: { name: string }) => f.name === 'from-cpe.cfg')?.size).toBeGreaterThan(0);
  });

  it('files/put over HTTP refuses traversal with a 400 and stores nothing', async () => {
    const w = await bench(newDataDir(), true);
    const port = Number(new URL(w.urls().ui!).port);
    const r = await api(port, 'files/put', { name: '../../outside.bin', contentBase64: 'eA==' }, TOKEN);
    expect(r.status).toBe(400);
    expect(r.json().message ?? r.body).toMatch(/file name/);
    expect((await call(w, 'files/list', {})).files).toEqual([]);
  });
});
