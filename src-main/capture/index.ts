import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { open as openFile } from 'node:fs/promises';
import type { ApiHandlers } from '../../src-shared/api/client';
import { ConflictError, DomainError } from '../../src-shared/errors/domain-error';
import type { CaptureInfo } from '../../src-shared/api/captures';
import { captureHeaderLine, exchangeLine } from '../../src-shared/capture/format';
import { reconstructSessions } from '../../src-shared/capture/sessions';
import type { EventHub } from '../runtime/event-hub';
import type { TrafficFeed } from '../runtime/traffic-sink';
import { CAPTURE_EXT, CaptureFiles, captureFileName, timestampName } from './files';
import { CaptureWriter } from './writer';
import { buildExport, importText, readImport, writeExport } from './export-import';

export type CapturesMethod = Extract<keyof ApiHandlers, `captures/${string}`>;

export interface CaptureService {
  handlers: Pick<ApiHandlers, CapturesMethod>;
  /** Starts recording all traffic into a new capture (the file appears with the first exchange). */
  start(): Promise<void>;
  /** Stops recording; everything written is on disk when this resolves. */
  stop(): Promise<void>;
  status(): { recording: boolean; file?: string };
  /** The last write failure (disk full), if recording stopped because of one. */
  error(): string | undefined;
}

/**
 * Capture files under `<dataDir>/captures/`: recording (a sink on the traffic store, so the ACS's and the
 * proxies' exchanges land in the same file), listing, opening any file, rename, delete, export, import.
 */
export async function createCaptureService(o: { dataDir: string; hub: EventHub; traffic: TrafficFeed; rotateBytes?: number }): Promise<CaptureService> {
  const files = new CaptureFiles(join(o.dataDir, 'captures'));
  await files.ensureDir();
  let writer: CaptureWriter | undefined;
  let detach: (() => void) | undefined;
  let lastError: string | undefined;

  const recordingPath = (): string | undefined => (writer && writer.hasFile ? writer.path : undefined);
  const changed = (): void => {
    const file = recordingPath();
    o.hub.publish({ event: 'captures/changed', data: file ? { recording: writer !== undefined, file } : { recording: writer !== undefined } });
  };

  const begin = async (name?: string): Promise<CaptureWriter> => {
    await end();
    const path = name ? files.pathOf(captureFileName(name)) : freshTimestampPath(files);
    if (name) {
      try {
        await files.info(path);
        throw new ConflictError(`a capture named ${basename(path)} already exists`);
      } catch (err) {
        if (err instanceof DomainError && err.code === 'conflict') throw err;
      }
    }
    const w = new CaptureWriter(path, {
      rotateBytes: o.rotateBytes,
      writer: 'cwmp-workbench',
      // The first file appears with the first exchange, later ones at rotation: either way the list changed.
      onFile: () => setImmediate(changed),
      onError: (err) => {
        lastError = `capture recording stopped: ${err.message}`;
        setImmediate(changed);
      },
    });
    writer = w;
    detach = o.traffic.addSink(w);
    changed();
    return w;
  };

  const end = async (): Promise<CaptureWriter | undefined> => {
    const w = writer;
    detach?.();
    detach = undefined;
    writer = undefined;
    await w?.close();
    if (w) changed();
    return w;
  };

  const load = async (which: { name?: string; path?: string }) => {
    const path = files.resolve(which);
    // Make what is being recorded visible to a reader right away.
    if (writer && writer.path === path) await writer.flush();
    const parsed = await files.read(path);
    return { path, parsed };
  };

  const handlers: Pick<ApiHandlers, CapturesMethod> = {
    'captures/list': async () => ({ captures: await files.list(recordingPath()), dir: files.dir }),
    'captures/open': async ({ name, path, offset, limit }) => {
      const { path: p, parsed } = await load({ name, path });
      const start = offset ?? 0;
      const exchanges = parsed.exchanges.slice(start, limit !== undefined ? start + limit : undefined);
      return {
        capture: await files.info(p, recordingPath()),
        exchanges,
        total: parsed.exchanges.length,
        sessions: reconstructSessions(parsed.exchanges, { now: Date.now() }),
        warnings: parsed.warnings,
      };
    },
    'captures/sessions': async ({ name, path }) => {
      const { parsed } = await load({ name, path });
      return { sessions: reconstructSessions(parsed.exchanges, { now: Date.now() }), warnings: parsed.warnings };
    },
    'captures/rename': async ({ name, newName }) => {
      const from = files.pathOf(name);
      const to = await files.rename(name, newName);
      if (writer && writer.path === from) writer.renamed(to);
      changed();
      return { capture: await files.info(to, recordingPath()) };
    },
    'captures/delete': async ({ name }) => {
      if (writer && writer.path === files.pathOf(name) && writer.hasFile) {
        throw new ConflictError(`${name} is being recorded; stop recording first`);
      }
      const deleted = await files.delete(name);
      if (deleted) changed();
      return { deleted };
    },
    'captures/export': async ({ name, path, format, sessionId, exchangeIds, destination, bodies }) => {
      const { parsed } = await load({ name, path });
      const out = buildExport(parsed.exchanges, format, { sessionId, bodies, exchangeIds });
      if (destination) {
        await writeExport(out, destination);
        return { format, path: destination };
      }
      const { bytes, ...rest } = out;
      return { format, ...rest, ...(bytes ? { data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') } : {}) };
    },
    'captures/import': async ({ path, content, contentEncoding, format, name }) => {
      const r =
        path !== undefined
          ? await readImport(path, format)
          : importText(contentEncoding === 'base64' ? Buffer.from(content ?? '', 'base64') : (content ?? ''), format);
      const base = name ?? (path ? `${basename(path).replace(/\.[^.]+$/, '')}-import` : `import-${timestampName().slice(8)}`);
      let target = files.pathOf(base);
      for (let i = 2; await exists(target); i++) target = files.pathOf(`${captureFileName(base).replace(/\.ndjson$/, '')}-${i}`);
      const handle = await openFile(target, 'wx', 0o600);
      try {
        await handle.writeFile(captureHeaderLine({ createdAt: Date.now(), writer: 'cwmp-workbench import', continues: path ? basename(path) : undefined }));
        await handle.writeFile(r.exchanges.map(exchangeLine).join(''));
        await handle.sync();
      } finally {
        await handle.close();
      }
      changed();
      return { capture: await files.info(target, recordingPath()), exchanges: r.exchanges.length, warnings: r.warnings };
    },
    'captures/current': async () => {
      const p = recordingPath();
      return p ? { recording: true, capture: await files.info(p, p) } : { recording: writer !== undefined };
    },
    'captures/start': async ({ name }) => {
      const w = await begin(name);
      const info: CaptureInfo = { name: basename(w.path), path: w.path, size: 0, modifiedAt: Date.now(), recording: true };
      return { capture: info };
    },
    'captures/stop': async () => {
      const w = await end();
      if (!w || !w.hasFile) return {};
      return { capture: await files.info(w.path) };
    },
  };

  return {
    handlers,
    async start() {
      if (!writer) await begin();
    },
    async stop() {
      await end();
    },
    error: () => lastError,
    status() {
      const p = writer?.path;
      return writer ? { recording: true, ...(p && writer.hasFile ? { file: p } : {}) } : { recording: false };
    },
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    const h = await openFile(path, 'r');
    await h.close();
    return true;
  } catch {
    return false;
  }
}

export { CaptureWriter } from './writer';
export { CaptureFiles } from './files';

/**
 * A new file for an unnamed capture. Timestamps have one-second resolution: a second capture started in
 * the same second must not append to the first one's file.
 */
function freshTimestampPath(files: CaptureFiles): string {
  const base = timestampName().slice(0, -CAPTURE_EXT.length);
  let path = files.pathOf(`${base}${CAPTURE_EXT}`);
  for (let n = 2; existsSync(path); n++) path = files.pathOf(`${base}-${n}${CAPTURE_EXT}`);
  return path;
}
