import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiHandlers } from '../../../src-shared/api/client';
import { dispatch, type DispatchOutcome } from '../../../src-shared/api/dispatch';
import { FILE_PUT_CHUNK_BYTES, isValidFileName, sanitizeFileName } from '../../../src-shared/api/files';
import { createSettingsHandlers } from '../../../src-main/acs/settings-handlers';
import { unavailableHandlers } from '../../../src-main/app/unavailable';
import { FileStore } from '../../../src-main/files/file-store';
import { createFileService, type FileChange } from '../../../src-main/files/handlers';
import { startAcs, type Harness } from '../acs/helpers';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

interface Rig {
  call(method: string, params: unknown): Promise<DispatchOutcome>;
  ok<T = any>(method: string, params: unknown): Promise<T>;
  changes: FileChange[];
}

/** A real ACS (port 0) with the settings and files handlers over it, called through dispatch(). */
async function rig(): Promise<Rig> {
  h = await startAcs();
  const harness = h;
  const changes: FileChange[] = [];
  const files = createFileService({ store: harness.acs.files, baseUrl: () => harness.acs.urls().files, onChange: (c) => changes.push(c) });
  // The harness's traffic sink is a plain recorder; feed its records to the file service as the workbench does.
  const seen = new Set<string>();
  const pump = (): void => {
    for (const x of harness.records) {
      const key = `${x.id}:${x.finishedAt ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      files.observe(x);
    }
  };
  const handlers = (): ApiHandlers => ({ ...unavailableHandlers(), ...createSettingsHandlers({ acs: harness.acs.settings }), ...files.handlers });
  const call = async (method: string, params: unknown): Promise<DispatchOutcome> => {
    pump();
    return dispatch(handlers(), method, params);
  };
  return {
    call,
    changes,
    async ok(method, params) {
      const r = await call(method, params);
      if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
      return r.result as any;
    },
  };
}

const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64');

describe('settings/get and settings/update through dispatch', () => {
  it('never returns the CPE password, only whether one is set', async () => {
    const r = await rig();
    await r.ok('settings/update', { acs: { auth: { mode: 'digest', username: 'acsuser', password: 's3cret-pw' } } });
    const got = await r.ok('settings/get', {});
    expect(got.acs.auth).toEqual({ mode: 'digest', username: 'acsuser', realm: 'cwmp-workbench', passwordSet: true });
    expect(JSON.stringify(got)).not.toContain('s3cret-pw');
    expect(got.acsDefaults.auth.mode).toBe('none');
    expect(JSON.stringify(await r.ok('settings/update', { acs: { holdRequests: true } }))).not.toContain('s3cret-pw');
    // The password stays as it was when an update leaves it out, and is really stored.
    expect(h!.acs.settings.get().auth.password).toBe('s3cret-pw');
    const cleared = await r.ok('settings/update', { acs: { auth: { password: '' } } });
    expect(cleared.acs.auth.passwordSet).toBe(false);
  });

  it('refuses out-of-range and unknown values with a clear bad-request, changing nothing', async () => {
    const r = await rig();
    const before = h!.acs.settings.get();
    const bad: Array<[unknown, RegExp]> = [
      [{ sessionTimeoutMs: 999 }, /sessionTimeoutMs/],
      [{ sessionTimeoutMs: 3_600_001 }, /sessionTimeoutMs/],
      [{ sessionTimeoutMs: 1500.5 }, /sessionTimeoutMs/],
      [{ transferTimeoutMs: 500 }, /transferTimeoutMs/],
      [{ connectionRequestTimeoutMs: 120_001 }, /connectionRequestTimeoutMs/],
      [{ maxBodyBytes: 1023 }, /maxBodyBytes/],
      [{ maxBodyBytes: 256 * 1024 * 1024 + 1 }, /maxBodyBytes/],
      [{ auth: { mode: 'ntlm' } }, /auth\.mode/],
      [{ auth: { realm: 'a"b' } }, /quotes/],
      [{ auth: { realm: '' } }, /auth\.realm/],
      [{ maxCwmpVersion: '2.0' }, /maxCwmpVersion/],
      [{ holdRequests: 'yes' }, /holdRequests/],
      [{ colour: 'blue' }, /colour|Unrecognized/i],
    ];
    for (const [acs, where] of bad) {
      const out = await r.call('settings/update', { acs });
      expect(out.ok, JSON.stringify(acs)).toBe(false);
      if (!out.ok) {
        expect(out.error.code).toBe('bad-request');
        expect(out.error.message).toMatch(where);
      }
    }
    expect(h!.acs.settings.get()).toEqual(before);
    // The bounds themselves are accepted.
    const edge = await r.ok('settings/update', { acs: { sessionTimeoutMs: 1000, maxBodyBytes: 256 * 1024 * 1024, connectionRequestTimeoutMs: 120_000 } });
    expect(edge.acs).toMatchObject({ sessionTimeoutMs: 1000, maxBodyBytes: 256 * 1024 * 1024, connectionRequestTimeoutMs: 120_000 });
  });

  it('persists an update in the data directory and keeps it across an ACS restart', async () => {
    const r = await rig();
    await r.ok('settings/update', { acs: { auth: { mode: 'basic', username: 'u1', password: 'p1', realm: 'lab' }, sessionTimeoutMs: 45_000, maxCwmpVersion: '1.2' } });
    const stored = JSON.parse(await readFile(join(h!.dataDir, 'acs-settings.json'), 'utf8'));
    expect(stored).toMatchObject({ auth: { mode: 'basic', username: 'u1', realm: 'lab' }, sessionTimeoutMs: 45_000, maxCwmpVersion: '1.2' });
    expect((await stat(join(h!.dataDir, 'acs-settings.json'))).mode & 0o077).toBe(0);
    await h!.restart();
    const got = await r.ok('settings/get', {});
    expect(got.acs).toMatchObject({ auth: { mode: 'basic', username: 'u1', realm: 'lab', passwordSet: true }, sessionTimeoutMs: 45_000, maxCwmpVersion: '1.2' });
  });

  it('an empty update changes nothing and succeeds', async () => {
    const r = await rig();
    const before = await r.ok('settings/get', {});
    expect(await r.ok('settings/update', {})).toEqual(before);
    expect(await r.ok('settings/update', { acs: {} })).toEqual(before);
  });
});

describe('files/* through dispatch', () => {
  it('puts, lists (size, sha256, URL that serves the bytes) and deletes a file', async () => {
    const r = await rig();
    const content = Buffer.from('FIRMWARE\x00\x01\x02 image bytes');
    const put = await r.ok('files/put', { name: 'fw v1 (beta).bin', contentBase64: b64(content) });
    expect(put.received).toBe(content.length);
    expect(put.file).toMatchObject({ name: 'fw v1 (beta).bin', size: content.length });
    expect(r.changes).toEqual([{ name: 'fw v1 (beta).bin' }]);

    const list = await r.ok('files/list', {});
    expect(list.url).toBe(h!.acs.urls().files);
    expect(list.uploadUrl).toBe(`${h!.acs.urls().files}upload/`);
    expect(list.files).toHaveLength(1);
    const f = list.files[0];
    // Whole milliseconds, as in every other time the API gives (the file system's mtime has fractions).
    expect(Number.isInteger(f.modified)).toBe(true);
    expect(Number.isInteger(put.file.modified)).toBe(true);
    expect(Math.abs(f.modified - Date.now())).toBeLessThan(60_000);
    expect(f.sha256).toBe(createHash('sha256').update(content).digest('hex'));
    const served = await fetch(f.url);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(content)).toBe(true);

    // Replacing updates size and hash (no stale cache).
    await r.ok('files/put', { name: 'fw v1 (beta).bin', contentBase64: b64('v2') });
    const again = (await r.ok('files/list', {})).files[0];
    expect(again.size).toBe(2);
    expect(again.sha256).toBe(createHash('sha256').update('v2').digest('hex'));

    expect(await r.ok('files/delete', { name: 'fw v1 (beta).bin' })).toEqual({ deleted: true });
    expect(await r.ok('files/delete', { name: 'fw v1 (beta).bin' })).toEqual({ deleted: false });
    expect((await r.ok('files/list', {})).files).toEqual([]);
    expect(r.changes.at(-1)).toEqual({ name: 'fw v1 (beta).bin', deleted: true });
    expect((await fetch(f.url)).status).toBe(404);
  });

  it('refuses path traversal and odd names on put and delete, writing nothing outside the store', async () => {
    const r = await rig();
    await r.ok('files/put', { name: 'keep.cfg', contentBase64: b64('keep') });
    const names = ['../escape.bin', '..', '.', '.hidden', 'a/b.bin', 'a\\b.bin', '/etc/passwd', 'x..y', '', 'nul\0.bin', 'über.bin', 'a'.repeat(201), '%2e%2e%2fx'];
    for (const name of names) {
      for (const [method, params] of [
        ['files/put', { name, contentBase64: b64('evil') }],
        ['files/delete', { name }],
      ] as const) {
        const out = await r.call(method, params);
        expect(out.ok, `${method} ${JSON.stringify(name)}`).toBe(false);
        if (!out.ok) expect(out.error.code).toBe('bad-request');
      }
    }
    expect(await readdir(h!.dataDir)).not.toContain('escape.bin');
    expect(await readdir(join(h!.dataDir, 'files'))).toEqual(['keep.cfg']);
  });

  it('refuses bad base64 and a chunk above the per-call limit', async () => {
    const r = await rig();
    for (const contentBase64 of ['not base64!', 'abc', 'YWJj\n']) {
      const out = await r.call('files/put', { name: 'x.bin', contentBase64 });
      expect(out.ok).toBe(false);
      if (!out.ok) expect(out.error.message).toMatch(/base64/);
    }
    const tooBig = 'A'.repeat((Math.ceil(FILE_PUT_CHUNK_BYTES / 3) + 1) * 4);
    const out = await r.call('files/put', { name: 'big.bin', contentBase64: tooBig });
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error.message).toMatch(/chunks/);
    expect((await r.ok('files/list', {})).files).toEqual([]);
  });

  it('assembles a chunked put, hidden until the last chunk, and refuses a chunk at the wrong offset', async () => {
    const r = await rig();
    const parts = ['first-', 'second-', 'third'];
    expect(await r.ok('files/put', { name: 'big.img', contentBase64: b64(parts[0]), final: false })).toEqual({ received: 6 });
    expect((await r.ok('files/list', {})).files).toEqual([]);
    const wrong = await r.call('files/put', { name: 'big.img', contentBase64: b64(parts[1]), offset: 3, final: false });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await r.ok('files/put', { name: 'big.img', contentBase64: b64(parts[1]), offset: 6, final: false })).toEqual({ received: 13 });
    const last = await r.ok('files/put', { name: 'big.img', contentBase64: b64(parts[2]), offset: 13 });
    expect(last.received).toBe(18);
    expect(last.file.size).toBe(18);
    expect(await readFile(join(h!.dataDir, 'files', 'big.img'), 'utf8')).toBe(parts.join(''));
    // No leftover part file, and a continuation without a start is refused.
    expect(await readdir(join(h!.dataDir, 'files'))).toEqual(['big.img']);
    expect(await r.call('files/put', { name: 'other.img', contentBase64: b64('x'), offset: 5 })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('drops an upload abandoned by an earlier run when the store opens again', async () => {
    const r = await rig();
    await r.ok('files/put', { name: 'half.img', contentBase64: b64('half'), final: false });
    expect(await readdir(join(h!.dataDir, 'files'))).toEqual(['.put-half.img.part']);
    const again = createFileService({ store: h!.acs.files, baseUrl: () => undefined });
    await expect.poll(() => readdir(join(h!.dataDir, 'files'))).toEqual([]);
    const out = await dispatch({ ...unavailableHandlers(), ...again.handlers }, 'files/put', { name: 'half.img', contentBase64: b64('-rest'), offset: 4 });
    expect(out).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('lists what a CPE uploaded over HTTP and reports it as a change', async () => {
    const r = await rig();
    const put = await fetch(`${h!.acs.urls().http}upload/cpe-config.cfg`, { method: 'PUT', body: 'config from the CPE' });
    expect(put.status).toBe(201);
    const list = await r.ok('files/list', {});
    expect(list.files.map((f: { name: string }) => f.name)).toEqual(['cpe-config.cfg']);
    expect(r.changes).toContainEqual({ name: 'cpe-config.cfg' });
    // A refused upload is no change.
    expect((await fetch(`${h!.acs.urls().http}upload/.sneaky`, { method: 'PUT', body: 'x' })).status).toBe(400);
    await r.ok('files/list', {});
    expect(r.changes.filter((c) => c.name === '.sneaky')).toEqual([]);
  });
});

describe('file names', () => {
  it('the contract and the store agree on what a valid name is', () => {
    for (const name of ['fw.bin', 'a', 'My File (1).tar.gz', 'x+y-z_1', '.x', '..', 'a..b', 'a/b', 'ü', ' lead', '_ok']) {
      expect(isValidFileName(name), name).toBe(FileStore.validName(name));
    }
  });

  it('sanitizeFileName turns names from disk into store names, or gives up', () => {
    expect(sanitizeFileName('C:\\Users\\me\\Firmware v2 (ü).bin')).toBe('Firmware v2 (_).bin');
    expect(sanitizeFileName('/home/me/../x.cfg')).toBe('x.cfg');
    expect(sanitizeFileName('..hidden..cfg')).toBe('hidden.cfg');
    expect(sanitizeFileName('fw.bin')).toBe('fw.bin');
    expect(sanitizeFileName('...')).toBe('');
    expect(sanitizeFileName('ü')).toBe('');
    for (const raw of ['../../etc/passwd', 'a\0b', '. .x', '.. ', 'x'.repeat(300)]) {
      const s = sanitizeFileName(raw);
      expect(s === '' || isValidFileName(s), raw).toBe(true);
    }
  });
});
