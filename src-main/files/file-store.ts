import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
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

/** The store's size limits (the ACS settings `fileMaxBytes` and `fileStoreMaxBytes`), read per request. */
export interface FileLimits {
  maxFileBytes: number;
  maxStoreBytes: number;
}

/** How many bytes `name` may have now, and why more would be refused. */
export interface FileRoom {
  limit: number;
  /** The reason an upload of `bytes` is refused, naming the setting. */
  exceeded(bytes: number): string;
}

const DEFAULT_LIMITS: FileLimits = { maxFileBytes: 2 * 1024 ** 3, maxStoreBytes: 8 * 1024 ** 3 };

/** File names the store accepts: no separators, no leading dot, nothing to escape the folder with. */
const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._ ()+-]{0,199}$/;

/**
 * Files for Download tasks (served under `/files/<name>` with Range and HEAD) and the target of Upload
 * tasks (`PUT`/`POST /upload/<name>`), kept in `<dataDir>/files/`.
 */
export class FileStore {
  constructor(
    readonly dir: string,
    private readonly limits: () => FileLimits = () => DEFAULT_LIMITS,
  ) {}

  /**
   * Room for `name`: the per-file limit, or what the store limit leaves beside the other files (a file
   * being replaced does not count against itself).
   */
  async room(name: string): Promise<FileRoom> {
    const { maxFileBytes, maxStoreBytes } = this.limits();
    let others = 0;
    for (const f of await this.list()) if (f.name !== name) others += f.size;
    const free = Math.max(0, maxStoreBytes - others);
    return {
      limit: Math.min(maxFileBytes, free),
      exceeded: (bytes) =>
        bytes > maxFileBytes
          ? `${bytes} bytes exceed the ${maxFileBytes}-byte limit per file (fileMaxBytes setting)`
          : `${bytes} bytes would take the file store over its ${maxStoreBytes}-byte limit (fileStoreMaxBytes setting; ${others} bytes in other files)`,
    };
  }

  async init(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    // Partial uploads left by a previous run that ended mid-upload (only this class's own temp names).
    for (const name of await readdir(this.dir)) {
      if (name.startsWith('.') && name.endsWith(PART)) await rm(join(this.dir, name), { force: true });
    }
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

  /**
   * `PUT`/`POST /upload/<name>`: the body streams to a hidden temp file (never listed nor served: its name
   * starts with '.') that replaces `<name>` only once complete. A sender silent for `idleMs` mid-body
   * (0 = no bound) gets 408 with `Connection: close`; a slow but moving upload is never cut off. Any
   * failure removes the temp file.
   */
  async receive(name: string, req: IncomingMessage, res: ServerResponse, idleMs = 0): Promise<FileOutcome> {
    if (!FileStore.validName(name)) {
      req.resume();
      return plain(res, 400, `Invalid file name "${name.slice(0, 80)}": use letters, digits, '.', '_', '-'`);
    }
    const room = await this.room(name);
    const limit = room.limit;
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > limit) return closing(req, res, 413, `Upload refused: ${room.exceeded(declared)}`);
    const tmp = join(this.dir, `.${name}.${process.pid}.${(tmpSeq++).toString(36)}.${Date.now().toString(36)}${PART}`);
    const out = createWriteStream(tmp, { mode: 0o644 });
    const ended = await streamBody(req, out, limit, idleMs);
    const bytes = ended.bytes;
    if (ended.ok) {
      try {
        await rename(tmp, join(this.dir, name));
      } catch (err) {
        await rm(tmp, { force: true });
        return plain(res, 500, `Could not store ${name}: ${err instanceof Error ? err.message : String(err)}`);
      }
      return { ...plain(res, 201, `Stored ${name} (${bytes} bytes)`), bytes };
    }
    if (!out.destroyed) out.destroy();
    if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
    await rm(tmp, { force: true });
    switch (ended.reason) {
      case 'too-large':
        return { ...closing(req, res, 413, `Upload refused: ${room.exceeded(bytes)} (${bytes} bytes received); the partial file was discarded`), bytes };
      case 'stalled':
        return {
          ...closing(req, res, 408, `The CPE stopped sending the upload for ${formatSeconds(idleMs)} after ${bytes} bytes (sessionTimeoutMs setting); the partial file was discarded`),
          bytes,
        };
      case 'write-failed':
        return { ...closing(req, res, 500, `Could not write the upload to disk after ${bytes} bytes: ${ended.message}; the partial file was discarded`), bytes };
      case 'aborted':
        return { status: 0, bytes, error: `The CPE closed the connection mid-upload after ${bytes} bytes (${ended.message}); the partial file was discarded` };
      default:
        return assertNever(ended.reason);
    }
  }
}

/** Suffix of `receive`'s temp files (distinct from the `files/put` API's `.put-<name>.part`). */
const PART = '.recv.part';
let tmpSeq = 0;

type BodyEnd = { ok: true; bytes: number } | { ok: false; bytes: number; reason: 'too-large' | 'stalled' | 'aborted' | 'write-failed'; message: string };

/**
 * Streams `req` into `out` with backpressure (never the whole body in memory), stopping at `limit` bytes or
 * after `idleMs` without a byte from the sender. The idle clock stops while the disk, not the sender, is
 * the slow side. Resolves once `out` has flushed (ok) or the body is given up on.
 */
function streamBody(req: IncomingMessage, out: WriteStream, limit: number, idleMs: number): Promise<BodyEnd> {
  return new Promise((resolve) => {
    let bytes = 0;
    let settled = false;
    let idle: NodeJS.Timeout | null = null;
    const arm = (): void => {
      if (idleMs <= 0 || settled) return;
      if (idle) idle.refresh();
      else idle = setTimeout(() => fail('stalled', 'no bytes'), idleMs);
    };
    const disarm = (): void => {
      if (idle) clearTimeout(idle);
      idle = null;
    };
    const settle = (end: BodyEnd): void => {
      if (settled) return;
      settled = true;
      disarm();
      req.off('data', onData);
      resolve(end);
    };
    const fail = (reason: 'too-large' | 'stalled' | 'aborted' | 'write-failed', message: string): void => {
      // Stop reading: the rest of the body is not wanted (the connection is closed once answered).
      req.pause();
      settle({ ok: false, bytes, reason, message });
    };
    const onData = (chunk: Buffer): void => {
      if (settled) return;
      bytes += chunk.length;
      if (bytes > limit) return fail('too-large', `over ${limit} bytes`);
      if (out.write(chunk)) return arm();
      // The disk is behind: wait for it without counting that against the sender.
      disarm();
      req.pause();
      out.once('drain', () => {
        if (settled) return;
        arm();
        req.resume();
      });
    };
    req.on('data', onData);
    req.on('end', () => {
      if (settled) return;
      disarm();
      out.end((err?: Error | null) => (err ? fail('write-failed', err.message) : settle({ ok: true, bytes })));
    });
    req.on('aborted', () => fail('aborted', 'connection reset'));
    req.on('error', (err) => fail('aborted', err.message));
    req.on('close', () => {
      if (!req.complete) fail('aborted', 'connection closed');
    });
    out.on('error', (err) => fail('write-failed', err.message));
    arm();
  });
}

/** Answers with `Connection: close` and drops the connection once the answer is out (the body is unread). */
function closing(req: IncomingMessage, res: ServerResponse, status: number, message: string): FileOutcome {
  if (!res.headersSent) res.setHeader('Connection', 'close');
  res.once('finish', () => req.socket.destroy());
  return plain(res, status, message);
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function assertNever(x: never): never {
  throw new Error(`Unexpected ${String(x)}`);
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
