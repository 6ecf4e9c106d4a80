import type { HttpHeaders } from '../../src-shared/traffic/exchange';

/** RFC 9110 §7.6.1 connection-specific fields: they belong to one hop, the proxy's own connections. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'upgrade']);

/** Node's flat `rawHeaders` (name, value, name, value …) as pairs, names in their original case. */
export function rawPairs(raw: string[]): HttpHeaders {
  const out: HttpHeaders = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i], raw[i + 1]]);
  return out;
}

export function headerValue(headers: HttpHeaders, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [n, v] of headers) if (n.toLowerCase() === lower) return v;
  return undefined;
}

/**
 * The headers to pass on, as a flat array Node writes verbatim (case and order kept). Hop-by-hop fields
 * go, and so does anything the Connection header names. `Transfer-Encoding` stays so the framing kind
 * (chunked or not) is the same on both legs; Node re-frames the chunks itself.
 */
export function forwardHeaders(raw: string[], replace: Record<string, string | null> = {}): string[] {
  const named = new Set<string>();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i].toLowerCase() === 'connection') {
      for (const token of raw[i + 1].split(',')) named.add(token.trim().toLowerCase());
    }
  }
  const replacing = new Map(Object.entries(replace).map(([k, v]) => [k.toLowerCase(), v]));
  const done = new Set<string>();
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const lower = raw[i].toLowerCase();
    if (HOP_BY_HOP.has(lower) || named.has(lower)) continue;
    if (replacing.has(lower)) {
      if (done.has(lower)) continue;
      done.add(lower);
      const v = replacing.get(lower);
      if (v !== null && v !== undefined) out.push(raw[i], v);
      continue;
    }
    out.push(raw[i], raw[i + 1]);
  }
  // Replacements for fields that were absent are added (a Host for an HTTP/1.0 client, a length for a fault).
  for (const [k, v] of Object.entries(replace)) {
    if (v !== null && v !== undefined && !done.has(k.toLowerCase())) out.push(k, v);
  }
  return out;
}

/**
 * Maps a request path onto the upstream URL's path: `/` goes to the upstream path itself, anything else
 * is appended to it (`http://acs/tr069` + `/x?y` → `/tr069/x?y`).
 */
export function upstreamPath(upstream: URL, requestUrl: string): string {
  const base = upstream.pathname.replace(/\/+$/, '');
  const q = requestUrl.indexOf('?');
  const path = q < 0 ? requestUrl : requestUrl.slice(0, q);
  const query = q < 0 ? '' : requestUrl.slice(q);
  const joined = path === '/' || path === '' ? upstream.pathname || '/' : `${base}${path.startsWith('/') ? '' : '/'}${path}`;
  return `${joined}${query || upstream.search}`;
}

/** `host[:port]` of a URL as a Host header value. */
export function hostHeader(u: URL): string {
  return u.host;
}

/** The header list with its Content-Length (if it has one) saying `length`: what went on after an edit. */
export function withContentLength(headers: HttpHeaders, length: number): HttpHeaders {
  return headers.map(([n, v]) => (n.toLowerCase() === 'content-length' ? [n, String(length)] : [n, v]));
}
