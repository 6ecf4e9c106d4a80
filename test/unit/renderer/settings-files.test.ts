import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../../src-shared/api/client';
import { methodSchemas } from '../../../src-shared/api/index';
import { toAcsSettingsView } from '../../../src-shared/api/settings';
import { DEFAULT_ACS_SETTINGS } from '../../../src-shared/cwmp/session-settings';
import { blobToBase64, bytesToBase64, putFileInChunks } from '../../../src-renderer/src/features/bench/file-upload';
import { formFromView, patchFromForm } from '../../../src-renderer/src/features/settings/acs-settings-form';

/** Checks params as every transport does (the contract's schema), then assembles chunks in memory like the store. */
function memoryStore(): { api: Pick<ApiClient, 'call'>; files: Map<string, Uint8Array>; calls: number } {
  const files = new Map<string, Uint8Array>();
  const parts = new Map<string, number[]>();
  const state = { files, calls: 0, api: undefined as unknown as Pick<ApiClient, 'call'> };
  state.api = {
    async call(method: string, params: unknown) {
      state.calls++;
      if (method !== 'files/put') throw new Error(`unexpected ${method}`);
      const parsed = methodSchemas['files/put'].params.safeParse(params);
      if (!parsed.success) throw new Error(`bad-request: ${parsed.error.issues[0]?.message}`);
      const { name, contentBase64, offset, final } = parsed.data;
      const bytes = [...atob(contentBase64)].map((c) => c.charCodeAt(0));
      const have = offset === 0 ? [] : parts.get(name);
      if (!have || have.length !== offset) throw new Error('conflict');
      const all = [...have, ...bytes];
      if (!final) {
        parts.set(name, all);
        return { received: all.length };
      }
      parts.delete(name);
      files.set(name, Uint8Array.from(all));
      return { received: all.length, file: { name, size: all.length, modified: 0 } };
    },
  } as Pick<ApiClient, 'call'>;
  return state;
}

const view = toAcsSettingsView(DEFAULT_ACS_SETTINGS);
const acsPatch = methodSchemas['settings/update'].params;

describe('ACS settings form → settings/update patch', () => {
  it('an untouched form makes an empty patch', () => {
    expect(patchFromForm(view, formFromView(view))).toEqual({ patch: {} });
  });

  it('sends only what changed, in milliseconds, and the password only when typed', () => {
    const form = { ...formFromView(view), mode: 'digest' as const, username: 'lab', sessionTimeoutSec: '45', transferTimeoutMin: '90', holdRequests: true };
    expect(patchFromForm(view, form)).toEqual({ patch: { auth: { mode: 'digest', username: 'lab' }, holdRequests: true, sessionTimeoutMs: 45_000, transferTimeoutMs: 5_400_000 } });
    expect(patchFromForm(view, { ...form, password: 'pw' })).toMatchObject({ patch: { auth: { password: 'pw' } } });
    expect(patchFromForm(view, { ...form, password: 'typed', clearPassword: true })).toMatchObject({ patch: { auth: { password: '' } } });
  });

  it('sends the file store limits in bytes', () => {
    const form = { ...formFromView(view), fileMaxMiB: '64', fileStoreMaxMiB: '1024' };
    const made = patchFromForm(view, form);
    expect(made).toEqual({ patch: { fileMaxBytes: 64 * 1024 * 1024, fileStoreMaxBytes: 1024 ** 3 } });
    expect(acsPatch.safeParse({ acs: 'patch' in made ? made.patch : {} }).success).toBe(true);
  });

  it('the patches it makes are ones the contract accepts', () => {
    const form = { ...formFromView(view), mode: 'basic' as const, username: 'u', password: 'p', realm: 'r', connectionRequestTimeoutSec: '1', sessionTimeoutSec: '3600', maxCwmpVersion: '1.0' as const };
    const made = patchFromForm(view, form);
    if (!('patch' in made)) throw new Error(made.error);
    expect(Object.keys(made.patch).sort()).toEqual(['auth', 'connectionRequestTimeoutMs', 'maxCwmpVersion', 'sessionTimeoutMs']);
    expect(acsPatch.safeParse({ acs: made.patch }).success).toBe(true);
  });

  it('catches what the contract would refuse before sending, in words', () => {
    const base = formFromView(view);
    const cases: Array<[Partial<typeof base>, RegExp, unknown]> = [
      [{ sessionTimeoutSec: '0.5' }, /Session timeout: between 1 and 3600 s/, { sessionTimeoutMs: 500 }],
      [{ sessionTimeoutSec: '3601' }, /Session timeout/, { sessionTimeoutMs: 3_601_000 }],
      [{ transferTimeoutMin: 'soon' }, /Transfer timeout: enter a number/, { transferTimeoutMs: Number.NaN }],
      [{ connectionRequestTimeoutSec: '121' }, /Connection request timeout: between 1 and 120 s/, { connectionRequestTimeoutMs: 121_000 }],
      [{ realm: 'a"b' }, /Realm/, { auth: { realm: 'a"b' } }],
      [{ fileMaxMiB: '0.0001' }, /Largest file: between 0.000977 and 1048576 MiB/, { fileMaxBytes: 105 }],
      [{ fileStoreMaxMiB: '2000000' }, /File store size/, { fileStoreMaxBytes: 2_000_000 * 1024 * 1024 }],
    ];
    for (const [change, message, raw] of cases) {
      const made = patchFromForm(view, { ...base, ...change });
      expect('error' in made ? made.error : '', JSON.stringify(change)).toMatch(message);
      // The contract agrees the value is bad.
      expect(acsPatch.safeParse({ acs: raw }).success, JSON.stringify(raw)).toBe(false);
    }
    expect(patchFromForm(view, { ...base, mode: 'digest', username: '' })).toEqual({ error: 'Username: needed for Basic or Digest' });
  });
});

describe('adding a file from disk through files/put', () => {
  it('bytesToBase64 and blobToBase64 give standard base64 (RFC 4648 vectors, every byte value, long input)', async () => {
    const text = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
    const vectors: Array<[string, string]> = [['', ''], ['f', 'Zg=='], ['fo', 'Zm8='], ['foo', 'Zm9v'], ['foob', 'Zm9vYg=='], ['fooba', 'Zm9vYmE='], ['foobar', 'Zm9vYmFy']];
    for (const [plain, encoded] of vectors) expect(bytesToBase64(text(plain))).toBe(encoded);
    const decode = (b64: string): number[] => Array.from(atob(b64), (c) => c.charCodeAt(0));
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(decode(bytesToBase64(all))).toEqual(Array.from(all));
    const odd = new Uint8Array(70_001).map((_, i) => (i * 31) & 0xff);
    const encoded = bytesToBase64(odd);
    expect(decode(encoded)).toEqual(Array.from(odd));
    expect(await blobToBase64(new Blob([odd]))).toBe(encoded);
  });

  it('sends a file in contract-valid chunks with progress; the assembled bytes are the original', async () => {
    const s = memoryStore();
    const bytes = new Uint8Array(10_000).map((_, i) => (i * 7 + 3) & 0xff);
    const progress: number[] = [];
    const file = await putFileInChunks(s.api, 'disk-fw.bin', new Blob([bytes]), (sent) => progress.push(sent), 3000);
    expect(file).toMatchObject({ name: 'disk-fw.bin', size: 10_000 });
    expect(progress).toEqual([3000, 6000, 9000, 10_000]);
    expect(s.calls).toBe(4);
    expect(Array.from(s.files.get('disk-fw.bin')!)).toEqual(Array.from(bytes));
  });

  it('sends an empty file in one call; a name the contract refuses fails', async () => {
    const s = memoryStore();
    expect(await putFileInChunks(s.api, 'empty.cfg', new Blob([]))).toMatchObject({ name: 'empty.cfg', size: 0 });
    expect(s.calls).toBe(1);
    await expect(putFileInChunks(s.api, '../up.bin', new Blob(['x']))).rejects.toThrow(/file name/);
    expect([...s.files.keys()]).toEqual(['empty.cfg']);
  });
});
