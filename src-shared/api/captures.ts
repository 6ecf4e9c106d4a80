import { z } from 'zod';
import type { Exchange } from '../traffic/exchange';
import type { CaptureWarning } from '../capture/format';
import type { CwmpSession } from '../capture/sessions';
import type { CaptureExportFormat, CaptureInfo } from '../capture/info';

export type * from '../capture/info';

const name = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^/\\\0]+$/, 'a file name, not a path')
  .refine((s) => s !== '.' && s !== '..', 'a file name, not a path');
/** A capture in the captures folder by `name`, or any file by absolute `path` (a file a customer sent). */
const which = { name: name.optional(), path: z.string().min(1).max(4096).optional() };
const needsOne = (v: { name?: string; path?: string }): boolean => (v.name === undefined) !== (v.path === undefined);
const oneOf = 'give exactly one of name or path';

export const capturesMethods = {
  'captures/list': { params: z.object({}).strict() },
  /** Reads a capture: its exchanges (optionally a window of them), sessions and any warnings (a torn last line). */
  'captures/open': {
    params: z
      .object({ ...which, offset: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(1_000_000).optional() })
      .strict()
      .refine(needsOne, oneOf),
  },
  'captures/sessions': { params: z.object({ ...which }).strict().refine(needsOne, oneOf) },
  'captures/rename': { params: z.object({ name, newName: name }).strict() },
  'captures/delete': { params: z.object({ name }).strict() },
  /**
   * Exports a capture. With `destination` (a file, or a folder for `xml-folder`) the result is written
   * there; without, it comes back in the result (for a browser download).
   */
  'captures/export': {
    params: z
      .object({
        ...which,
        format: z.enum(['har', 'xml-folder', 'transcript', 'pcapng']),
        /** Required for `xml-folder`: which CWMP session. Optional for the others: only that session. */
        sessionId: z.string().min(1).max(200).optional(),
        /** Only these exchanges (a selection in the view). */
        exchangeIds: z.array(z.string().min(1).max(200)).max(1_000_000).optional(),
        destination: z.string().min(1).max(4096).optional(),
        /** Transcript only: include message bodies. */
        bodies: z.boolean().optional(),
      })
      .strict()
      .refine(needsOne, oneOf),
  },
  /**
   * Imports a capture file (the workbench's own, HAR, pcap, pcapng: detected from the content) or a
   * numbered-XML folder (by `path`), or a file's content (`content`; binary files as base64 with
   * `contentEncoding: 'base64'`), as a new capture.
   */
  'captures/import': {
    params: z
      .object({
        path: z.string().min(1).max(4096).optional(),
        content: z.string().max(512 * 1024 * 1024).optional(),
        contentEncoding: z.enum(['utf8', 'base64']).optional(),
        format: z.enum(['har', 'xml-folder', 'capture', 'pcap', 'pcapng']).optional(),
        name: name.optional(),
      })
      .strict()
      .refine((v) => (v.path === undefined) !== (v.content === undefined), 'give exactly one of path or content'),
  },
  'captures/current': { params: z.object({}).strict() },
  /** Starts recording every exchange (ACS and proxies) into a new capture. */
  'captures/start': { params: z.object({ name: name.optional() }).strict() },
  'captures/stop': { params: z.object({}).strict() },
} as const;

export interface CapturesResults {
  'captures/list': { captures: CaptureInfo[]; dir: string };
  'captures/open': { capture: CaptureInfo; exchanges: Exchange[]; total: number; sessions: CwmpSession[]; warnings: CaptureWarning[] };
  'captures/sessions': { sessions: CwmpSession[]; warnings: CaptureWarning[] };
  'captures/rename': { capture: CaptureInfo };
  'captures/delete': { deleted: boolean };
  'captures/export': {
    format: CaptureExportFormat;
    /** Where it was written, when a destination was given. */
    path?: string;
    /** The HAR JSON or transcript text, when no destination was given. */
    content?: string;
    /** The file's bytes as base64, for `pcapng` without a destination. */
    data?: string;
    /** The numbered XML files, for `xml-folder` without a destination. */
    files?: Array<{ name: string; content: string }>;
  };
  'captures/import': { capture: CaptureInfo; exchanges: number; warnings: string[] };
  'captures/current': { recording: boolean; capture?: CaptureInfo };
  'captures/start': { capture: CaptureInfo };
  'captures/stop': { capture?: CaptureInfo };
}
