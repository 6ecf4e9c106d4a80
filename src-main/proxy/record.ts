import { isUtf8 } from 'node:buffer';
import type { CwmpSummary, HttpHeaders, RecordedBody } from '../../src-shared/traffic/exchange';
import { decodeBody } from '../capture/decode-body';
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

/**
 * The recorded copy of one message: the body as it went on the wire, or with its Content-Encoding undone
 * (marked) so it can be read; plus the CWMP summary. An empty body has no summary.
 */
export function recordMessage(bytes: Buffer, wireSize: number, truncated: boolean, headers: HttpHeaders): RecordedMessage {
  if (wireSize === 0) return { body: { encoding: 'utf8', data: '', size: 0 } };
  const encoding = headerValue(headers, 'content-encoding');
  if (truncated) {
    return {
      body: recordedBody(bytes, wireSize, true),
      summary: { rpc: null, warnings: [], error: `body larger than the recording limit (${wireSize} bytes); not decoded` },
    };
  }
  const d = decodeBody(bytes, headerValue(headers, 'content-type'), encoding);
  const body = d.decoded ? recordedBody(d.decoded, wireSize) : recordedBody(bytes, wireSize);
  if (d.decoded && encoding) body.contentEncoding = encoding;
  return { body, summary: d.summary, deviceId: d.deviceId };
}
