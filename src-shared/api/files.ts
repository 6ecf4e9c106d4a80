import { z } from 'zod';
import { isValidFileName, type StoredFileInfo } from '../files/types';

export * from '../files/types';

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
