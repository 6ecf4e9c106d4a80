import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { appendFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ApiHandlers } from '../../src-shared/api/client';
import { ConflictError, InvalidRequestError } from '../../src-shared/errors/domain-error';
import { FILE_PUT_MAX_BYTES, type StoredFileInfo } from '../../src-shared/api/files';
import type { Exchange } from '../../src-shared/traffic/exchange';
import { writeFileAtomic } from '../util/atomic-file';
import { FileStore } from './file-store';

export type FilesHandlerName = 'files/list' | 'files/delete' | 'files/put';

/** What changed in the store: a file added or replaced (by the API or a CPE's Upload), or deleted. */
export interface FileChange {
  name: string;
  deleted?: boolean;
}

export interface FileServiceDeps {
  store: FileStore;
  /** The store's base URL on the ACS (`AcsService.urls().files`), absent while the ACS is not listening. */
  baseUrl: () => string | undefined;
  onChange?: (change: FileChange) => void;
}

export interface FileService {
  handlers: Pick<ApiHandlers, FilesHandlerName>;
  /** Feed every recorded exchange here: a CPE's successful upload to the store becomes a change. */
  observe(exchange: Exchange): void;
}

/** Files larger than this are listed without a hash (hashing them would stall `files/list`). */
const HASH_LIMIT = 256 * 1024 * 1024;

/** The `files/*` API over the ACS's file store. */
export function createFileService(deps: FileServiceDeps): FileService {
  const { store } = deps;
  const hashes = new Map<string, { size: number; modified: number; sha256: string }>();
  // One chunked put per name at a time; chunks of one upload arrive in order.
  const locks = new Map<string, Promise<unknown>>();

  const partPath = (name: string): string => join(store.dir, `.put-${name}.part`);

  // Chunked puts abandoned by an earlier run (the app closed mid-upload) can never be continued.
  void readdir(store.dir)
    .then((names) => Promise.all(names.filter((n) => n.startsWith('.put-') && n.endsWith('.part')).map((n) => rm(join(store.dir, n), { force: true }))))
    .catch(() => undefined);

  const serialize = <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const prev = locks.get(name) ?? Promise.resolve();
    const next = prev.then(run, run);
    const settled = next.catch(() => undefined);
    locks.set(name, settled);
    void settled.then(() => {
      if (locks.get(name) === settled) locks.delete(name);
    });
    return next;
  };

  async function sha256Of(name: string, size: number, modified: number): Promise<string | undefined> {
    if (size > HASH_LIMIT) return undefined;
    const cached = hashes.get(name);
    if (cached && cached.size === size && cached.modified === modified) return cached.sha256;
    const hash = createHash('sha256');
    try {
      for await (const chunk of createReadStream(join(store.dir, name))) hash.update(chunk as Buffer);
    } catch {
      return undefined; // deleted or replaced while listing
    }
    const sha256 = hash.digest('hex');
    hashes.set(name, { size, modified, sha256 });
    return sha256;
  }

  async function info(name: string): Promise<StoredFileInfo> {
    const s = await stat(join(store.dir, name));
    const base = deps.baseUrl();
    const sha256 = await sha256Of(name, s.size, s.mtimeMs);
    return {
      name,
      size: s.size,
      modified: wholeMs(s.mtimeMs),
      ...(base ? { url: `${base}${encodeURIComponent(name)}` } : {}),
      ...(sha256 ? { sha256 } : {}),
    };
  }

  const handlers: FileService['handlers'] = {
    'files/list': async () => {
      const files: StoredFileInfo[] = [];
      for (const f of await store.list()) {
        const sha256 = await sha256Of(f.name, f.size, f.modifiedAt);
        const base = deps.baseUrl();
        files.push({
          name: f.name,
          size: f.size,
          modified: wholeMs(f.modifiedAt),
          ...(base ? { url: `${base}${encodeURIComponent(f.name)}` } : {}),
          ...(sha256 ? { sha256 } : {}),
        });
      }
      const base = deps.baseUrl();
      return { files, ...(base ? { url: base, uploadUrl: `${base}upload/` } : {}) };
    },
    'files/delete': async ({ name }) =>
      serialize(name, async () => {
        await rm(partPath(name), { force: true });
        const deleted = await store.remove(name);
        hashes.delete(name);
        if (deleted) deps.onChange?.({ name, deleted: true });
        return { deleted };
      }),
    'files/put': async ({ name, contentBase64, offset, final }) =>
      serialize(name, async () => {
        // The schema already checked the name; this is the store's own rule, in case the two ever drift.
        if (!FileStore.validName(name)) throw new InvalidRequestError(`files/put: invalid file name "${name.slice(0, 80)}"`);
        const data = Buffer.from(contentBase64, 'base64');
        if (offset + data.length > FILE_PUT_MAX_BYTES) throw new InvalidRequestError(`files/put: a file may not exceed ${FILE_PUT_MAX_BYTES} bytes`);
        const room = await store.room(name);
        if (offset + data.length > room.limit) throw new InvalidRequestError(`files/put: ${room.exceeded(offset + data.length)}`);
        const target = join(store.dir, name);
        let received: number;
        if (offset === 0 && final) {
          await writeFileAtomic(target, data);
          received = data.length;
        } else {
          const part = partPath(name);
          if (offset === 0) {
            await writeFile(part, data, { mode: 0o644 });
          } else {
            const have = (await stat(part).catch(() => null))?.size;
            if (have === undefined) throw new ConflictError(`files/put: no upload of "${name}" in progress (start with offset 0)`);
            if (have !== offset) throw new ConflictError(`files/put: "${name}" has ${have} bytes so far, not ${offset}`);
            await appendFile(part, data);
          }
          received = offset + data.length;
          if (!final) return { received };
          await rename(part, target);
        }
        hashes.delete(name);
        deps.onChange?.({ name });
        return { received, file: await info(name) };
      }),
  };

  return {
    handlers,
    observe(exchange) {
      if (exchange.kind !== 'file' || exchange.source !== 'acs' || exchange.response?.status !== 201) return;
      const method = exchange.request?.method;
      if (method !== 'PUT' && method !== 'POST') return;
      const path = (exchange.request?.url ?? '').split('?')[0];
      const last = path.slice(path.lastIndexOf('/') + 1);
      let name: string;
      try {
        name = decodeURIComponent(last);
      } catch {
        return;
      }
      if (!FileStore.validName(name)) return;
      hashes.delete(name);
      deps.onChange?.({ name });
    },
  };
}

/** File-system times carry fractions of a millisecond; the API speaks whole milliseconds like every other time. */
function wholeMs(t: number): number {
  return Math.floor(t);
}
