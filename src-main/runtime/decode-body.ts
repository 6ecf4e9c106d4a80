import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import type { CwmpMessage } from '../../src-shared/cwmp/types';
import type { CwmpSummary } from '../../src-shared/traffic/exchange';
import { parseCwmp, summarize } from '../../src-shared/cwmp/index';

export interface DecodedBody {
  summary: CwmpSummary;
  message?: CwmpMessage;
  /** `OUI-ProductClass-SerialNumber` when the message is an Inform. */
  deviceId?: string;
  /** The bytes after undoing Content-Encoding, when there was one that could be undone. */
  decoded?: Buffer;
}

/** Undoes a Content-Encoding (gzip, deflate, br) on a recorded copy; throws when it cannot. */
export function undoContentEncoding(bytes: Buffer, encoding: string): Buffer {
  const codings = encoding
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== 'identity');
  let out = bytes;
  for (const coding of codings.reverse()) {
    switch (coding) {
      case 'gzip':
      case 'x-gzip':
        out = gunzipSync(out);
        break;
      case 'deflate':
        // Some senders use raw deflate despite the name.
        try {
          out = inflateSync(out);
        } catch {
          out = inflateRawSync(out);
        }
        break;
      case 'br':
        out = brotliDecompressSync(out);
        break;
      default:
        throw new Error(`unsupported Content-Encoding ${coding}`);
    }
  }
  return out;
}

/**
 * Decodes a recorded body for display and the trace: never throws; what does not decode comes back with
 * `summary.error` set and the raw bytes untouched.
 */
export function decodeBody(bytes: Buffer, contentType?: string, contentEncoding?: string): DecodedBody {
  let body = bytes;
  let decoded: Buffer | undefined;
  if (contentEncoding && contentEncoding.trim().toLowerCase() !== 'identity' && bytes.length > 0) {
    try {
      decoded = undoContentEncoding(bytes, contentEncoding);
      body = decoded;
    } catch (err) {
      return {
        summary: { rpc: null, warnings: [], error: `Content-Encoding ${contentEncoding} could not be undone: ${(err as Error).message}` },
      };
    }
  }
  try {
    const result = parseCwmp(body, { contentType });
    const summary = summarize(result);
    const out: DecodedBody = { summary };
    if (decoded) out.decoded = decoded;
    if (result.ok) {
      out.message = result.message;
      const rpc = result.message.rpc;
      if (rpc && rpc.name === 'Inform') {
        const d = rpc.deviceId;
        out.deviceId = `${d.oui}-${d.productClass}-${d.serialNumber}`;
      }
    }
    return out;
  } catch (err) {
    // The codec should not throw; if it does, the body is still forwarded and recorded raw.
    return { summary: { rpc: null, warnings: [], error: `decoder failed: ${(err as Error).message}` } };
  }
}

/** `decodeBody` for text (imports), in the shape the shared import functions take. */
export function summarizeText(text: string, contentType?: string): { summary: CwmpSummary; deviceId?: string } {
  const d = decodeBody(Buffer.from(text, 'utf8'), contentType);
  return d.deviceId ? { summary: d.summary, deviceId: d.deviceId } : { summary: d.summary };
}
