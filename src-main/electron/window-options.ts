/** The main window's construction options: the security-relevant `webPreferences` live here, in one place. */
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import type { WindowState } from './window-state';

/**
 * Electron's security checklist for a window showing our own page: the renderer gets no Node, runs
 * sandboxed, its preload lives in an isolated world, and web security stays on.
 */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    nodeIntegration: false,
    sandbox: true,
    webSecurity: true,
    allowRunningInsecureContent: false,
    spellcheck: false,
  };
}

/** The window at its remembered size (and position, if it is still on a display), hidden until painted. */
export function mainWindowOptions(state: WindowState, preloadPath: string): BrowserWindowConstructorOptions {
  return {
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: 900,
    minHeight: 560,
    show: false,
    title: 'CWMP Workbench',
    backgroundColor: '#181b22',
    webPreferences: secureWebPreferences(preloadPath),
  };
}
