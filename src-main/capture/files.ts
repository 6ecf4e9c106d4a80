import { readFile, readdir, rename, rm, stat, mkdir } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { ConflictError, DomainError, InvalidRequestError, NotFoundError, OperationFailedError } from '../../src-shared/errors/domain-error';
import type { CaptureInfo } from '../../src-shared/api/captures';
import { parseCapture, type ParsedCapture } from '../../src-shared/capture/format';
import { detectCaptureFormat } from '../../src-shared/capture/detect';
import { importCaptureBytes } from './export-import';

export const CAPTURE_EXT = '.ndjson';

/** A safe capture file name: the given name with the capture extension, never a path. */
export function captureFileName(name: string): string {
  const base = name.replace(/[/\\\0]/g, '_').trim();
  if (!base || base === '.' || base === '..') throw new InvalidRequestError(`not a usable capture name: '${name}'`);
  return base.endsWith(CAPTURE_EXT) ? base : `${base}${CAPTURE_EXT}`;
}

/** `capture-2026-11-27T10-49-52` for a new capture. */
export function timestampName(now = new Date()): string {
  return `capture-${now.toISOString().slice(0, 19).replace(/:/g, '-')}${CAPTURE_EXT}`;
}

/** The captures folder and what is in it. */
export class CaptureFiles {
  constructor(readonly dir: string) {}

  async ensureDir(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
  }

  pathOf(name: string): string {
    return join(this.dir, captureFileName(name));
  }

  /** Resolves `{ name }` (in the folder) or `{ path }` (anywhere) to a path. */
  resolve(which: { name?: string; path?: string }): string {
    if (which.path !== undefined) {
      if (!isAbsolute(which.path)) return resolve(which.path);
      return which.path;
    }
    if (which.name !== undefined) return this.pathOf(which.name);
    throw new InvalidRequestError('give a capture name or path');
  }

  async info(path: string, recordingPath?: string): Promise<CaptureInfo> {
    let st;
    try {
      st = await stat(path);
    } catch {
      throw new NotFoundError(`no capture at ${path}`);
    }
    if (!st.isFile()) throw new InvalidRequestError(`${path} is not a file`);
    return { name: basename(path), path, size: st.size, modifiedAt: st.mtimeMs, recording: recordingPath === path };
  }

  async list(recordingPath?: string): Promise<CaptureInfo[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const out: CaptureInfo[] = [];
    for (const n of names) {
      if (!n.endsWith(CAPTURE_EXT)) continue;
      try {
        out.push(await this.info(join(this.dir, n), recordingPath));
      } catch {
        // Deleted between readdir and stat.
      }
    }
    return out.sort((a, b) => b.modifiedAt - a.modifiedAt);
  }

  /** Reads a capture: the workbench's own NDJSON, or a HAR, pcap or pcapng opened by path (told by content). */
  async read(path: string): Promise<ParsedCapture> {
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new NotFoundError(`no capture at ${path}`);
      if (code === 'EISDIR') throw new InvalidRequestError(`${path} is a folder, not a capture file`);
      throw new OperationFailedError(`cannot read ${path}: ${(err as Error).message}`);
    }
    const format = detectCaptureFormat(bytes);
    if (format !== null && format !== 'capture') {
      const r = importCaptureBytes(bytes, format);
      return { exchanges: r.exchanges, warnings: r.warnings };
    }
    return parseCapture(bytes.toString('utf8'));
  }

  async rename(name: string, newName: string): Promise<string> {
    const from = this.pathOf(name);
    const to = this.pathOf(newName);
    await this.info(from);
    try {
      await stat(to);
      throw new ConflictError(`a capture named ${basename(to)} already exists`);
    } catch (err) {
      if (err instanceof DomainError) throw err;
    }
    await rename(from, to);
    return to;
  }

  async delete(name: string): Promise<boolean> {
    const path = this.pathOf(name);
    try {
      await stat(path);
    } catch {
      return false;
    }
    await rm(path);
    return true;
  }
}
