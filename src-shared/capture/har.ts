/**
 * HAR 1.2 export and import (browser dev tools, HTTP Toolkit). The workbench's own fields ride along in
 * `_cwmpWorkbench` so an exported capture imports back whole; HARs from elsewhere are decoded afresh.
 */
import type { CwmpSummary, Exchange, HttpHeaders, RecordedBody } from '../traffic/exchange';
import { fromBase64, recordBody, textBody } from './bytes';

/**
 * Decodes one body to a summary (the CWMP codec's `summarize(parseCwmp(...))`) plus the device id when
 * the message is an Inform. Injected by the caller, so this module stays free of the codec.
 */
export type SummarizeBody = (body: string, contentType?: string) => { summary: CwmpSummary; deviceId?: string };

interface HarHeader {
  name: string;
  value: string;
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: unknown[];
    headers: HarHeader[];
    queryString: HarHeader[];
    postData?: { mimeType: string; text: string; encoding?: string };
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: unknown[];
    headers: HarHeader[];
    content: { size: number; mimeType: string; text?: string; encoding?: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
    _error?: string;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  serverIPAddress?: string;
  connection?: string;
  comment?: string;
  _cwmpWorkbench?: Omit<Exchange, 'request' | 'response'> & { responseMissing?: boolean };
}

export interface Har {
  log: {
    version: string;
    creator: { name: string; version: string };
    pages?: unknown[];
    entries: HarEntry[];
    comment?: string;
  };
}

function header(headers: HttpHeaders, name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

function harHeaders(headers: HttpHeaders): HarHeader[] {
  return headers.map(([name, value]) => ({ name, value }));
}

function fullUrl(x: Exchange): string {
  const req = x.request;
  const path = req?.url ?? '/';
  if (/^https?:\/\//i.test(path)) return path;
  const host = (req && header(req.headers, 'host')) ?? `${x.connection.localAddress}:${x.connection.localPort}`;
  return `${x.connection.tls ? 'https' : 'http'}://${host}${path.startsWith('/') ? path : `/${path}`}`;
}

function queryString(url: string): HarHeader[] {
  const q = url.indexOf('?');
  if (q < 0) return [];
  return url
    .slice(q + 1)
    .split('&')
    .filter(Boolean)
    .map((kv) => {
      const eq = kv.indexOf('=');
      const dec = (s: string): string => {
        try {
          return decodeURIComponent(s.replace(/\+/g, ' '));
        } catch {
          return s;
        }
      };
      return eq < 0 ? { name: dec(kv), value: '' } : { name: dec(kv.slice(0, eq)), value: dec(kv.slice(eq + 1)) };
    });
}

function mime(headers: HttpHeaders | undefined): string {
  return (headers && header(headers, 'content-type')) ?? '';
}

/** Exchanges → HAR 1.2. Base64 bodies keep `encoding: "base64"` (postData carries it too, as HTTP Toolkit does). */
export function exchangesToHar(exchanges: Exchange[], creator = { name: 'cwmp-workbench', version: '0.1.0' }): Har {
  const entries: HarEntry[] = [];
  for (const x of exchanges) {
    if (!x.request) continue;
    const { request, response, ...meta } = x;
    const reqBody = request.body;
    const entry: HarEntry = {
      startedDateTime: new Date(x.startedAt).toISOString(),
      time: Math.max(0, (x.finishedAt ?? x.startedAt) - x.startedAt),
      request: {
        method: request.method,
        url: fullUrl(x),
        httpVersion: `HTTP/${request.httpVersion}`,
        cookies: [],
        headers: harHeaders(request.headers),
        queryString: queryString(request.url),
        headersSize: -1,
        bodySize: reqBody.size,
      },
      response: response
        ? {
            status: response.status,
            statusText: response.statusText,
            httpVersion: `HTTP/${request.httpVersion}`,
            cookies: [],
            headers: harHeaders(response.headers),
            content: { size: response.body.size, mimeType: mime(response.headers), text: response.body.data },
            redirectURL: header(response.headers, 'location') ?? '',
            headersSize: -1,
            bodySize: response.body.size,
          }
        : {
            // HAR has no "no response": status 0 is what browsers write for a failed request.
            status: 0,
            statusText: '',
            httpVersion: `HTTP/${request.httpVersion}`,
            cookies: [],
            headers: [],
            content: { size: 0, mimeType: '' },
            redirectURL: '',
            headersSize: -1,
            bodySize: -1,
            _error: x.error,
          },
      cache: {},
      timings: { send: 0, wait: Math.max(0, (x.finishedAt ?? x.startedAt) - x.startedAt), receive: 0 },
      serverIPAddress: x.connection.localAddress,
      connection: x.connection.id,
      _cwmpWorkbench: { ...meta, ...(response ? {} : { responseMissing: true }) },
    };
    if (reqBody.size > 0 || reqBody.data !== '') {
      entry.request.postData = { mimeType: mime(request.headers), text: reqBody.data };
      if (reqBody.encoding === 'base64') entry.request.postData.encoding = 'base64';
    }
    if (response && response.body.encoding === 'base64') entry.response.content.encoding = 'base64';
    if (x.error) entry.comment = x.error;
    entries.push(entry);
  }
  return { log: { version: '1.2', creator, entries } };
}

function toHeaders(list: unknown): HttpHeaders {
  if (!Array.isArray(list)) return [];
  return list
    .filter((h): h is HarHeader => typeof h === 'object' && h !== null && typeof h.name === 'string')
    .map((h) => [h.name, String(h.value ?? '')]);
}

function toBody(text: unknown, encoding: unknown): RecordedBody {
  if (typeof text !== 'string' || text === '') return { encoding: 'utf8', data: '', size: 0 };
  if (encoding === 'base64') return recordBody(fromBase64(text));
  return textBody(text);
}

function pathOf(url: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(.*)$/i.exec(url);
  const rest = m ? m[1] : url;
  return rest === '' ? '/' : rest.startsWith('?') ? `/${rest}` : rest;
}

/**
 * HAR text → exchanges. Throws with a clear message when the text is not a HAR. Bodies are decoded with
 * `summarize` unless the entry carries the workbench's own summaries.
 */
export function harToExchanges(harText: string, summarize: SummarizeBody, source = 'import'): Exchange[] {
  let har: unknown;
  try {
    har = JSON.parse(harText);
  } catch (err) {
    throw new Error(`not a HAR file: ${err instanceof Error ? err.message : 'invalid JSON'}`);
  }
  const entries = (har as Har | null)?.log?.entries;
  if (!Array.isArray(entries)) throw new Error('not a HAR file: no log.entries');
  const out: Exchange[] = [];
  entries.forEach((e: HarEntry, i) => {
    if (typeof e !== 'object' || e === null || typeof e.request !== 'object' || e.request === null) return;
    const started = Date.parse(e.startedDateTime);
    const startedAt = Number.isFinite(started) ? started : 0;
    const meta = e._cwmpWorkbench;
    const reqHeaders = toHeaders(e.request.headers);
    const request = {
      method: String(e.request.method ?? 'POST'),
      url: pathOf(String(e.request.url ?? '/')),
      httpVersion: String(e.request.httpVersion ?? 'HTTP/1.1').replace(/^HTTP\//i, ''),
      headers: reqHeaders,
      body: toBody(e.request.postData?.text, e.request.postData?.encoding),
    };
    const res = e.response;
    const hasResponse = typeof res === 'object' && res !== null && res.status > 0 && !meta?.responseMissing;
    const response = hasResponse
      ? {
          status: Number(res.status),
          statusText: String(res.statusText ?? ''),
          headers: toHeaders(res.headers),
          body: toBody(res.content?.text, res.content?.encoding),
        }
      : undefined;
    const url = String(e.request.url ?? '');
    const tls = /^https:/i.test(url);
    const x: Exchange = {
      id: meta?.id ?? `har-${i + 1}`,
      kind: meta?.kind ?? 'cwmp',
      source: meta?.source ?? source,
      startedAt: meta?.startedAt ?? startedAt,
      finishedAt: meta?.finishedAt ?? startedAt + (Number(e.time) || 0),
      connection: meta?.connection ?? {
        id: typeof e.connection === 'string' && e.connection ? `har-${e.connection}` : `har-conn-${i + 1}`,
        remoteAddress: '',
        remotePort: 0,
        localAddress: e.serverIPAddress ?? '',
        localPort: 0,
        ...(tls ? { tls: {} } : {}),
      },
      request,
    };
    if (response) x.response = response;
    if (meta?.deviceId) x.deviceId = meta.deviceId;
    if (meta?.sessionId) x.sessionId = meta.sessionId;
    if (meta?.notes) x.notes = meta.notes;
    const err = meta?.error ?? res?._error;
    if (err) x.error = err;
    if (meta?.cwmpRequest) x.cwmpRequest = meta.cwmpRequest;
    else if (request.body.size > 0) {
      const d = summarize(request.body.data, header(reqHeaders, 'content-type'));
      x.cwmpRequest = d.summary;
      if (d.deviceId && !x.deviceId) x.deviceId = d.deviceId;
    }
    if (response && meta?.cwmpResponse) x.cwmpResponse = meta.cwmpResponse;
    else if (response && response.body.size > 0) x.cwmpResponse = summarize(response.body.data, header(response.headers, 'content-type')).summary;
    if (!x.cwmpRequest) delete x.cwmpRequest;
    if (!x.cwmpResponse) delete x.cwmpResponse;
    out.push(x);
  });
  return out;
}
