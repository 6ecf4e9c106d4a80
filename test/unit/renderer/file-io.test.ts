/**
 * lib/file-io without a DOM: the native bridge is used when the page has one, the browser download and file
 * input otherwise, and filters map to an `accept` attribute.
 */
import { describe, expect, it } from 'vitest';
import { acceptAttribute, desktopBridge, openFile, openFileBlob, saveFile, type DesktopBridge, type FileIoEnv } from '../../../src-renderer/src/lib/file-io';

interface Calls {
  save: unknown[];
  open: unknown[];
  downloads: Array<{ name: string; blob: Blob }>;
  picks: string[];
}

function fakeBridge(calls: Calls, answers: { save?: unknown; open?: unknown }): DesktopBridge {
  return {
    saveFile: async (req) => {
      calls.save.push(req);
      return answers.save as never;
    },
    openFile: async (req) => {
      calls.open.push(req);
      return answers.open as never;
    },
  };
}

function env(bridge: DesktopBridge | null, calls: Calls, picked: File | null = null): FileIoEnv {
  return {
    bridge,
    download: (name, blob) => calls.downloads.push({ name, blob }),
    pickFile: async (accept) => {
      calls.picks.push(accept);
      return picked;
    },
  };
}
const newCalls = (): Calls => ({ save: [], open: [], downloads: [], picks: [] });

describe('desktopBridge', () => {
  it('finds window.cwmpWorkbench.desktop only when both functions are there', () => {
    const bridge = { saveFile: async () => ({ ok: true, result: null }), openFile: async () => ({ ok: true, result: null }) };
    expect(desktopBridge({ cwmpWorkbench: { desktop: bridge } })).toBe(bridge);
    expect(desktopBridge({})).toBeNull();
    expect(desktopBridge(undefined)).toBeNull();
    expect(desktopBridge({ cwmpWorkbench: {} })).toBeNull();
    expect(desktopBridge({ cwmpWorkbench: { desktop: { saveFile: bridge.saveFile } } })).toBeNull();
    expect(desktopBridge({ cwmpWorkbench: { desktop: { saveFile: 'x', openFile: 'y' } } })).toBeNull();
  });
});

describe('acceptAttribute', () => {
  it('maps filters to dotted, lower-case, de-duplicated extensions', () => {
    expect(acceptAttribute([{ name: 'Certificates', extensions: ['pem', 'CRT', '.der'] }, { name: 'Keys', extensions: ['key', 'pem'] }])).toBe('.pem,.crt,.der,.key');
  });
  it('is empty (anything) without filters or with a * filter', () => {
    expect(acceptAttribute(undefined)).toBe('');
    expect(acceptAttribute([])).toBe('');
    expect(acceptAttribute([{ name: 'HAR', extensions: ['har'] }, { name: 'All files', extensions: ['*'] }])).toBe('');
  });
});

describe('saveFile', () => {
  it('uses the desktop bridge when present, passing name, data and filters but not the media type', async () => {
    const calls = newCalls();
    const bridge = fakeBridge(calls, { save: { ok: true, result: { saved: true, path: '/home/u/ca.pem' } } });
    const filters = [{ name: 'PEM', extensions: ['pem'] }];
    const r = await saveFile({ suggestedName: 'ca.pem', data: 'PEM', filters, mediaType: 'application/x-pem-file' }, env(bridge, calls));
    expect(r).toEqual({ saved: true, path: '/home/u/ca.pem', via: 'desktop' });
    expect(calls.save).toEqual([{ suggestedName: 'ca.pem', data: 'PEM', filters }]);
    expect(calls.downloads).toEqual([]);
  });

  it('reports a cancelled native dialog as not saved, and a shell error as an exception', async () => {
    const calls = newCalls();
    expect(await saveFile({ suggestedName: 'a.har', data: '{}' }, env(fakeBridge(calls, { save: { ok: true, result: { saved: false } } }), calls))).toEqual({
      saved: false,
      via: 'desktop',
    });
    const failing = fakeBridge(calls, { save: { ok: false, error: { code: 'bad-request', message: 'larger than 64 MiB' } } });
    await expect(saveFile({ suggestedName: 'a.har', data: '{}' }, env(failing, calls))).rejects.toThrow(/64 MiB/);
  });

  it('falls back to a browser download of exactly the bytes, with the media type', async () => {
    const calls = newCalls();
    const bytes = new Uint8Array([0, 255, 7]);
    expect(await saveFile({ suggestedName: 'client.p12', data: bytes, mediaType: 'application/x-pkcs12' }, env(null, calls))).toEqual({ saved: true, via: 'download' });
    expect(await saveFile({ suggestedName: 'a.txt', data: 'héllo' }, env(null, calls))).toEqual({ saved: true, via: 'download' });
    expect(calls.downloads.map((d) => [d.name, d.blob.type])).toEqual([
      ['client.p12', 'application/x-pkcs12'],
      ['a.txt', 'text/plain'],
    ]);
    expect([...new Uint8Array(await calls.downloads[0].blob.arrayBuffer())]).toEqual([0, 255, 7]);
    expect(await calls.downloads[1].blob.text()).toBe('héllo');
  });
});

describe('openFile', () => {
  it('uses the desktop bridge when present, with filters and the size cap', async () => {
    const calls = newCalls();
    const bridge = fakeBridge(calls, { open: { ok: true, result: { name: 'ca.der', data: new Uint8Array([0x30, 0x82]) } } });
    const filters = [{ name: 'DER', extensions: ['der'] }];
    const r = await openFile({ filters, maxBytes: 1000 }, env(bridge, calls));
    expect(r).toEqual({ name: 'ca.der', data: new Uint8Array([0x30, 0x82]) });
    expect(calls.open).toEqual([{ filters, maxBytes: 1000 }]);
    expect(calls.picks).toEqual([]);
    // The cap never exceeds what main accepts.
    await openFile({ maxBytes: 1e12 }, env(bridge, calls));
    expect(calls.open[1]).toEqual({ maxBytes: 64 * 1024 * 1024 });
  });

  it('returns null when the native dialog or the browser picker is cancelled', async () => {
    const calls = newCalls();
    expect(await openFile({}, env(fakeBridge(calls, { open: { ok: true, result: null } }), calls))).toBeNull();
    expect(await openFile({}, env(null, calls, null))).toBeNull();
    expect(await openFileBlob({}, env(null, calls, null))).toBeNull();
  });

  it('falls back to the file input with an accept list, returning the picked file’s bytes', async () => {
    const calls = newCalls();
    const file = new File([new Uint8Array([1, 2, 3])], 'trust.pem');
    const r = await openFile({ filters: [{ name: 'PEM', extensions: ['pem', 'crt'] }] }, env(null, calls, file));
    expect(r?.name).toBe('trust.pem');
    expect([...r!.data]).toEqual([1, 2, 3]);
    expect(calls.picks).toEqual(['.pem,.crt']);
  });

  it('refuses a picked file over maxBytes in the browser too', async () => {
    const calls = newCalls();
    const file = new File([new Uint8Array(10)], 'big.bin');
    await expect(openFile({ maxBytes: 9 }, env(null, calls, file))).rejects.toThrow(/big\.bin/);
    expect((await openFile({ maxBytes: 10 }, env(null, calls, file)))?.data.length).toBe(10);
  });

  it('openFileBlob hands the browser File itself over (no copy), and wraps native bytes in a Blob', async () => {
    const calls = newCalls();
    const file = new File([new Uint8Array(5)], 'fw.bin');
    const picked = await openFileBlob({}, env(null, calls, file));
    expect(picked?.blob).toBe(file);
    const bridge = fakeBridge(calls, { open: { ok: true, result: { name: 'fw.bin', data: new Uint8Array([9, 8]) } } });
    const native = await openFileBlob({}, env(bridge, calls));
    expect(native?.name).toBe('fw.bin');
    expect([...new Uint8Array(await native!.blob.arrayBuffer())]).toEqual([9, 8]);
  });
});
