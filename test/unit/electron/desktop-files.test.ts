/**
 * The desktop file dialogs (desktop-files.ts) against a fake `electron` and a fake dialog: who may call
 * them, what input they refuse, and what they write and read on disk.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow } from 'electron';
import { registerDesktopFileHandlers, type DialogPort } from '../../../src-main/electron/desktop-files';
import { fake, FakeBrowserWindow, FakeWebContents } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule());

type Invoke = (event: unknown, input?: unknown) => Promise<unknown>;

let dir: string;
let win: FakeBrowserWindow;
let rendererUrl: string;
/** What the next dialog answers, and what each dialog was asked. */
let nextSave: { canceled: boolean; filePath?: string };
let nextOpen: { canceled: boolean; filePaths: string[] };
const asked: Array<{ kind: 'save' | 'open'; parent: unknown; options: Record<string, unknown> }> = [];

const dialogs: DialogPort = {
  showSaveDialog: async (parent, options) => {
    asked.push({ kind: 'save', parent, options: options as Record<string, unknown> });
    return nextSave;
  },
  showOpenDialog: async (parent, options) => {
    asked.push({ kind: 'open', parent, options: options as Record<string, unknown> });
    return nextOpen;
  },
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wb-desktop-files-'));
  win = new FakeBrowserWindow({ width: 800, height: 600 });
  await win.loadFile(join(dir, 'renderer', 'index.html'));
  rendererUrl = pathToFileURL(join(dir, 'renderer', 'index.html')).href;
  registerDesktopFileHandlers({ window: () => win as unknown as BrowserWindow, rendererUrl, dialogs });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  asked.length = 0;
  nextSave = { canceled: true };
  nextOpen = { canceled: true, filePaths: [] };
});

function handler(channel: string): Invoke {
  const h = fake.ipcMain.handlers.get(channel);
  if (!h) throw new Error(`no handler for ${channel}`);
  return h as Invoke;
}
const save = (event: unknown, input: unknown): Promise<unknown> => handler('desktop:save-file')(event, input);
const open = (event: unknown, input?: unknown): Promise<unknown> => handler('desktop:open-file')(event, input);
function fromWindow(): unknown {
  return { sender: win.webContents, senderFrame: win.webContents.mainFrame };
}
function errorCode(outcome: unknown): string | undefined {
  const o = outcome as { ok: boolean; error?: { code: string } };
  return o.ok ? undefined : o.error?.code;
}

describe('desktop file dialogs: channels and senders', () => {
  it('registers exactly the two desktop channels', () => {
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual(['desktop:open-file', 'desktop:save-file']);
  });

  it('refuses another window, a subframe and a page navigated elsewhere, without opening a dialog', async () => {
    const other = new FakeWebContents(rendererUrl);
    const callers = [
      { sender: other, senderFrame: other.mainFrame },
      { sender: win.webContents, senderFrame: { url: rendererUrl } },
    ];
    for (const caller of callers) {
      expect(errorCode(await save(caller, { suggestedName: 'a.pem', data: 'x' }))).toBe('unauthorized');
      expect(errorCode(await open(caller, {}))).toBe('unauthorized');
    }
    const saved = win.webContents.mainFrame.url;
    win.webContents.mainFrame.url = 'https://example.invalid/';
    try {
      expect(errorCode(await save(fromWindow(), { suggestedName: 'a.pem', data: 'x' }))).toBe('unauthorized');
    } finally {
      win.webContents.mainFrame.url = saved;
    }
    expect(asked).toEqual([]);
  });
});

describe('desktop file dialogs: input validation', () => {
  it('refuses bad save requests before any dialog opens', async () => {
    const bad: unknown[] = [
      undefined,
      'ca.pem',
      { suggestedName: '', data: 'x' },
      { suggestedName: '../etc/passwd', data: 'x' },
      { suggestedName: 'a\\b.pem', data: 'x' },
      { suggestedName: 'x'.repeat(256), data: 'x' },
      { suggestedName: 'a.pem', data: 42 },
      { suggestedName: 'a.pem', data: [1, 2, 3] },
      { suggestedName: 'a.pem', data: 'x', filters: [{ name: 'PEM', extensions: ['.pem'] }] },
      { suggestedName: 'a.pem', data: 'x', filters: [{ name: 'PEM' }] },
      { suggestedName: 'a.pem', data: 'x', filters: 'pem' },
      { suggestedName: 'a.pem', data: 'x', extra: true },
      { suggestedName: 'a.pem', data: new Uint8Array(64 * 1024 * 1024 + 1) },
    ];
    for (const [i, input] of bad.entries()) expect(errorCode(await save(fromWindow(), input)), `case ${i}`).toBe('bad-request');
    expect(asked).toEqual([]);
  });

  it('refuses bad open requests before any dialog opens', async () => {
    for (const input of ['x', { maxBytes: 0 }, { maxBytes: 1.5 }, { maxBytes: 65 * 1024 * 1024 }, { filters: [{ name: 'x', extensions: [] }] }, { path: '/etc/passwd' }]) {
      expect(errorCode(await open(fromWindow(), input)), JSON.stringify(input)).toBe('bad-request');
    }
    expect(asked).toEqual([]);
  });
});

describe('desktop file dialogs: save', () => {
  it('a cancelled dialog saves nothing', async () => {
    const outcome = await save(fromWindow(), { suggestedName: 'ca.pem', data: 'PEM' });
    expect(outcome).toEqual({ ok: true, result: { saved: false } });
    expect(asked).toHaveLength(1);
  });

  it('asks with the main window as parent, the suggested name and the filters, and writes the text', async () => {
    const path = join(dir, 'server.pem');
    nextSave = { canceled: false, filePath: path };
    const filters = [{ name: 'PEM certificate', extensions: ['pem', 'crt'] }];
    const outcome = await save(fromWindow(), { suggestedName: 'server.pem', data: '-----BEGIN CERTIFICATE-----\n', filters });
    expect(outcome).toEqual({ ok: true, result: { saved: true, path } });
    expect(asked).toHaveLength(1);
    expect(asked[0].parent).toBe(win);
    expect(asked[0].options).toMatchObject({ defaultPath: 'server.pem', filters });
    expect(readFileSync(path, 'utf8')).toBe('-----BEGIN CERTIFICATE-----\n');
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o644);
  });

  it('writes bytes exactly, and key files owner-only (even over an existing world-readable file)', async () => {
    const bytes = new Uint8Array([0, 1, 2, 253, 254, 255]);
    for (const name of ['client.key', 'bundle.P12', 'id.pfx']) {
      const path = join(dir, name);
      writeFileSync(path, 'old', { mode: 0o644 });
      nextSave = { canceled: false, filePath: path };
      expect(await save(fromWindow(), { suggestedName: name, data: bytes })).toEqual({ ok: true, result: { saved: true, path } });
      expect([...readFileSync(path)]).toEqual([...bytes]);
      if (process.platform !== 'win32') expect(statSync(path).mode & 0o777, name).toBe(0o600);
    }
  });

  it('a write failure comes back as an error outcome, not a throw', async () => {
    nextSave = { canceled: false, filePath: join(dir, 'no-such-dir', 'x', '\0bad.pem') };
    const outcome = (await save(fromWindow(), { suggestedName: 'x.pem', data: 'x' })) as { ok: boolean; error: { code: string; message: string } };
    expect(outcome.ok).toBe(false);
    expect(typeof outcome.error.message).toBe('string');
  });
});

describe('desktop file dialogs: open', () => {
  it('a cancelled dialog opens nothing', async () => {
    expect(await open(fromWindow(), {})).toEqual({ ok: true, result: null });
    expect(await open(fromWindow())).toEqual({ ok: true, result: null });
    expect(asked.map((a) => a.kind)).toEqual(['open', 'open']);
  });

  it('returns the chosen file name and its bytes, asking with the window as parent and one file only', async () => {
    const path = join(dir, 'trust.der');
    const bytes = Buffer.from([0x30, 0x82, 0x01, 0x0a, 0xff]);
    writeFileSync(path, bytes);
    nextOpen = { canceled: false, filePaths: [path] };
    const filters = [{ name: 'Certificates', extensions: ['der', 'pem'] }];
    const outcome = (await open(fromWindow(), { filters })) as { ok: true; result: { name: string; data: Uint8Array } };
    expect(outcome.ok).toBe(true);
    expect(outcome.result.name).toBe('trust.der');
    expect(outcome.result.data).toBeInstanceOf(Uint8Array);
    expect([...outcome.result.data]).toEqual([...bytes]);
    expect(asked[0].parent).toBe(win);
    expect(asked[0].options).toMatchObject({ filters, properties: ['openFile'] });
  });

  it('refuses a file over maxBytes, a directory and a missing file as error data', async () => {
    const path = join(dir, 'big.bin');
    writeFileSync(path, Buffer.alloc(100));
    nextOpen = { canceled: false, filePaths: [path] };
    expect(errorCode(await open(fromWindow(), { maxBytes: 99 }))).toBe('bad-request');
    expect(await open(fromWindow(), { maxBytes: 100 })).toMatchObject({ ok: true, result: { name: 'big.bin' } });
    nextOpen = { canceled: false, filePaths: [dir] };
    expect(errorCode(await open(fromWindow(), {}))).toBe('bad-request');
    nextOpen = { canceled: false, filePaths: [join(dir, 'missing.pem')] };
    expect(errorCode(await open(fromWindow(), {}))).toBe('not-found');
  });
});
