/**
 * The text the traffic list's free-text filter searches, built the same way wherever an exchange is
 * listed: by the server once per recorded exchange, and by the renderer for an exchange that arrives
 * with its bodies instead of a precomputed key.
 */
import type { Exchange, HttpHeaders, RecordedBody } from './exchange';
import type { ListedExchange } from './types';

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

/**
 * The exchange's search text (see `ListedExchange.searchText`), lowercased, one field a line. `bodyXml`
 * gives a recorded body's XML (or '' when it is none): main undoes Content-Encoding, the renderer reads
 * what arrived as text.
 */
export function searchKeyOf(x: Exchange, bodyXml: (part: { headers: HttpHeaders; body: RecordedBody } | undefined) => string): string {
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

/** A body's XML as it arrived as text (compressed bodies come as base64 and are left out). */
function textBodyXml(part: { body: RecordedBody } | undefined): string {
  if (!part || part.body.encoding !== 'utf8' || !part.body.data || part.body.omitted) return '';
  return /^\s*</.test(part.body.data) ? part.body.data : '';
}

/**
 * The key a list row is filtered by: the server's `searchText` when it sent one, else the same key built
 * from the bodies that came with the exchange. One line, since the filter matches words.
 */
export function filterKeyOf(x: ListedExchange): string {
  return (x.searchText ?? searchKeyOf(x, textBodyXml)).split('\n').join(' ');
}
