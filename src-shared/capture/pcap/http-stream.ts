/**
 * HTTP/1.x messages out of one direction of a TCP stream: keep-alive (several messages back to back),
 * Content-Length, chunked transfer coding, and responses that run until the connection closes. Reading
 * stops at the first message that is not whole or not HTTP, and says why; what came before stands.
 */
import type { HttpHeaders } from '../../traffic/exchange';

export interface HttpMessage {
  /** Offsets of the message in the stream. */
  start: number;
  end: number;
  method?: string;
  url?: string;
  status?: number;
  statusText?: string;
  httpVersion: string;
  headers: HttpHeaders;
  /** The body with any transfer coding undone (Content-Encoding is left as it is). */
  body: Uint8Array;
  /** Body bytes on the wire (chunk framing included). */
  wireBodySize: number;
}

export interface HttpParse {
  messages: HttpMessage[];
  /** Why reading stopped before the end of the stream; absent when every byte was read. */
  problem?: string;
}

const MAX_HEAD = 64 * 1024;
const REQUEST_LINE = /^([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*) (\S+) HTTP\/(\d\.\d)$/;
const STATUS_LINE = /^HTTP\/(\d\.\d) (\d{3})(?: (.*))?$/;

function latin1(b: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i += 8192) s += String.fromCharCode(...b.subarray(i, Math.min(to, i + 8192)));
  return s;
}

/** Index just past the blank line ending the head (CRLFCRLF or bare LFLF), or -1. */
function headEnd(b: Uint8Array, from: number): number {
  const limit = Math.min(b.length, from + MAX_HEAD);
  for (let i = from; i < limit; i++) {
    if (b[i] !== 0x0a) continue;
    if (b[i + 1] === 0x0a) return i + 2;
    if (b[i + 1] === 0x0d && b[i + 2] === 0x0a) return i + 3;
  }
  return -1;
}

function header(headers: HttpHeaders, name: string): string | undefined {
  for (const [n, v] of headers) if (n.toLowerCase() === name) return v;
  return undefined;
}

/** A chunked body from `at`: the decoded bytes and where it ends, or why it cannot be read. */
function chunked(b: Uint8Array, at: number): { body: Uint8Array; end: number } | { problem: string } {
  const parts: Uint8Array[] = [];
  let size = 0;
  let i = at;
  for (;;) {
    let nl = i;
    while (nl < b.length && b[nl] !== 0x0a) nl++;
    if (nl >= b.length) return { problem: 'the stream ends inside a chunked body' };
    const line = latin1(b, i, nl).replace(/\r$/, '');
    const m = /^\s*([0-9a-fA-F]+)\s*(?:;.*)?$/.exec(line);
    if (!m) return { problem: `bad chunk size line ${JSON.stringify(line.slice(0, 40))}` };
    const n = parseInt(m[1], 16);
    i = nl + 1;
    if (n === 0) {
      // Trailers, then the blank line.
      for (;;) {
        let e = i;
        while (e < b.length && b[e] !== 0x0a) e++;
        if (e >= b.length) return { problem: 'the stream ends inside a chunked body’s trailer' };
        const empty = e === i || (e === i + 1 && b[i] === 0x0d);
        i = e + 1;
        if (empty) break;
      }
      const body = new Uint8Array(size);
      let o = 0;
      for (const p of parts) {
        body.set(p, o);
        o += p.length;
      }
      return { body, end: i };
    }
    if (i + n > b.length) return { problem: `the stream ends inside a chunk (${b.length - i} of ${n} bytes)` };
    parts.push(b.subarray(i, i + n));
    size += n;
    i += n;
    if (b[i] === 0x0d) i++;
    if (b[i] !== 0x0a) return { problem: i >= b.length ? 'the stream ends inside a chunked body' : 'a chunk is not followed by CRLF' };
    i++;
  }
}

/**
 * Parses requests (`role: 'request'`) or responses from a stream. Responses need the request methods in
 * order (a HEAD response has no body); `closed` says the sender closed the connection, which ends a
 * response without length.
 */
export function parseHttpStream(b: Uint8Array, role: 'request' | 'response', o: { methods?: string[]; closed?: boolean } = {}): HttpParse {
  const messages: HttpMessage[] = [];
  let at = 0;
  let answered = 0;
  while (at < b.length) {
    const he = headEnd(b, at);
    if (he < 0) {
      const has = b.length - at;
      return { messages, problem: has >= MAX_HEAD ? `no HTTP header end within ${MAX_HEAD} bytes at byte ${at}` : `the stream ends inside a message header (byte ${at}, ${has} bytes)` };
    }
    const lines = latin1(b, at, he).split(/\r?\n/);
    const first = lines[0];
    const headers: HttpHeaders = [];
    for (const l of lines.slice(1)) {
      if (l === '') continue;
      const c = l.indexOf(':');
      if (c <= 0) return { messages, problem: `bad header line ${JSON.stringify(l.slice(0, 60))} at byte ${at}` };
      headers.push([l.slice(0, c).trim(), l.slice(c + 1).trim()]);
    }
    const msg: HttpMessage = { start: at, end: he, httpVersion: '1.1', headers, body: new Uint8Array(0), wireBodySize: 0 };
    let bodyAllowed = true;
    let untilClose = false;
    if (role === 'request') {
      const m = REQUEST_LINE.exec(first);
      if (!m) return { messages, problem: `not an HTTP request at byte ${at}: ${JSON.stringify(first.slice(0, 60))}` };
      msg.method = m[1];
      msg.url = m[2];
      msg.httpVersion = m[3];
    } else {
      const m = STATUS_LINE.exec(first);
      if (!m) return { messages, problem: `not an HTTP response at byte ${at}: ${JSON.stringify(first.slice(0, 60))}` };
      msg.httpVersion = m[1];
      msg.status = Number(m[2]);
      msg.statusText = m[3] ?? '';
      const method = o.methods?.[answered];
      bodyAllowed = !(msg.status < 200 || msg.status === 204 || msg.status === 304 || method === 'HEAD');
      untilClose = true;
    }
    const te = header(headers, 'transfer-encoding');
    const cl = header(headers, 'content-length');
    if (bodyAllowed && te && /chunked\s*$/i.test(te)) {
      const c = chunked(b, he);
      if ('problem' in c) return { messages, problem: `${c.problem} (message at byte ${at})` };
      msg.body = c.body;
      msg.wireBodySize = c.end - he;
      msg.end = c.end;
    } else if (bodyAllowed && cl !== undefined) {
      const n = Number(cl);
      if (!/^\d+$/.test(cl.trim()) || !Number.isSafeInteger(n)) return { messages, problem: `bad Content-Length ${JSON.stringify(cl)} at byte ${at}` };
      if (he + n > b.length) return { messages, problem: `the stream ends inside a message body (byte ${at}: ${b.length - he} of ${n} bytes)` };
      msg.body = b.subarray(he, he + n);
      msg.wireBodySize = n;
      msg.end = he + n;
    } else if (bodyAllowed && untilClose) {
      // HTTP/1.0-style: the body is everything until the server closes.
      if (!o.closed) {
        if (b.length > he) return { messages, problem: `a response without length at byte ${at} is not followed by the connection closing` };
      }
      msg.body = b.subarray(he);
      msg.wireBodySize = b.length - he;
      msg.end = b.length;
    }
    // 1xx responses (100 Continue) precede the real answer to the same request.
    if (!(role === 'response' && msg.status !== undefined && msg.status < 200)) {
      messages.push(msg);
      answered++;
    }
    at = msg.end;
  }
  return { messages };
}

const REQUEST_START = /^[A-Z]{3,7} \S+ HTTP\/1\.[01]\r?\n/;
const RESPONSE_START = /^HTTP\/1\.[01] \d{3}[ \r\n]/;

/**
 * The first offset in [from, to) where a request (or status) line starts, or -1. Not only at line starts:
 * a body without a final newline runs straight into the next message.
 */
export function findMessageStart(b: Uint8Array, from: number, to: number, role: 'request' | 'response'): number {
  const re = role === 'request' ? REQUEST_START : RESPONSE_START;
  for (let i = from; i < to; i++) {
    const c = b[i];
    if (role === 'response' ? c !== 0x48 : c < 0x41 || c > 0x5a) continue;
    if (role === 'response' ? b[i + 1] !== 0x54 : b[i + 1] < 0x41 || b[i + 1] > 0x5a) continue;
    if (re.test(latin1(b, i, Math.min(to, i + 1024)))) return i;
  }
  return -1;
}

export interface HttpRuns {
  messages: HttpMessage[];
  /** What could not be read, in words (bytes skipped to pick up again, messages cut by missing bytes). */
  problems: string[];
}

/**
 * Parses a stream with holes: `breaks` are the offsets where captured data resumes after missing bytes.
 * Each stretch between holes is read on its own, from the first message that starts in it, so a lost
 * packet costs the messages it touched and no more.
 */
export function parseHttpRuns(
  b: Uint8Array,
  breaks: ReadonlyArray<{ at: number; missing: number }>,
  role: 'request' | 'response',
  o: { methods?: string[]; closed?: boolean } = {},
): HttpRuns {
  const bounds = [0, ...breaks.map((x) => x.at), b.length];
  const messages: HttpMessage[] = [];
  const problems: string[] = [];
  const what = role === 'request' ? 'request' : 'response';
  for (let r = 0; r + 1 < bounds.length; r++) {
    let from = bounds[r];
    const to = bounds[r + 1];
    const last = r + 2 === bounds.length;
    if (from >= to) continue;
    const start = findMessageStart(b, from, to, role);
    if (start !== from) {
      const lost = r > 0 ? `after ${breaks[r - 1].missing} bytes that were not captured (at byte ${from}), ` : '';
      if (start < 0) {
        problems.push(`${lost}${to - from} bytes hold no start of a ${what}; not read`);
        continue;
      }
      problems.push(`${lost}${start - from} bytes (the rest of a ${what} begun where data is missing) were skipped up to the next ${what} at byte ${start}`);
      from = start;
    }
    const p = parseHttpStream(b.subarray(from, to), role, { methods: breaks.length === 0 ? o.methods : undefined, closed: last ? o.closed : true });
    for (const m of p.messages) messages.push({ ...m, start: m.start + from, end: m.end + from });
    if (p.problem) problems.push(last ? p.problem : `${p.problem}: ${breaks[r].missing} bytes were not captured there (at byte ${to})`);
  }
  return { messages, problems };
}
