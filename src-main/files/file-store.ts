import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

export interface StoredFile {
  name: string;
  size: number;
  modifiedAt: number;
}

/** What happened on one file request, for the traffic record. */
export interface FileOutcome {
  status: number;
  /** Bytes sent or received. */
  bytes: number;
  error?: string;
}

/** File names the store accepts: no separators, no leading dot, nothing to escape the folder with. */
const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._ ()+-]{0,199}$/;

/**
 * Files for Download tasks (served under `/files/<name>` with Range and HEAD) and the target of Upload
 * tasks (`PUT`/`POST /upload/<name>`), kept in `<dataDir>/files/`.
 */
export class FileStore {
  constructor(
    readonly dir: string,
    private readonly maxUploadBytes = 2 * 1024 * 1024 * 1024,
  ) {}

  async init(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
  }

  static validName(name: string): boolean {
    return SAFE_NAME.test(name) && !name.includes('..');
  }

  async list(): Promise<StoredFile[]> {
    const out: StoredFile[] = [];
    for (const name of await readdir(this.dir)) {
      if (!FileStore.validName(name)) continue;
      const s = await stat(join(this.dir, name)).catch(() => null);
      if (s?.isFile()) out.push({ name, size: s.size, modifiedAt: s.mtimeMs });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  async remove(name: string): Promise<boolean> {
    if (!FileStore.validName(name)) return false;
    const s = await stat(join(this.dir, name)).catch(() => null);
    if (!s) return false;
    await rm(join(this.dir, name));
    return true;
  }

  /** GET or HEAD `/files/<name>`, honouring a single `Range`. */
  async serve(name: string, req: IncomingMessage, res: ServerResponse): Promise<FileOutcome> {
    if (!FileStore.validName(name)) return plain(res, 400, `Invalid file name "${name.slice(0, 80)}"`);
    const path = join(this.dir, name);
    const s = await stat(path).catch(() => null);
    if (!s?.isFile()) return plain(res, 404, `No file "${name}" in the file store`);
    let start = 0;
    let end = s.size - 1;
    let status = 200;
    const range = req.headers.range;
    if (range) {
      const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
      if (!m || (m[1] === '' && m[2] === '')) return rangeNotSatisfiable(res, s.size, `Unsupported Range "${range.slice(0, 80)}"`);
      if (m[1] === '') {
        start = Math.max(0, s.size - Number(m[2]));
      } else {
        start = Number(m[1]);
        if (m[2] !== '') end = Math.min(end, Number(m[2]));
      }
      if (start > end || start >= s.size) return rangeNotSatisfiable(res, s.size, `Range "${range}" is outside the file (${s.size} bytes)`);
      status = 206;
      res.setHeader('Content-Range', `bytes ${start}-${end}/${s.size}`);
    }
    const length = s.size === 0 ? 0 : end - start + 1;
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Content-Length', length);
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('Last-Modified', new Date(s.mtimeMs).toUTCString());
    if (req.method === 'HEAD' || length === 0) {
      res.end();
      return { status, bytes: 0 };
    }
    try {
      await pipeline(createReadStream(path, { start, end }), res);
      return { status, bytes: length };
    } catch (err) {
      return { status, bytes: 0, error: `Download interrupted: ${err instanceof Error ? err.message : String(err)}` };
    }
  }

  /** `PUT`/`POST /upload/<name>`: the body becomes the file (replacing any earlier one). */
  async receive(name: string, req: IncomingMessage, res: ServerResponse): Promise<FileOutcome> {
    if (!FileStore.validName(name)) {
      req.resume();
      return plain(res, 400, `Invalid file name "${name.slice(0, 80)}": use letters, digits, '.', '_', '-'`);
    }
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > this.maxUploadBytes) {
      req.resume();
      return plain(res, 413, `Upload of ${declared} bytes exceeds the ${this.maxUploadBytes}-byte limit`);
    }
    const tmp = join(this.dir, `.${name}.${process.pid}.${Date.now().toString(36)}.part`);
    let bytes = 0;
    let tooLarge = false;
    const limit = this.maxUploadBytes;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > limit && !tooLarge) {
        tooLarge = true;
        req.destroy(new Error('too large'));
      }
    });
    try {
      await pipeline(req, createWriteStream(tmp, { mode: 0o644 }));
      await rename(tmp, join(this.dir, name));
    } catch (err) {
      await rm(tmp, { force: true });
      if (tooLarge) return plain(res, 413, `Upload exceeds the ${limit}-byte limit`);
      return { status: 0, bytes, error: `Upload interrupted after ${bytes} bytes: ${err instanceof Error ? err.message : String(err)}` };
    }
    const outcome = plain(res, 201, `Stored ${name} (${bytes} bytes)`);
    return { ...outcome, bytes };
  }
}

function plain(res: ServerResponse, status: number, message: string): FileOutcome {
  if (!res.headersSent) {
    res.statusCode = status;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end(`${message}\n`);
  }
  return { status, bytes: 0, ...(status >= 400 ? { error: message } : {}) };
}

function rangeNotSatisfiable(res: ServerResponse, size: number, message: string): FileOutcome {
  res.setHeader('Content-Range', `bytes */${size}`);
  return plain(res, 416, message);
}
