import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answerChallenge } from '../../../src-main/runtime/http-auth';
import type { TaskRequest } from '../../../src-shared/api/tasks';
import { deviceIdOf, makeInform, ScriptedCpe, startAcs, type Harness } from '../acs/helpers';

let h: Harness;
beforeEach(async () => {
  h = await startAcs();
});
afterEach(async () => {
  await h.close();
});

const CREDS = { username: 'files-user', password: 'files-pass' };

type Reply = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

function once(url: string, method: string, body: Buffer | null, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent: false, headers: { ...(body ? { 'Content-Length': String(body.length) } : {}), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

/** A request as a CPE makes it: answers one 401 challenge with `creds`, if given. */
async function transfer(url: string, method: string, body: Buffer | null, creds?: { username: string; password: string }): Promise<Reply> {
  const first = await once(url, method, body);
  if (first.status !== 401 || !creds) return first;
  const u = new URL(url);
  const authorization = answerChallenge(String(first.headers['www-authenticate']), creds, method, u.pathname + u.search);
  return once(url, method, body, { Authorization: authorization! });
}

async function withAuth(mode: 'basic' | 'digest'): Promise<void> {
  await h.acs.settings.update({ auth: { mode, ...CREDS, realm: 'bench' } });
}

/** Informs as `serial` and runs the session until the ACS sends its first request; returns that RPC. */
async function deliver(serial: string, rpc: TaskRequest): Promise<Record<string, unknown>> {
  const cpe = new ScriptedCpe(h.acs.urls().http!, { credentials: CREDS });
  expect((await cpe.send(makeInform(serial))).status).toBe(200);
  await h.acs.handlers['tasks/create']({ deviceId: deviceIdOf(serial), rpc });
  const r = await cpe.send(null);
  cpe.destroy();
  expect(r.message?.rpc?.name).toBe(rpc.name);
  return r.message!.rpc as unknown as Record<string, unknown>;
}

describe('file store with CPE authentication on', () => {
  for (const mode of ['basic', 'digest'] as const) {
    it(`demands the CPE credentials (${mode}) to download`, async () => {
      await writeFile(join(h.dataDir, 'files', 'fw.bin'), 'firmware');
      await withAuth(mode);
      const url = `${h.acs.urls().files}fw.bin`;
      const anonymous = await transfer(url, 'GET', null);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.toString()).not.toContain('firmware');
      expect(String(anonymous.headers['www-authenticate'])).toMatch(mode === 'basic' ? /^Basic / : /^Digest /);
      expect((await transfer(url, 'GET', null, { ...CREDS, password: 'wrong' })).status).toBe(401);
      const ok = await transfer(url, 'GET', null, CREDS);
      expect(ok.status).toBe(200);
      expect(ok.body.toString()).toBe('firmware');
      const refused = [...h.exchanges.values()].filter((x) => x.kind === 'file' && x.response?.status === 401);
      expect(refused.length).toBeGreaterThanOrEqual(2);
    });
  }

  it('takes an upload only where a sent Upload task told a CPE to write', async () => {
    await withAuth('digest');
    const base = h.acs.urls().http!;
    const stray = await transfer(`${base}upload/stray.bin`, 'PUT', Buffer.from('x'), CREDS);
    expect(stray.status).toBe(403);
    expect(stray.body.toString()).toMatch(/Upload task/);
    expect((await h.acs.files.list()).map((f) => f.name)).toEqual([]);

    await deliver('UP1', { name: 'Upload', commandKey: 'u1', fileType: '1 Vendor Configuration File', url: `${base}upload/cfg-up1.xml` });
    const ok = await transfer(`${base}upload/cfg-up1.xml`, 'PUT', Buffer.from('<config/>'), CREDS);
    expect(ok.status).toBe(201);
    expect((await h.acs.files.list()).map((f) => f.name)).toEqual(['cfg-up1.xml']);
    // Without the credentials, not even there.
    expect((await transfer(`${base}upload/cfg-up1.xml`, 'PUT', Buffer.from('evil'))).status).toBe(401);
  });

  it('never lets an upload replace a file a Download task serves', async () => {
    await writeFile(join(h.dataDir, 'files', 'fw-dl.bin'), 'good firmware');
    await withAuth('basic');
    const base = h.acs.urls().http!;
    await deliver('DL1', { name: 'Download', commandKey: 'd1', fileType: '1 Firmware Upgrade Image', url: `${base}files/fw-dl.bin` });
    // Even an Upload task aimed at it (a mistake, or a hostile one) does not open it for writing.
    await deliver('DL2', { name: 'Upload', commandKey: 'u2', fileType: '1 Vendor Configuration File', url: `${base}upload/fw-dl.bin` });
    const over = await transfer(`${base}files/fw-dl.bin`, 'PUT', Buffer.from('evil firmware'), CREDS);
    expect(over.status).toBe(403);
    expect(over.body.toString()).toMatch(/Download/);
    const served = await transfer(`${base}files/fw-dl.bin`, 'GET', null, CREDS);
    expect(served.body.toString()).toBe('good firmware');
  });

  it('protects the file of a Download queued for a device that has not informed yet', async () => {
    await writeFile(join(h.dataDir, 'files', 'fw-later.bin'), 'good firmware');
    await withAuth('basic');
    const base = h.acs.urls().http!;
    await h.acs.handlers['tasks/create']({ deviceId: 'NOT-YET-1', rpc: { name: 'Download', commandKey: 'd', fileType: '1 Firmware Upgrade Image', url: `${base}files/fw-later.bin` } });
    await deliver('LATE2', { name: 'Upload', commandKey: 'u3', fileType: '1 Vendor Configuration File', url: `${base}upload/fw-later.bin` });
    expect((await transfer(`${base}upload/fw-later.bin`, 'PUT', Buffer.from('evil'), CREDS)).status).toBe(403);
    expect((await transfer(`${base}files/fw-later.bin`, 'GET', null, CREDS)).body.toString()).toBe('good firmware');
  });

  it('fills the file store credentials into Download and Upload requests aimed at it (not into others)', async () => {
    await withAuth('digest');
    const base = h.acs.urls().http!;
    const dl = await deliver('CRED1', { name: 'Download', commandKey: 'd', fileType: '1 Firmware Upgrade Image', url: `${base}files/fw.bin` });
    expect(dl).toMatchObject({ username: CREDS.username, password: CREDS.password });
    const ul = await deliver('CRED2', { name: 'Upload', commandKey: 'u', fileType: '1 Vendor Configuration File', url: `${base}upload/c.xml` });
    expect(ul).toMatchObject({ username: CREDS.username, password: CREDS.password });
    const own = await deliver('CRED3', { name: 'Download', commandKey: 'o', fileType: '1 Firmware Upgrade Image', url: `${base}files/fw.bin`, username: 'mine', password: 'p' });
    expect(own).toMatchObject({ username: 'mine', password: 'p' });
    const elsewhere = await deliver('CRED4', { name: 'Download', commandKey: 'e', fileType: '1 Firmware Upgrade Image', url: 'http://fw.example.net/fw.bin' });
    expect(elsewhere).toMatchObject({ username: '', password: '' });
    // The task itself keeps what the user gave (the password is not copied into the task list).
    const tasks = (await h.acs.handlers['tasks/list']({ deviceId: deviceIdOf('CRED1') })).tasks;
    expect((tasks[0].rpc as { password?: string }).password ?? '').toBe('');
  });
});

describe('file store size limits (settings)', () => {
  it('refuses a file over fileMaxBytes and uploads that would take the store over fileStoreMaxBytes', async () => {
    const settings = await h.acs.settings.update({ fileMaxBytes: 2000, fileStoreMaxBytes: 5000 });
    expect(settings).toMatchObject({ fileMaxBytes: 2000, fileStoreMaxBytes: 5000 });
    const base = h.acs.urls().http!;
    const big = await transfer(`${base}upload/big.bin`, 'PUT', Buffer.alloc(2001, 1));
    expect(big.status).toBe(413);
    expect(big.body.toString()).toMatch(/fileMaxBytes/);
    expect((await transfer(`${base}upload/a.bin`, 'PUT', Buffer.alloc(2000, 1))).status).toBe(201);
    expect((await transfer(`${base}upload/b.bin`, 'PUT', Buffer.alloc(2000, 1))).status).toBe(201);
    const full = await transfer(`${base}upload/c.bin`, 'PUT', Buffer.alloc(1200, 1));
    expect(full.status).toBe(413);
    expect(full.body.toString()).toMatch(/fileStoreMaxBytes/);
    // Replacing a file counts its old size as free.
    expect((await transfer(`${base}upload/b.bin`, 'PUT', Buffer.alloc(2000, 2))).status).toBe(201);
    expect((await h.acs.files.list()).map((f) => f.name)).toEqual(['a.bin', 'b.bin']);
    // The limits persist with the other settings.
    await h.restart();
    expect(h.acs.settings.get()).toMatchObject({ fileMaxBytes: 2000, fileStoreMaxBytes: 5000 });
  });
});
