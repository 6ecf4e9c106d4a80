/**
 * The sandboxed preload: exposes one named function per API method and one event subscription, nothing
 * else. There is deliberately no generic `invoke(channel, …)`: the renderer can reach exactly the
 * contract's methods, and main validates every call again (sender and parameters).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { METHOD_NAMES } from '../../src-shared/api/index';
import type { ApiEvent } from '../../src-shared/api/index';
import { apiChannel, EVENT_CHANNEL } from './channels';

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

contextBridge.exposeInMainWorld('cwmpWorkbench', Object.freeze(api));
