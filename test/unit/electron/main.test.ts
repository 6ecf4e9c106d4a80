/**
 * The Electron entry (main.ts) run end to end against a fake `electron` and a fake workbench: the IPC
 * handlers it registers, what they let through, the window it opens, and everything it locks down.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiHandlers } from '../../../src-shared/api/client';
import { METHOD_NAMES, type ApiEvent } from '../../../src-shared/api/index';
import type { EventHub } from '../../../src-main/runtime/event-hub';
import type { WorkbenchOptions } from '../../../src-main/app/workbench';
import { cspProblems } from './csp-check';
import { fake, fakeEvent, FakeBrowserWindow, FakeWebContents } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule());

/** What the fake workbench saw; shared between its mock factory and the tests. */
const wb = vi.hoisted(() => ({
  options: [] as unknown[],
  deviceGets: [] as unknown[],
  started: 0,
  stopped: 0,
  hub: undefined as unknown,
}));

vi.mock('../../../src-main/app/workbench', async () => {
  const { EventHub } = await import('../../../src-main/runtime/event-hub');
  const { unavailableHandlers } = await import('../../../src-main/app/unavailable');
  const hub = new EventHub();
  wb.hub = hub;
  const handlers = {
    ...unavailableHandlers(),
    'devices/get': async (params: unknown) => {
      wb.deviceGets.push(params);
      return { id: (params as { deviceId: string }).deviceId, parameters: [] };
    },
  } as unknown as ApiHandlers;
  const urls = { acsHttp: 'http://127.0.0.1:7547/', acsHttps: 'https://127.0.0.1:7548/' };
  return {
    createWorkbench: async (options: WorkbenchOptions) => {
      wb.options.push(options);
      return {
        hub,
        handlers,
        options,
        urls: () => urls,
        start: async () => {
          wb.started++;
          return urls;
        },
        stop: async () => {
          wb.stopped++;
        },
      };
    },
  };
});

type Invoke = (event: unknown, params?: unknown) => Promise<unknown>;

let dataDir: string;
let savedDataEnv: string | undefined;
let win: FakeBrowserWindow;
let rendererUrl: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'wb-electron-main-'));
  savedDataEnv = process.env.CWMP_WORKBENCH_DATA;
  process.env.CWMP_WORKBENCH_DATA = dataDir;
  await import('../../../src-main/electron/main');
  await vi.waitFor(() => expect(FakeBrowserWindow.instances[0]?.loadedFile).toBeDefined());
  win = FakeBrowserWindow.instances[0];
  rendererUrl = pathToFileURL(win.loadedFile!).href;
});

afterAll(() => {
  if (savedDataEnv === undefined) delete process.env.CWMP_WORKBENCH_DATA;
  else process.env.CWMP_WORKBENCH_DATA = savedDataEnv;
  rmSync(dataDir, { recursive: true, force: true });
});

function handler(method: string): Invoke {
  const h = fake.ipcMain.handlers.get(`api:${method}`);
  if (!h) throw new Error(`no handler for api:${method}`);
  return h as Invoke;
}
/** An invoke event from the main window's top frame, as Electron builds it. */
function fromWindow(): unknown {
  return { sender: win.webContents, senderFrame: win.webContents.mainFrame, processId: 1, frameId: 1 };
}

describe('Electron main: startup', () => {
  it('opens one window on the built renderer with the built preload beside it', () => {
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    expect(win.loadedFile!.endsWith(join('renderer', 'index.html'))).toBe(true);
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(basename(String(prefs.preload))).toBe('preload.cjs');
    // out/main/electron.js → out/renderer/index.html and out/preload/preload.cjs
    expect(dirname(dirname(String(prefs.preload)))).toBe(dirname(dirname(win.loadedFile!)));
  });

  it('creates the window with contextIsolation, no Node integration, the sandbox and web security', () => {
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(prefs.nodeIntegrationInSubFrames).toBeFalsy();
    expect(prefs.webviewTag).toBeFalsy();
  });

  it('shows the window only once it has painted', () => {
    expect(win.options.show).toBe(false);
    win.emit('ready-to-show');
    expect(win.shown).toBe(true);
  });

  it('starts the workbench on the loopback address and sets an application menu', () => {
    expect(wb.options).toHaveLength(1);
    expect(wb.options[0]).toMatchObject({ host: '127.0.0.1', dataDir, shell: 'electron' });
    expect(wb.started).toBe(1);
    expect(fake.menus).toHaveLength(1);
    expect(fake.dialogs.filter((d) => d.kind === 'error')).toEqual([]);
  });
});

describe('Electron main: IPC', () => {
  it('registers an api:<method> handler for every contract method, the two desktop file dialogs, and no other channel', () => {
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual(
      [...METHOD_NAMES.map((m) => `api:${m}`), 'desktop:open-file', 'desktop:save-file'].sort(),
    );
    // No fire-and-forget listeners or one-shot handlers beside them.
    expect(fake.ipcMain.eventNames()).toEqual([]);
    expect(fake.ipcMain.onceHandlers).toEqual([]);
  });

  it('runs a valid call from the window through dispatch to the handler', async () => {
    wb.deviceGets.length = 0;
    const outcome = await handler('devices/get')(fromWindow(), { deviceId: 'OUI-PC-SN1' });
    expect(outcome).toEqual({ ok: true, result: { id: 'OUI-PC-SN1', parameters: [] } });
    expect(wb.deviceGets).toEqual([{ deviceId: 'OUI-PC-SN1' }]);
  });

  it('every channel reaches dispatch for its own method (a service error comes back as data)', async () => {
    const outcome = await handler('server/status')(fromWindow(), {});
    expect(outcome).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(String((outcome as { error: { message: string } }).error.message)).toContain('server/status');
  });

  it('answers bad params from the window with bad-request and never calls the handler', async () => {
    wb.deviceGets.length = 0;
    for (const params of [{ deviceId: 42 }, {}, 'devices', [1, 2], { deviceId: 'x', extra: true }]) {
      const outcome = await handler('devices/get')(fromWindow(), params);
      expect(outcome, JSON.stringify(params)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    }
    expect(wb.deviceGets).toEqual([]);
  });

  it('refuses a call from another web contents, even one showing our page', async () => {
    wb.deviceGets.length = 0;
    const stranger = new FakeWebContents(rendererUrl);
    const outcome = await handler('devices/get')({ sender: stranger, senderFrame: stranger.mainFrame }, { deviceId: 'OUI-PC-SN1' });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(wb.deviceGets).toEqual([]);
  });

  it('refuses a call from a subframe of the window, and from a frame that is gone', async () => {
    wb.deviceGets.length = 0;
    const subframe = { url: rendererUrl };
    for (const senderFrame of [subframe, null]) {
      const outcome = await handler('devices/get')({ sender: win.webContents, senderFrame }, { deviceId: 'OUI-PC-SN1' });
      expect(outcome).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    expect(wb.deviceGets).toEqual([]);
  });

  it('refuses calls once the window shows another URL or origin', async () => {
    wb.deviceGets.length = 0;
    const original = win.webContents.mainFrame.url;
    try {
      for (const url of ['https://evil.example/index.html', 'http://127.0.0.1:7547/', pathToFileURL(join(dataDir, 'index.html')).href]) {
        win.webContents.mainFrame.url = url;
        const outcome = await handler('devices/get')(fromWindow(), { deviceId: 'OUI-PC-SN1' });
        expect(outcome, url).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
      }
    } finally {
      win.webContents.mainFrame.url = original;
    }
    expect(wb.deviceGets).toEqual([]);
  });

  it('checks the sender before the params (a stranger learns nothing about validation)', async () => {
    const stranger = new FakeWebContents('https://evil.example/');
    const outcome = await handler('devices/get')({ sender: stranger, senderFrame: stranger.mainFrame }, { deviceId: 42 });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('forwards workbench events to the window on api:event, and not to a destroyed one', () => {
    const hub = wb.hub as EventHub;
    const event: ApiEvent = { event: 'devices/removed', data: { deviceId: 'OUI-PC-SN1' } };
    win.webContents.sent.length = 0;
    hub.publish(event);
    expect(win.webContents.sent).toEqual([['api:event', event]]);
    win.webContents.destroyed = true;
    try {
      hub.publish(event);
      expect(win.webContents.sent).toHaveLength(1);
    } finally {
      win.webContents.destroyed = false;
    }
  });
});

describe('Electron main: lock-down', () => {
  it('blocks navigation away from our page, redirects and webviews in the window', () => {
    const wc = win.webContents;
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'http://127.0.0.1:7547/', `${rendererUrl}.html`]) {
      expect(wc.fire('will-navigate', url), url).toBe(true);
    }
    expect(wc.fire('will-navigate', rendererUrl)).toBe(false);
    expect(wc.fire('will-redirect', 'https://evil.example/')).toBe(true);
    expect(wc.fire('will-attach-webview', {}, {})).toBe(true);
  });

  it('denies every new window, and opens nothing externally', () => {
    for (const url of ['https://evil.example/', rendererUrl, 'about:blank']) {
      expect(win.webContents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
    }
    expect(fake.openedExternally).toEqual([]);
  });

  it('locks down web contents created later too (devtools, popups that slipped through)', () => {
    const later = new FakeWebContents('about:blank');
    fake.app.emit('web-contents-created', fakeEvent(), later);
    expect(later.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(later.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('denies every permission request and check', () => {
    const session = fake.session.defaultSession;
    expect(session.permissionRequestHandler).toBeDefined();
    expect(session.permissionCheckHandler).toBeDefined();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fileSystem']) {
      const answers: boolean[] = [];
      session.permissionRequestHandler!(win.webContents, permission, (granted) => answers.push(granted), {});
      expect(answers, permission).toEqual([false]);
      expect(session.permissionCheckHandler!(win.webContents, permission, rendererUrl, {}), permission).toBe(false);
    }
  });

  it('puts a strict Content-Security-Policy on every response', () => {
    const listener = fake.session.defaultSession.headersListener;
    expect(listener).toBeDefined();
    const responses: Array<{ responseHeaders?: Record<string, string | string[]> }> = [];
    listener!({ url: rendererUrl, responseHeaders: { 'Content-Type': ['text/html'] } }, (r) => responses.push(r));
    expect(responses).toHaveLength(1);
    const headers = responses[0].responseHeaders!;
    expect(headers['Content-Type']).toEqual(['text/html']);
    const csp = headers['Content-Security-Policy'];
    expect(Array.isArray(csp) && csp.length === 1).toBe(true);
    expect(cspProblems(String((csp as string[])[0]), 'header')).toEqual([]);
  });
});

describe('Electron main: menu', () => {
  interface Item {
    label?: string;
    role?: string;
    submenu?: Item[];
    click?: () => void;
  }
  it("has File (quit), Edit, View, Window and Help, and About shows where the ACS listens", async () => {
    const template = (fake.menus[0] as { template: Item[] }).template;
    expect(template.map((i) => i.label ?? i.role)).toEqual(['File', 'editMenu', 'View', 'windowMenu', 'help']);
    expect(template[0].submenu).toEqual([{ role: 'quit' }]);
    const about = template[4].submenu!.find((i) => i.label === 'About CWMP Workbench');
    about!.click!();
    await vi.waitFor(() => expect(fake.dialogs.some((d) => d.kind === 'message')).toBe(true));
    const box = fake.dialogs.find((d) => d.kind === 'message')!.args[0] as { detail: string };
    expect(box.detail).toContain('http://127.0.0.1:7547/');
    expect(box.detail).toContain(dataDir);
  });
});

describe('Electron main: window state and quitting', () => {
  it('remembers the window bounds when it closes', async () => {
    win.bounds = { x: 120, y: 90, width: 1300, height: 820 };
    win.emit('resize');
    win.emit('close', fakeEvent());
    const file = join(dataDir, 'window-state.json');
    await vi.waitFor(() => expect(existsSync(file)).toBe(true));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ x: 120, y: 90, width: 1300, height: 820, maximized: false });
  });

  it('stops the workbench before the app quits', async () => {
    const quitsBefore = fake.app.quitCalls;
    const e = fakeEvent();
    fake.app.emit('before-quit', e);
    expect(e.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(fake.app.quitCalls).toBe(quitsBefore + 1));
    expect(wb.stopped).toBe(1);
    // The second before-quit (from that quit) goes through.
    const again = fakeEvent();
    fake.app.emit('before-quit', again);
    expect(again.defaultPrevented).toBe(false);
  });
});
