/**
 * The capture file: NDJSON, append-only. The first line is a header, every other line one completed
 * `Exchange` as JSON. Readers skip what they cannot use and say so, so a file cut short by a crash (or
 * edited by hand) still opens.
 */
import type { Exchange } from '../traffic/exchange';

export const CAPTURE_FORMAT = 'cwmp-workbench-capture';
export const CAPTURE_VERSION = 1;

/** The first line of a capture file. */
export interface CaptureHeader {
  format: typeof CAPTURE_FORMAT;
  version: number;
  createdAt: number;
  /** Who wrote it, e.g. `cwmp-workbench 0.1.0`. */
  writer?: string;
  /** The file this one continues after rotation. */
  continues?: string;
}

export interface CaptureWarning {
  /** 1-based line number; absent for a warning about a file that is not line-based (pcap, HAR). */
  line?: number;
  message: string;
}

export interface ParsedCapture {
  header?: CaptureHeader;
  exchanges: Exchange[];
  warnings: CaptureWarning[];
}

/** The header line (with its newline) for a new capture file. */
export function captureHeaderLine(header: Omit<CaptureHeader, 'format' | 'version'>): string {
  return `${JSON.stringify({ format: CAPTURE_FORMAT, version: CAPTURE_VERSION, ...header })}\n`;
}

/** One exchange as a capture line (with its newline). */
export function exchangeLine(exchange: Exchange): string {
  return `${JSON.stringify(exchange)}\n`;
}

function isExchange(v: unknown): v is Exchange {
  if (typeof v !== 'object' || v === null) return false;
  const x = v as Record<string, unknown>;
  return (
    typeof x.id === 'string' &&
    typeof x.kind === 'string' &&
    typeof x.startedAt === 'number' &&
    typeof x.connection === 'object' &&
    x.connection !== null
  );
}

/**
 * Parses a capture file's text. A last line without its newline is a write cut short by a crash: skipped
 * with a warning. Other bad lines are skipped with a warning too; a later line with the same id replaces
 * the earlier one.
 */
export function parseCapture(text: string): ParsedCapture {
  const warnings: CaptureWarning[] = [];
  const byId = new Map<string, Exchange>();
  let header: CaptureHeader | undefined;
  const lines = text.split('\n');
  const endsWithNewline = text.endsWith('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') continue;
    const isLast = i === lines.length - 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      warnings.push({
        line: i + 1,
        message:
          isLast && !endsWithNewline
            ? `last line is incomplete (${line.length} characters): the recording was interrupted mid-write; skipped`
            : `line ${i + 1} is not valid JSON; skipped`,
      });
      continue;
    }
    if (typeof value === 'object' && value !== null && (value as { format?: unknown }).format === CAPTURE_FORMAT) {
      header = value as CaptureHeader;
      if (header.version > CAPTURE_VERSION) {
        warnings.push({ line: i + 1, message: `capture format version ${header.version} is newer than this program's (${CAPTURE_VERSION}); reading what it can` });
      }
      continue;
    }
    if (!isExchange(value)) {
      warnings.push({ line: i + 1, message: `line ${i + 1} is not an exchange record; skipped` });
      continue;
    }
    if (byId.has(value.id)) byId.delete(value.id);
    byId.set(value.id, value);
  }
  const exchanges = [...byId.values()].sort((a, b) => a.startedAt - b.startedAt);
  return { header, exchanges, warnings };
}
