/**
 * An in-memory stand-in for the `electron` package, for `vi.mock('electron', …)`: the real package is never
 * loaded (requiring it from plain Node starts a binary download). Only what the shell touches is faked, and
 * it records what was done to it so tests can assert on it. One instance per test file (the module is
 * shared between the mock factory and the test through vitest's module registry).
 */
import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';

/** A `preventDefault()`-able event as Electron passes to `will-navigate` and friends. */
export interface FakeEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}
export function fakeEvent(): FakeEvent {
  const e: FakeEvent = {
    defaultPrevented: false,
    preventDefault: () => {
      e.defaultPrevented = true;
    },
  };
  return e;
}

export class FakeFrame {
  constructor(public url: string) {}
}

export type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

export class FakeWebContents extends EventEmitter {
  readonly mainFrame: FakeFrame;
  readonly sent: Array<[string, unknown]> = [];
  destroyed = false;
  windowOpenHandler: WindowOpenHandler | undefined;

  constructor(url = 'about:blank') {
    super();
    this.mainFrame = new FakeFrame(url);
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }
  /** Emits a cancellable event the way Electron does; true if a listener called `preventDefault()`. */
  fire(name: string, ...args: unknown[]): boolean {
    const e = fakeEvent();
    this.emit(name, e, ...args);
    return e.defaultPrevented;
  }
}

interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export class FakeBrowserWindow extends EventEmitter {
  static readonly instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedFile: string | undefined;
  bounds: Bounds;
  maximized = false;
  shown = false;

  constructor(readonly options: Record<string, unknown>) {
    super();
    this.bounds = {
      x: typeof options.x === 'number' ? options.x : 0,
      y: typeof options.y === 'number' ? options.y : 0,
      width: Number(options.width),
      height: Number(options.height),
    };
    FakeBrowserWindow.instances.push(this);
    // Electron announces every new web contents, the window's own included.
    fake.app.emit('web-contents-created', fakeEvent(), this.webContents);
  }
  async loadFile(path: string): Promise<void> {
    this.loadedFile = path;
    this.webContents.mainFrame.url = pathToFileURL(path).href;
  }
  getNormalBounds(): Bounds {
    return { ...this.bounds };
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  maximize(): void {
    this.maximized = true;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {}
  show(): void {
    this.shown = true;
  }
  isDestroyed(): boolean {
    return false;
  }
}

type Handler = (event: unknown, ...args: unknown[]) => unknown;
type PermissionRequestHandler = (wc: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void;
type PermissionCheckHandler = (wc: unknown, permission: string, origin: string, details: unknown) => boolean;
type HeadersListener = (
  details: { url: string; responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string | string[]>; cancel?: boolean }) => void,
) => void;

class FakeApp extends EventEmitter {
  singleInstance = true;
  quitCalls = 0;
  exitCodes: number[] = [];
  requestSingleInstanceLock(): boolean {
    return this.singleInstance;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  quit(): void {
    this.quitCalls++;
  }
  exit(code: number): void {
    this.exitCodes.push(code);
  }
  getVersion(): string {
    return '0.0.0-test';
  }
}

class FakeIpcMain extends EventEmitter {
  readonly handlers = new Map<string, Handler>();
  readonly onceHandlers: string[] = [];
  handle(channel: string, handler: Handler): void {
    // Electron throws on a second handler for one channel; so does the fake, to catch double registration.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  handleOnce(channel: string): void {
    this.onceHandlers.push(channel);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

class FakeIpcRenderer extends EventEmitter {
  readonly invocations: Array<{ channel: string; args: unknown[] }> = [];
  readonly sends: Array<{ channel: string; args: unknown[] }> = [];
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invocations.push({ channel, args });
    return { ok: true, result: { echoed: channel } };
  }
  send(channel: string, ...args: unknown[]): void {
    this.sends.push({ channel, args });
  }
  sendSync(channel: string, ...args: unknown[]): unknown {
    this.sends.push({ channel, args });
    return undefined;
  }
}

class FakeSession {
  permissionRequestHandler: PermissionRequestHandler | undefined;
  permissionCheckHandler: PermissionCheckHandler | undefined;
  headersListener: HeadersListener | undefined;
  readonly webRequest = {
    onHeadersReceived: (listener: HeadersListener): void => {
      this.headersListener = listener;
    },
  };
  setPermissionRequestHandler(handler: PermissionRequestHandler): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler): void {
    this.permissionCheckHandler = handler;
  }
}

function createState() {
  return {
    app: new FakeApp(),
    ipcMain: new FakeIpcMain(),
    ipcRenderer: new FakeIpcRenderer(),
    session: { defaultSession: new FakeSession() },
    exposed: [] as Array<{ world: 'main' | 'isolated'; key: string; api: unknown }>,
    menus: [] as unknown[],
    dialogs: [] as Array<{ kind: string; args: unknown[] }>,
    openedExternally: [] as string[],
  };
}

/** The recorded state of the fake (one per test file: vitest gives each file its own module registry). */
export const fake = createState();

/** The module object `vi.mock('electron', …)` returns. */
export function electronModule(): Record<string, unknown> {
  const mod = {
    BrowserWindow: FakeBrowserWindow,
    contextBridge: {
      exposeInMainWorld: (key: string, api: unknown): void => {
        fake.exposed.push({ world: 'main', key, api });
      },
      exposeInIsolatedWorld: (_worldId: number, key: string, api: unknown): void => {
        fake.exposed.push({ world: 'isolated', key, api });
      },
    },
    Menu: {
      buildFromTemplate: (template: unknown[]): { template: unknown[] } => ({ template }),
      setApplicationMenu: (menu: unknown): void => {
        fake.menus.push(menu);
      },
    },
    dialog: {
      showErrorBox: (...args: unknown[]): void => {
        fake.dialogs.push({ kind: 'error', args });
      },
      showMessageBox: async (...args: unknown[]): Promise<{ response: number }> => {
        fake.dialogs.push({ kind: 'message', args });
        return { response: 0 };
      },
    },
    screen: {
      getAllDisplays: (): Array<{ workArea: Bounds }> => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
    },
    shell: {
      openExternal: async (url: string): Promise<void> => {
        fake.openedExternally.push(url);
      },
    },
  };
  return { ...mod, app: fake.app, ipcMain: fake.ipcMain, ipcRenderer: fake.ipcRenderer, session: fake.session };
}
