import { closeSync, fdatasync, fsyncSync, mkdirSync, openSync, readdirSync, readSync, writeSync, fstatSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { Exchange } from '../../src-shared/traffic/exchange';
import { captureHeaderLine, exchangeLine } from '../../src-shared/capture/format';
import type { TrafficSink } from '../runtime/traffic-sink';

export interface CaptureWriterOptions {
  /** Start a new file once the current one passes this size. Default 256 MiB. */
  rotateBytes?: number;
  /** Told of each new file (the first one and every rotation). */
  onFile?: (path: string) => void;
  /** Told of write failures (disk full); recording stops on the first one. */
  onError?: (err: Error) => void;
  writer?: string;
}

/**
 * Appends each exchange to an NDJSON capture file when it starts (its request, before the recorder acts on
 * it) and again when it finishes (before the response is sent, where the recorder can): a later line with
 * the same id replaces the earlier one when read, and the request that crashed the process is still there.
 * Each line is written to the file at once (a killed process loses nothing); fdatasync runs in the background and
 * covers every line written while the previous one ran (group commit), so power loss costs at most the
 * last few milliseconds while throughput stays that of plain appends. The file is created on the first
 * exchange, so an idle session leaves no empty capture behind.
 */
export class CaptureWriter implements TrafficSink {
  private fd: number | undefined;
  private bytes = 0;
  private part = 1;
  private dirty = false;
  private opened = false;
  private syncing = false;
  private closed = false;
  private failed: Error | undefined;
  private idleWaiters: Array<() => void> = [];
  private currentPath: string;
  readonly firstPath: string;
  /** Finished exchanges written so far (all files). */
  written = 0;

  constructor(
    path: string,
    private readonly options: CaptureWriterOptions = {},
  ) {
    this.currentPath = path;
    this.firstPath = path;
  }

  get path(): string {
    return this.currentPath;
  }

  /** Whether the file exists yet (it is made with the first exchange). */
  get hasFile(): boolean {
    return this.opened;
  }

  get error(): Error | undefined {
    return this.failed;
  }

  /** Follows a rename of the file being written (the open descriptor keeps working on POSIX). */
  renamed(to: string): void {
    this.currentPath = to;
  }

  record(exchange: Exchange): void {
    if (this.closed || this.failed) return;
    try {
      if (this.fd === undefined) this.openFile();
      const line = Buffer.from(exchangeLine(exchange), 'utf8');
      let off = 0;
      while (off < line.length) off += writeSync(this.fd!, line, off, line.length - off);
      this.bytes += line.length;
      if (exchange.finishedAt !== undefined) this.written++;
      this.dirty = true;
      this.scheduleSync();
      const limit = this.options.rotateBytes ?? 256 * 1024 * 1024;
      if (this.bytes >= limit) this.rotate();
    } catch (err) {
      this.fail(err);
    }
  }

  /** Resolves once everything written so far is on disk. */
  async flush(): Promise<void> {
    if (this.fd === undefined || (!this.dirty && !this.syncing)) return;
    await new Promise<void>((resolve) => {
      this.idleWaiters.push(resolve);
      this.scheduleSync();
    });
  }

  /** Flushes and closes; further records are ignored. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // Already closed by a failure path.
      }
      this.fd = undefined;
    }
  }

  private openFile(continues?: string): void {
    mkdirSync(dirname(this.currentPath), { recursive: true });
    // Captures hold Authorization headers (Basic carries the password): owner-only.
    this.fd = openSync(this.currentPath, 'a+', 0o600);
    this.opened = true;
    this.bytes = fstatSync(this.fd).size;
    if (this.bytes > 0 && !endsWithNewline(this.fd, this.bytes)) {
      // A crash tore the last line: end it, or the first line appended here would join it and be lost too.
      writeSync(this.fd, '\n');
      this.bytes++;
    }
    if (this.bytes === 0) {
      const header = Buffer.from(captureHeaderLine({ createdAt: Date.now(), writer: this.options.writer, ...(continues ? { continues } : {}) }));
      writeSync(this.fd, header);
      this.bytes = header.length;
    }
    this.options.onFile?.(this.currentPath);
  }

  private rotate(): void {
    const fd = this.fd!;
    // The finished part gets a synchronous fsync: it is closed right after and nothing would cover it.
    fsyncSync(fd);
    closeSync(fd);
    this.fd = undefined;
    const previous = basename(this.currentPath);
    const ext = extname(this.firstPath);
    const stem = this.firstPath.slice(0, this.firstPath.length - ext.length);
    const partExt = ext || '.ndjson';
    // A reopened capture may already have parts: the new one comes after all of them, never into one.
    this.part = Math.max(this.part, highestPart(dirname(this.firstPath), basename(stem), partExt)) + 1;
    this.currentPath = join(`${stem}.part${this.part}${partExt}`);
    this.openFile(previous);
  }

  private scheduleSync(): void {
    if (this.syncing || this.fd === undefined) {
      if (this.fd === undefined) this.releaseWaiters();
      return;
    }
    if (!this.dirty) {
      this.releaseWaiters();
      return;
    }
    this.syncing = true;
    this.dirty = false;
    const fd = this.fd;
    fdatasync(fd, (err) => {
      this.syncing = false;
      if (err && this.fd === fd) this.fail(err);
      this.scheduleSync();
    });
  }

  private releaseWaiters(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private fail(err: unknown): void {
    this.failed = err instanceof Error ? err : new Error(String(err));
    this.options.onError?.(this.failed);
    this.releaseWaiters();
  }
}

function endsWithNewline(fd: number, size: number): boolean {
  const last = Buffer.alloc(1);
  return readSync(fd, last, 0, 1, size - 1) === 1 && last[0] === 0x0a;
}

/** The highest N of the existing `<stem>.partN<ext>` files in `dir` (1 when there are none). */
function highestPart(dir: string, stem: string, ext: string): number {
  let highest = 1;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return highest;
  }
  const prefix = `${stem}.part`;
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(ext)) continue;
    const digits = name.slice(prefix.length, name.length - ext.length);
    if (/^\d+$/.test(digits)) highest = Math.max(highest, Number(digits));
  }
  return highest;
}
