/**
 * The Electron shell: one window over the renderer build, the workbench's services in this process, and
 * IPC handlers `api:<method>` that accept calls only from our own page and validate them through
 * `dispatch()`. Everything else (navigation, new windows, permissions) is refused.
 */
import { app, BrowserWindow, dialog, screen } from 'electron';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createWorkbench, type Workbench } from '../app/workbench';
import { defaultDataDir } from '../util/data-dir';
import { registerDesktopFileHandlers } from './desktop-files';
import { forwardEvents, registerApiHandlers } from './ipc';
import { lockDown } from './lock-down';
import { buildMenu } from './menu';
import { mainWindowOptions } from './window-options';
import { DEFAULT_WINDOW, loadWindowState, saveWindowState, type WindowState } from './window-state';

const here = dirname(fileURLToPath(import.meta.url));
const rendererIndex = resolve(here, '../renderer/index.html');
const rendererUrl = pathToFileURL(rendererIndex).href;
const preloadPath = resolve(here, '../preload/preload.cjs');

let mainWindow: BrowserWindow | null = null;
let workbench: Workbench | null = null;

async function createWindow(dataDir: string): Promise<BrowserWindow> {
  const state = await loadWindowState(
    dataDir,
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const win = new BrowserWindow(mainWindowOptions(state, preloadPath));
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
  lockDown(rendererUrl);
  buildMenu(() => workbench);

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
  registerApiHandlers(workbench.handlers, () => mainWindow?.webContents, rendererUrl);
  registerDesktopFileHandlers({ window: () => mainWindow, rendererUrl });
  forwardEvents(workbench.hub, () => mainWindow?.webContents);
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
