import { z } from 'zod';

/**
 * File names the store accepts (the same rule as the ACS's file store): letters, digits and `._ ()+-`,
 * not starting with a dot, no separators, no `..`, at most 200 characters. Nothing can leave the folder.
 */
export const FILE_NAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._ ()+-]{0,199}$/;

export function isValidFileName(name: string): boolean {
  return FILE_NAME_PATTERN.test(name) && !name.includes('..');
}

/**
 * Turns a name from the user's disk (`Firmware v2 (ü).bin`, `../x`) into one the store accepts: the base
 * name only, other characters as `_`, dots never leading or doubled. Returns '' when nothing usable is left.
 */
export function sanitizeFileName(raw: string): string {
  const base = raw.split(/[/\\]/).pop() ?? '';
  let name = base
    .replace(/[^A-Za-z0-9._ ()+-]/g, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^[^A-Za-z0-9_]+/, '')
    .slice(0, 200)
    .trim();
  if (!/[A-Za-z0-9]/.test(name)) name = '';
  return isValidFileName(name) ? name : '';
}

/** Largest decoded chunk one `files/put` call carries (the API transports cap a message at 16 MiB). */
export const FILE_PUT_CHUNK_BYTES = 8 * 1024 * 1024;
/** Largest file `files/put` assembles from chunks. */
export const FILE_PUT_MAX_BYTES = 2 * 1024 * 1024 * 1024;

const fileName = z
  .string()
  .min(1)
  .max(200)
  .refine(isValidFileName, 'a plain file name (letters, digits, . _ - + ( ) and spaces; no path, no leading dot, no "..")');

const base64 = z
  .string()
  .max(Math.ceil(FILE_PUT_CHUNK_BYTES / 3) * 4, `at most ${FILE_PUT_CHUNK_BYTES} bytes per call (send larger files in chunks with offset)`)
  .refine((s) => s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s), 'contentBase64 must be standard base64');

/** A file in the store, as served to CPEs for Download tasks (or stored by their Upload). */
export interface StoredFileInfo {
  name: string;
  size: number;
  /** Last modification, ms since epoch. */
  modified: number;
  /** What a CPE fetches it from (the ACS's HTTP listener), when the ACS is listening. */
  url?: string;
  /** Hex SHA-256 of the content (files up to 256 MiB; larger ones are not hashed). */
  sha256?: string;
}

export const filesMethods = {
  /** The file store: files for Download tasks and what Upload tasks stored. */
  'files/list': { params: z.object({}).strict() },
  'files/delete': { params: z.object({ name: fileName }).strict() },
  /**
   * Adds (or replaces) a file. Small files in one call; larger ones in chunks: the first with `offset` 0,
   * each next one at the size sent so far, the last with `final: true` (the default). The file appears in
   * the store only once complete.
   */
  'files/put': {
    params: z
      .object({
        name: fileName,
        contentBase64: base64,
        offset: z.number().int().min(0).max(FILE_PUT_MAX_BYTES).default(0),
        final: z.boolean().default(true),
      })
      .strict(),
  },
} as const;

export interface FilesResults {
  'files/list': {
    files: StoredFileInfo[];
    /** Base URL of the store (`<url><name>` to download), when the ACS is listening. */
    url?: string;
    /** Where Upload tasks send files (`<uploadUrl><name>`, PUT or POST), when the ACS is listening. */
    uploadUrl?: string;
  };
  'files/delete': { deleted: boolean };
  /** `file` once the last chunk is in; `received` = bytes stored so far. */
  'files/put': { received: number; file?: StoredFileInfo };
}
