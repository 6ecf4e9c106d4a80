import type { DecodedBody } from '../../src-shared/api/traffic';
import { parseCwmp } from '../../src-shared/cwmp/index';
import type { HttpHeaders, RecordedBody } from '../../src-shared/traffic/exchange';
import { undoContentEncoding } from './decode-body';

export function bodyBytes(body: RecordedBody): Buffer {
  return Buffer.from(body.data, body.encoding === 'base64' ? 'base64' : 'utf8');
}

function headerValue(headers: HttpHeaders, name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

/**
 * One recorded body decoded in full, as `decode` would print it; `null` when there is no body (the empty
 * POST, a 204). A body recorded only in part, or compressed in a way we cannot undo, is a decode error
 * with the reason, never a throw.
 */
export function decodeRecordedBody(part: { headers: HttpHeaders; body: RecordedBody } | undefined): DecodedBody {
  if (!part || part.body.size === 0) return null;
  if (part.body.truncated) {
    return { ok: false, error: { code: 'truncated', message: `only part of the ${part.body.size}-byte body was recorded` } };
  }
  let bytes = bodyBytes(part.body);
  const encoding = headerValue(part.headers, 'content-encoding');
  try {
    if (encoding && encoding.trim().toLowerCase() !== 'identity') bytes = undoContentEncoding(bytes, encoding);
    return parseCwmp(bytes, { contentType: headerValue(part.headers, 'content-type') });
  } catch (err) {
    return { ok: false, error: { code: 'undecodable', message: err instanceof Error ? err.message : String(err) } };
  }
}
