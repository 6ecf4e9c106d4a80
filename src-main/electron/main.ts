/**
 * The Electron shell: one window over the renderer build, the workbench's services in this process, and
 * IPC handlers `api:<method>` that accept calls only from our own page and validate them through
 * `dispatch()`. Everything else (navigation, new windows, permissions) is refused.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, screen, session, type IpcMainInvokeEvent, type MenuItemConstructorOptions } from 'electron';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dispatch, type DispatchOutcome } from '../../src-shared/api/dispatch';
import { METHOD_NAMES } from '../../src-shared/api/index';
import { createWorkbench, type Workbench } from '../app/workbench';
import { defaultDataDir } from '../util/data-dir';
import { DEFAULT_WINDOW, loadWindowState, saveWindowState, type WindowState } from './window-state';

const here = dirname(fileURLToPath(import.meta.url));
const rendererIndex = resolve(here, '../renderer/index.html');
const rendererUrl = pathToFileURL(rendererIndex).href;
const preloadPath = resolve(here, '../preload/preload.cjs');

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

let mainWindow: BrowserWindow | null = null;
let workbench: Workbench | null = null;

/** A call is ours only if it comes from the main window's top frame showing our own index.html. */
function trustedSender(event: IpcMainInvokeEvent): boolean {
  if (!mainWindow || event.sender !== mainWindow.webContents) return false;
  const frame = event.senderFrame;
  if (!frame || frame !== event.sender.mainFrame) return false;
  const url = frame.url.split('#')[0].split('?')[0];
  return url === rendererUrl;
}

function registerIpc(wb: Workbench): void {
  for (const method of METHOD_NAMES) {
    ipcMain.handle(`api:${method}`, async (event, params: unknown): Promise<DispatchOutcome> => {
      if (!trustedSender(event)) return { ok: false, error: { code: 'unauthorized', message: 'Calls are accepted from the workbench window only' } };
      return dispatch(wb.handlers, method, params);
    });
  }
  wb.hub.subscribe((event) => {
    const contents = mainWindow?.webContents;
    if (contents && !contents.isDestroyed()) contents.send('api:event', event);
  });
}

function lockDown(): void {
  // Every web contents, present and future: no navigation away from our page, no new windows, no webviews.
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (e, url) => {
      if (url !== rendererUrl) e.preventDefault();
    });
    contents.on('will-redirect', (e) => e.preventDefault());
    contents.on('will-attach-webview', (e) => e.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
}

function buildMenu(): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { label: 'File', submenu: [isMac ? { role: 'close' } : { role: 'quit' }] },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        {
          label: 'About CWMP Workbench',
          click: () => {
            const urls = workbench?.urls();
            void dialog.showMessageBox({
              type: 'info',
              title: 'CWMP Workbench',
              message: `CWMP Workbench ${app.getVersion()}`,
              detail: `ACS: ${urls?.acsHttp ?? '—'}\nACS (TLS): ${urls?.acsHttps ?? '—'}\nData: ${workbench?.options.dataDir ?? '—'}`,
            });
          },
        },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

async function createWindow(dataDir: string): Promise<BrowserWindow> {
  const state = await loadWindowState(
    dataDir,
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const win = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: 900,
    minHeight: 560,
    show: false,
    title: 'CWMP Workbench',
    backgroundColor: '#181b22',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  // Remember the normal (not maximised) bounds, written when the window closes.
  let last: WindowState = { ...DEFAULT_WINDOW, ...win.getNormalBounds(), maximized: state.maximized };
  const track = (): void => {
    if (win.isDestroyed()) return;
    last = { ...win.getNormalBounds(), maximized: win.isMaximized() };
  };
  win.on('resize', track);
  win.on('move', track);
  win.on('close', () => {
    track();
    void saveWindowState(dataDir, last).catch(() => undefined);
  });
  win.on('closed', () => {
    mainWindow = null;
  });
  await win.loadFile(rendererIndex);
  return win;
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  await app.whenReady();
  lockDown();
  buildMenu();

  // The same folder headless mode uses (Electron's userData for this app name), so both see one state.
  const dataDir = defaultDataDir();
  workbench = await createWorkbench({
    dataDir,
    host: '127.0.0.1',
    acsPort: 7547,
    acsTlsPort: 7548,
    uiPort: 0,
    sim: Number(process.env.CWMP_WORKBENCH_SIM ?? 0) || 0,
    shell: 'electron',
  });
  registerIpc(workbench);
  try {
    await workbench.start();
  } catch (err) {
    // The window still opens: the status bar shows which listener failed and why.
    dialog.showErrorBox('CWMP Workbench', `Could not start every listener: ${err instanceof Error ? err.message : String(err)}`);
  }
  mainWindow = await createWindow(dataDir);

  app.on('activate', () => {
    if (!mainWindow) void createWindow(dataDir).then((w) => (mainWindow = w));
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let stopping = false;
app.on('before-quit', (e) => {
  if (stopping || !workbench) return;
  // Stop listeners and persist state before the process goes.
  e.preventDefault();
  stopping = true;
  void workbench.stop().finally(() => app.quit());
});

main().catch((err: unknown) => {
  dialog.showErrorBox('CWMP Workbench', err instanceof Error ? (err.stack ?? err.message) : String(err));
  app.exit(1);
});
