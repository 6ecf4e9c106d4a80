/**
 * The sandboxed preload, loaded against a fake `electron`: what it hands the page through contextBridge is
 * exactly the contract's named methods plus `onEvent`, each reaching only its own channel.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { METHOD_NAMES, type ApiEvent } from '../../../src-shared/api/index';
import { fake } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule());

type Exposed = Record<string, (...args: unknown[]) => unknown>;
let api: Exposed;

beforeAll(async () => {
  await import('../../../src-main/electron/preload');
  expect(fake.exposed).toHaveLength(1);
  api = fake.exposed[0].api as Exposed;
});
// A failed assertion must not leave a subscription behind for the next test to trip over.
afterEach(() => {
  fake.ipcRenderer.removeAllListeners();
});

describe('preload', () => {
  it('exposes one object, in the main world, as window.cwmpWorkbench, frozen', () => {
    expect(fake.exposed[0].world).toBe('main');
    expect(fake.exposed[0].key).toBe('cwmpWorkbench');
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('has exactly one function per contract method plus onEvent and the desktop dialogs, and nothing else', () => {
    expect(METHOD_NAMES.length).toBeGreaterThan(10);
    expect(Object.keys(api).sort()).toEqual([...METHOD_NAMES, 'desktop', 'onEvent'].sort());
    for (const [key, value] of Object.entries(api)) expect(typeof value, key).toBe(key === 'desktop' ? 'object' : 'function');
    const desktop = api.desktop as unknown as Record<string, unknown>;
    expect(Object.isFrozen(desktop)).toBe(true);
    expect(Object.keys(desktop).sort()).toEqual(['openFile', 'saveFile']);
    for (const value of Object.values(desktop)) expect(typeof value).toBe('function');
    // Nothing generic that would reach any channel, and no Electron object handed to the page.
    for (const forbidden of ['invoke', 'send', 'sendSync', 'on', 'ipcRenderer', 'ipc', 'postMessage', 'require']) {
      expect(Object.hasOwn(api, forbidden), forbidden).toBe(false);
    }
    const ipcFunctions = new Set<unknown>([fake.ipcRenderer, fake.ipcRenderer.invoke, fake.ipcRenderer.send, fake.ipcRenderer.on]);
    for (const value of [...Object.values(api), ...Object.values(desktop)]) expect(ipcFunctions.has(value)).toBe(false);
  });

  it('desktop.saveFile and desktop.openFile each invoke only their own channel with one payload', async () => {
    const desktop = api.desktop as unknown as Exposed;
    fake.ipcRenderer.invocations.length = 0;
    const save = { suggestedName: 'ca.pem', data: 'PEM' };
    await desktop.saveFile(save, 'extra', { channel: 'api:other' });
    await desktop.openFile({ maxBytes: 10 }, 'extra');
    await desktop.openFile();
    expect(fake.ipcRenderer.invocations).toEqual([
      { channel: 'desktop:save-file', args: [save] },
      { channel: 'desktop:open-file', args: [{ maxBytes: 10 }] },
      { channel: 'desktop:open-file', args: [{}] },
    ]);
    expect(fake.ipcRenderer.sends).toEqual([]);
  });

  it('each method invokes its own api:<method> channel with the params and nothing else', async () => {
    for (const method of METHOD_NAMES) {
      fake.ipcRenderer.invocations.length = 0;
      const params = { probe: method };
      // An extra argument from the page must not travel (the channel takes exactly one payload).
      const result = await api[method](params, 'extra', { channel: 'api:other' });
      expect(fake.ipcRenderer.invocations, method).toEqual([{ channel: `api:${method}`, args: [params] }]);
      expect(result).toEqual({ ok: true, result: { echoed: `api:${method}` } });
    }
    expect(fake.ipcRenderer.sends).toEqual([]);
  });

  it('onEvent delivers only the event payload and its unsubscribe removes the listener', () => {
    const seen: unknown[][] = [];
    const unsubscribe = api.onEvent((...args: unknown[]) => seen.push(args)) as () => void;
    expect(typeof unsubscribe).toBe('function');
    expect(fake.ipcRenderer.eventNames()).toEqual(['api:event']);
    expect(fake.ipcRenderer.listenerCount('api:event')).toBe(1);

    const event: ApiEvent = { event: 'devices/removed', data: { deviceId: 'OUI-PC-SN1' } };
    // Electron passes (IpcRendererEvent, payload); the IpcRendererEvent's `sender` is ipcRenderer itself.
    fake.ipcRenderer.emit('api:event', { sender: fake.ipcRenderer, ports: [] }, event);
    expect(seen).toEqual([[event]]);

    unsubscribe();
    expect(fake.ipcRenderer.listenerCount('api:event')).toBe(0);
    fake.ipcRenderer.emit('api:event', { sender: fake.ipcRenderer, ports: [] }, event);
    expect(seen).toHaveLength(1);
  });

  it('keeps each subscription separate: unsubscribing one leaves the other', () => {
    const a: unknown[] = [];
    const b: unknown[] = [];
    const offA = api.onEvent((e: unknown) => a.push(e)) as () => void;
    const offB = api.onEvent((e: unknown) => b.push(e)) as () => void;
    offA();
    const event: ApiEvent = { event: 'traffic/cleared', data: {} };
    fake.ipcRenderer.emit('api:event', {}, event);
    expect(a).toEqual([]);
    expect(b).toEqual([event]);
    offB();
    expect(fake.ipcRenderer.listenerCount('api:event')).toBe(0);
  });

  it('onEvent refuses a non-function listener instead of subscribing', () => {
    expect(() => api.onEvent('api:devices/list')).toThrow(TypeError);
    expect(() => api.onEvent(undefined)).toThrow(TypeError);
    expect(fake.ipcRenderer.listenerCount('api:event')).toBe(0);
  });
});
