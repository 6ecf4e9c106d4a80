/**
 * Which capture format a file is, from its content (never its name): pcap, pcapng, HAR, or the
 * workbench's own NDJSON capture file.
 */
import { CAPTURE_FORMAT } from './format';
import { isPcap } from './pcap/pcap-file';
import { isPcapng } from './pcap/pcapng';

export type CaptureFileFormat = 'capture' | 'har' | 'pcap' | 'pcapng';

/** Readable names, for messages. */
export const CAPTURE_FILE_FORMATS = 'a cwmp-workbench capture (NDJSON), HAR, pcap or pcapng';

function firstLine(bytes: Uint8Array, max: number): string {
  let s = '';
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (let i = start; i < Math.min(bytes.length, start + max); i++) {
    if (bytes[i] === 0x0a) break;
    s += String.fromCharCode(bytes[i]);
  }
  return s;
}

/** The format of a capture file's bytes, or null when it is none we read. */
export function detectCaptureFormat(bytes: Uint8Array): CaptureFileFormat | null {
  if (isPcapng(bytes)) return 'pcapng';
  if (isPcap(bytes)) return 'pcap';
  // The NDJSON header line is short; an exchange line may be long, so look far enough to parse one.
  const line = firstLine(bytes, 4 * 1024 * 1024).trim();
  if (line.startsWith('{')) {
    try {
      const v = JSON.parse(line) as Record<string, unknown>;
      if (v && typeof v === 'object') {
        if (v.format === CAPTURE_FORMAT || (typeof v.id === 'string' && typeof v.kind === 'string')) return 'capture';
      }
    } catch {
      // A first line that is not JSON by itself: a pretty-printed HAR (or no HAR, which its reader says).
    }
    return 'har';
  }
  return null;
}
