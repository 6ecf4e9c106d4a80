/**
 * The sandboxed preload: exposes one named function per API method and one event subscription, nothing
 * else. There is deliberately no generic `invoke(channel, …)`: the renderer can reach exactly the
 * contract's methods, and main validates every call again (sender and parameters).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { METHOD_NAMES } from '../../src-shared/api/index';
import type { ApiEvent } from '../../src-shared/api/index';

const api: Record<string, unknown> = {};
for (const method of METHOD_NAMES) {
  api[method] = (params: unknown): Promise<unknown> => ipcRenderer.invoke(`api:${method}`, params);
}

api.onEvent = (listener: (event: ApiEvent) => void): (() => void) => {
  if (typeof listener !== 'function') throw new TypeError('onEvent needs a function');
  const handler = (_e: IpcRendererEvent, event: ApiEvent): void => listener(event);
  ipcRenderer.on('api:event', handler);
  return () => {
    ipcRenderer.removeListener('api:event', handler);
  };
};

contextBridge.exposeInMainWorld('cwmpWorkbench', Object.freeze(api));
