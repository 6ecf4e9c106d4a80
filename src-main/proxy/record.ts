import { isUtf8 } from 'node:buffer';
import type { CwmpSummary, HttpHeaders, RecordedBody } from '../../src-shared/traffic/exchange';
import { decodeBody } from '../runtime/decode-body';
import type { DecodePool } from '../decode-worker/decode-pool';
import { headerValue } from './headers';

/** A recorded body from bytes: UTF-8 when valid, else base64 (Buffer-backed: fast on the hot path). */
export function recordedBody(bytes: Buffer, wireSize = bytes.length, truncated = false): RecordedBody {
  const body: RecordedBody = isUtf8(bytes)
    ? { encoding: 'utf8', data: bytes.toString('utf8'), size: wireSize }
    : { encoding: 'base64', data: bytes.toString('base64'), size: wireSize };
  if (truncated) body.truncated = true;
  return body;
}

export interface RecordedMessage {
  body: RecordedBody;
  summary?: CwmpSummary;
  deviceId?: string;
}

/** The messages that need no decoding: empty bodies, and bodies cut at the recording limit. */
function undecoded(bytes: Buffer, wireSize: number, truncated: boolean): RecordedMessage | undefined {
  if (wireSize === 0) return { body: { encoding: 'utf8', data: '', size: 0 } };
  if (truncated) {
    return {
      body: recordedBody(bytes, wireSize, true),
      summary: { rpc: null, warnings: [], error: `body larger than the recording limit (${wireSize} bytes); not decoded` },
    };
  }
  return undefined;
}

function assemble(bytes: Buffer, wireSize: number, encoding: string | undefined, d: { summary: CwmpSummary; deviceId?: string; decoded?: Buffer }): RecordedMessage {
  const body = d.decoded ? recordedBody(d.decoded, wireSize) : recordedBody(bytes, wireSize);
  if (d.decoded && encoding) body.contentEncoding = encoding;
  return { body, summary: d.summary, deviceId: d.deviceId };
}

/**
 * The recorded copy of one message: the body as it went on the wire, or with its Content-Encoding undone
 * (marked) so it can be read; plus the CWMP summary. An empty body has no summary.
 */
export function recordMessage(bytes: Buffer, wireSize: number, truncated: boolean, headers: HttpHeaders): RecordedMessage {
  const early = undecoded(bytes, wireSize, truncated);
  if (early) return early;
  const encoding = headerValue(headers, 'content-encoding');
  return assemble(bytes, wireSize, encoding, decodeBody(bytes, headerValue(headers, 'content-type'), encoding));
}

/**
 * `recordMessage` with the decoding done by `pool` (off this thread): the same record, later. Messages
 * that need no decoding come back at once, not as a promise.
 */
export function recordMessageVia(pool: DecodePool, bytes: Buffer, wireSize: number, truncated: boolean, headers: HttpHeaders): RecordedMessage | Promise<RecordedMessage> {
  const early = undecoded(bytes, wireSize, truncated);
  if (early) return early;
  const encoding = headerValue(headers, 'content-encoding');
  return pool.decode(bytes, headerValue(headers, 'content-type'), encoding).then((d) => assemble(bytes, wireSize, encoding, d as { summary: CwmpSummary; deviceId?: string; decoded?: Buffer }));
}
