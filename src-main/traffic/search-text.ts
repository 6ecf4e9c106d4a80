/**
 * The compact text the traffic list's free-text filter searches, and the body-less copy of an exchange
 * the list is sent. Computed once per recorded exchange, so the renderer never receives (or scans) the
 * raw XML of 100,000 exchanges to find a parameter value.
 */
import type { ListedExchange } from '../../src-shared/api/traffic';
import type { Exchange, HttpHeaders, RecordedBody } from '../../src-shared/traffic/exchange';
import { searchKeyOf } from '../../src-shared/traffic/search-key';
import { undoContentEncoding } from '../runtime/decode-body';

export { MAX_BODY_TEXT, xmlTextContent } from '../../src-shared/traffic/search-key';

function headerValue(headers: HttpHeaders, name: string): string | undefined {
  for (const [n, v] of headers) if (n.toLowerCase() === name) return v;
  return undefined;
}

/** The XML of a recorded body as text, when it is XML at all; compressed bytes are undone first. */
function bodyXml(part: { headers: HttpHeaders; body: RecordedBody } | undefined): string {
  if (!part || part.body.size === 0 || !part.body.data || part.body.omitted) return '';
  let text = '';
  if (part.body.encoding === 'utf8') text = part.body.data;
  else {
    // Binary on record: only a Content-Encoding we can undo gives text worth searching.
    const coding = headerValue(part.headers, 'content-encoding');
    if (!coding || part.body.contentEncoding || coding.trim().toLowerCase() === 'identity') return '';
    try {
      text = undoContentEncoding(Buffer.from(part.body.data, 'base64'), coding).toString('utf8');
    } catch {
      return '';
    }
  }
  return /^\s*</.test(text) ? text : '';
}

/** The exchange's search text (see `ListedExchange.searchText`), lowercased. */
export function searchTextOf(x: Exchange): string {
  return searchKeyOf(x, bodyXml);
}

function omitData(body: RecordedBody): RecordedBody {
  const out: RecordedBody = { encoding: body.encoding, data: '', size: body.size, omitted: true };
  if (body.truncated) out.truncated = true;
  if (body.contentEncoding) out.contentEncoding = body.contentEncoding;
  return out;
}

/** The exchange as the list gets it: headers and sizes kept, body bytes left out, search text added. */
export function withoutBodies(x: Exchange, searchText: string): ListedExchange {
  const out: ListedExchange = { ...x, searchText };
  if (x.request) out.request = { ...x.request, body: omitData(x.request.body) };
  if (x.response) out.response = { ...x.response, body: omitData(x.response.body) };
  if (x.original) {
    out.original = {};
    if (x.original.request) out.original.request = { ...x.original.request, body: omitData(x.original.request.body) };
    if (x.original.response) out.original.response = { ...x.original.response, body: omitData(x.original.response.body) };
  }
  return out;
}
