import { closeSync, fdatasync, fstatSync, openSync, writeSync } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir } from './atomic-file';

const SEGMENT = /^(\d{8,})\.ndjson$/;

export interface JournalContents {
  /** Every complete line of every segment, oldest first, parsed. */
  records: unknown[];
  /** Lines that could not be used (a torn last line after a crash is expected and reported too). */
  errors: string[];
  /** The segment numbers read, oldest first. */
  segments: number[];
}

/**
 * An append-only journal of JSON lines in numbered segment files (`<dir>/00000001.ndjson`, …).
 *
 * `append` writes synchronously: once it returns, the line is in the kernel and survives the process being
 * killed. Making it survive power loss is `fdatasync`'s job, which runs in the background and covers every
 * line appended while the previous one ran (group commit): one sync per batch, however many lines, so the
 * write rate is that of plain appends. `sealed()` closes the current segment so its content can be
 * compacted elsewhere and the segment then removed (`removeThrough`); appends go on in a new segment.
 */
export class AppendJournal {
  private fd: number | undefined;
  private segment: number;
  private bytes = 0;
  private dirty = false;
  private newFile = false;
  private syncing = false;
  private failed: Error | undefined;
  private waiters: Array<() => void> = [];

  private constructor(
    readonly dir: string,
    next: number,
  ) {
    this.segment = next;
  }

  /** Reads what is there and opens the journal for appending after it (in a new segment, made on first use). */
  static async open(dir: string): Promise<{ journal: AppendJournal; contents: JournalContents }> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const contents = await readJournal(dir);
    const last = contents.segments.at(-1) ?? 0;
    return { journal: new AppendJournal(dir, last + 1), contents };
  }

  /** Bytes in the current segment. */
  get size(): number {
    return this.bytes;
  }

  /** The current (open or next) segment number. */
  get current(): number {
    return this.segment;
  }

  /** The last write or sync failure (disk full); appends are refused after one. */
  get error(): Error | undefined {
    return this.failed;
  }

  /** Appends lines (each ending in `\n`), written before this returns; throws on a write failure. */
  append(text: string): void {
    if (this.failed) throw this.failed;
    const data = Buffer.from(text, 'utf8');
    if (data.length === 0) return;
    try {
      if (this.fd === undefined) {
        // Records may carry credentials: owner-only.
        this.fd = openSync(this.pathOf(this.segment), 'a', 0o600);
        this.bytes = fstatSync(this.fd).size;
        this.newFile = true;
      }
      let off = 0;
      while (off < data.length) off += writeSync(this.fd, data, off, data.length - off);
    } catch (err) {
      this.fail(err);
      throw this.failed;
    }
    this.bytes += data.length;
    this.dirty = true;
    this.scheduleSync();
  }

  /** Resolves once every line appended so far is on disk (rejects after a failure). */
  async durable(): Promise<void> {
    if (this.failed) throw this.failed;
    if (this.fd === undefined || (!this.dirty && !this.syncing)) return;
    await new Promise<void>((resolve) => {
      this.waiters.push(resolve);
      this.scheduleSync();
    });
    if (this.failed) throw this.failed;
  }

  /**
   * Makes the current segment durable, closes it and starts a new one at the next append. Returns the
   * number of the last sealed segment: everything up to it may be removed once compacted elsewhere.
   * A failure (disk full) is cleared: the caller compacts next, which writes whatever the segment lacks.
   */
  async seal(): Promise<number> {
    if (this.fd === undefined) {
      this.failed = undefined;
      return this.segment - 1;
    }
    await this.durable().catch(() => undefined);
    try {
      closeSync(this.fd);
    } catch {
      // Already unusable: the segment is given up either way.
    }
    this.fd = undefined;
    this.bytes = 0;
    this.failed = undefined;
    return this.segment++;
  }

  /** Removes every segment up to and including `segment` (never the open one). */
  async removeThrough(segment: number): Promise<void> {
    for (const n of await listSegments(this.dir)) {
      // The open segment always has a higher number than any sealed one.
      if (n > segment || n >= this.segment) continue;
      await rm(this.pathOf(n), { force: true });
    }
    await fsyncDir(this.dir);
  }

  /** Syncs and closes (appends reopen a segment). */
  async close(): Promise<void> {
    await this.seal().catch(() => undefined);
  }

  private pathOf(n: number): string {
    return join(this.dir, `${String(n).padStart(8, '0')}.ndjson`);
  }

  private scheduleSync(): void {
    if (this.syncing) return;
    if (this.fd === undefined || !this.dirty || this.failed) {
      this.release();
      return;
    }
    this.syncing = true;
    this.dirty = false;
    const fd = this.fd;
    const newFile = this.newFile;
    this.newFile = false;
    fdatasync(fd, (err) => {
      const done = (e: Error | null): void => {
        this.syncing = false;
        // A failure on a segment sealed meanwhile is no longer this journal's.
        if (e && this.fd === fd) this.fail(e);
        this.scheduleSync();
      };
      if (err || !newFile) return done(err);
      // A new segment's directory entry must be durable too, or power loss could lose the whole file.
      fsyncDir(this.dir).then(() => done(null), done);
    });
  }

  private release(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private fail(err: unknown): void {
    this.failed ??= err instanceof Error ? err : new Error(String(err));
    this.release();
  }
}

async function listSegments(dir: string): Promise<number[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  return names
    .map((n) => SEGMENT.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

/** Every segment's lines, oldest first. A line cut short by a crash (no newline, bad JSON) is skipped. */
export async function readJournal(dir: string): Promise<JournalContents> {
  const segments = await listSegments(dir);
  const records: unknown[] = [];
  const errors: string[] = [];
  for (const n of segments) {
    const name = `${String(n).padStart(8, '0')}.ndjson`;
    const text = await readFile(join(dir, name), 'utf8');
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (line.trim() === '') continue;
      try {
        records.push(JSON.parse(line));
      } catch {
        const torn = i === lines.length - 1;
        errors.push(torn ? `${name}: last line cut short by a crash (${line.length} characters); skipped` : `${name}: line ${i + 1} is not JSON; skipped`);
      }
    }
  }
  return { records, errors, segments };
}


