/**
 * The sandboxed preload: exposes one named function per API method, one event subscription and the two
 * desktop file dialogs (`desktop.saveFile` / `desktop.openFile`), nothing else. There is deliberately no
 * generic `invoke(channel, …)`: the renderer can reach exactly these, and main validates every call again
 * (sender and parameters).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { METHOD_NAMES } from '../../src-shared/api/index';
import type { ApiEvent } from '../../src-shared/api/index';
import { apiChannel, DESKTOP_OPEN_FILE_CHANNEL, DESKTOP_SAVE_FILE_CHANNEL, EVENT_CHANNEL } from './channels';

const api: Record<string, unknown> = {};
for (const method of METHOD_NAMES) {
  const channel = apiChannel(method);
  api[method] = (params: unknown): Promise<unknown> => ipcRenderer.invoke(channel, params);
}

api.onEvent = (listener: (event: ApiEvent) => void): (() => void) => {
  if (typeof listener !== 'function') throw new TypeError('onEvent needs a function');
  // Only the payload crosses: the IpcRendererEvent (whose `sender` is ipcRenderer) stays here.
  const handler = (_e: IpcRendererEvent, event: ApiEvent): void => listener(event);
  ipcRenderer.on(EVENT_CHANNEL, handler);
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  };
};

// Desktop-only extras (optional for the page: the browser build falls back to downloads/uploads). Each
// takes exactly one payload; main validates it and answers `{ ok, result }` or `{ ok: false, error }`.
api.desktop = Object.freeze({
  saveFile: (request: unknown): Promise<unknown> => ipcRenderer.invoke(DESKTOP_SAVE_FILE_CHANNEL, request),
  openFile: (request: unknown): Promise<unknown> => ipcRenderer.invoke(DESKTOP_OPEN_FILE_CHANNEL, request ?? {}),
});

contextBridge.exposeInMainWorld('cwmpWorkbench', Object.freeze(api));
