/**
 * The compact text the traffic list's free-text filter searches, and the body-less copy of an exchange
 * the list is sent. Computed once per recorded exchange, so the renderer never receives (or scans) the
 * raw XML of 100,000 exchanges to find a parameter value.
 */
import type { ListedExchange } from '../../src-shared/api/traffic';
import type { Exchange, HttpHeaders, RecordedBody } from '../../src-shared/traffic/exchange';
import { undoContentEncoding } from '../runtime/decode-body';

/** Text kept per body: one huge GetParameterValuesResponse must not make a key the size of a file. */
export const MAX_BODY_TEXT = 64 * 1024;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/**
 * The text content of an XML document, whitespace-collapsed: in CWMP that is the parameter names and
 * values, cwmp:ID, event codes, fault codes and strings, DeviceId fields. Tag names, namespaces and
 * attributes (xsi:type) are left out, or a search for "value" or "cwmp" would match everything.
 * A single pass jumping from '>' to '<' (a few µs per kilobyte, against ~70 µs for a full decode).
 */
export function xmlTextContent(xml: string, max = MAX_BODY_TEXT): string {
  const parts: string[] = [];
  let length = 0;
  let i = 0;
  const push = (raw: string): void => {
    const t = raw.trim();
    if (!t) return;
    const text = (t.includes('&') ? decodeEntities(t) : t).replace(/\s+/g, ' ');
    parts.push(text);
    length += text.length + 1;
  };
  while (i < xml.length && length < max) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) break;
    if (lt > i) push(xml.slice(i, lt));
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      const stop = end < 0 ? xml.length : end;
      // CDATA is literal: no entities to undo.
      const t = xml.slice(lt + 9, stop).trim().replace(/\s+/g, ' ');
      if (t) {
        parts.push(t);
        length += t.length + 1;
      }
      i = stop + 3;
    } else if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      i = end < 0 ? xml.length : end + 3;
    } else {
      const gt = xml.indexOf('>', lt + 1);
      i = gt < 0 ? xml.length : gt + 1;
    }
  }
  const out = parts.join(' ');
  return out.length > max ? out.slice(0, max) : out;
}

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
  const req = x.cwmpRequest;
  const res = x.cwmpResponse;
  const fields: Array<string | number | undefined | null> = [
    x.deviceId,
    x.connection.remoteAddress,
    x.kind === 'cwmp' ? undefined : x.request && `${x.request.method} ${x.request.url}`,
    req?.rpc,
    res?.rpc,
    req?.id,
    res?.id,
    x.response?.status,
    req?.events?.join(' '),
    req?.faultCode,
    req?.faultString,
    res?.faultCode,
    res?.faultString,
    x.error,
    req?.error,
    res?.error,
    ...(req?.warnings ?? []),
    ...(res?.warnings ?? []),
    x.notes?.join(' '),
  ];
  // Only CWMP bodies: a firmware download or a log upload is not worth a search key. They go first, so
  // the summary fields they already hold (cwmp:ID, event codes, fault strings) can be left out below.
  let out = x.kind === 'cwmp' ? [xmlTextContent(bodyXml(x.request)), xmlTextContent(bodyXml(x.response))].filter(Boolean).join('\n').toLowerCase() : '';
  for (const f of fields) {
    if (f === undefined || f === null || f === '') continue;
    const text = String(f).toLowerCase();
    // The filter matches substrings word by word, so a field already contained adds nothing.
    if (out.includes(text)) continue;
    out += out ? `\n${text}` : text;
  }
  return out;
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
