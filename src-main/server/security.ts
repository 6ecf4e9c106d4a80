import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';

/**
 * The checks that keep the headless API private to whoever holds the token: a page on another site
 * cannot reach it (Origin), a DNS name rebound to 127.0.0.1 cannot reach it (Host), and nothing flows
 * without the token.
 */

/**
 * The policy the UI pages run under, in a browser (headless mode) and in the Electron window alike: our own
 * scripts only, no `unsafe-eval`, no framing, no plugins.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // CodeMirror and React inject style attributes.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  // 'self' covers ws: to the same host:port in current browsers.
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function contentSecurityPolicy(): string {
  return CONTENT_SECURITY_POLICY;
}

export function randomToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Compares without leaking the position of the first difference through timing. */
export function tokensEqual(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Cookies ignore ports, so two workbenches on 127.0.0.1 need distinct cookie names. */
export function cookieNameFor(port: number): string {
  return `cwmp_workbench_${port}`;
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

export interface ListenerIdentity {
  /** The address the server is bound to (`127.0.0.1`, `0.0.0.0`, `::`, a LAN address). */
  host: string;
  port: number;
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '';
}

function bracketed(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}

/**
 * Whether a `Host` header names this listener. Loopback names always do; the bound address does when
 * it is a specific one; when bound to every interface any IP literal does (an IP literal cannot be
 * rebound, a DNS name can). The port must be ours.
 */
export function isAllowedHost(hostHeader: string | undefined, listener: ListenerIdentity): boolean {
  if (!hostHeader) return false;
  const value = hostHeader.trim().toLowerCase();
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+):(\d{1,5})$/.exec(value);
  if (!m) return false;
  const [, name, portText] = m;
  if (Number(portText) !== listener.port) return false;
  if (LOOPBACK_NAMES.includes(name)) return true;
  const bound = listener.host.toLowerCase();
  if (!isWildcard(bound)) return name === bracketed(bound);
  const bare = name.startsWith('[') ? name.slice(1, -1) : name;
  return isIP(bare) !== 0;
}

/** An `Origin` is ours when it is plain http to a host:port that `isAllowedHost` accepts. */
export function isAllowedOrigin(origin: string, listener: ListenerIdentity): boolean {
  const m = /^http:\/\/(.+)$/i.exec(origin.trim());
  if (!m) return false;
  return isAllowedHost(m[1], listener);
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export type TokenSource = 'header' | 'query' | 'cookie';

/** The token of an `Authorization: Bearer <token>` header, if any. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const auth = firstHeader(req.headers.authorization);
  return auth ? /^Bearer\s+(\S+)\s*$/i.exec(auth)?.[1] : undefined;
}

/** Where the request carries a token, if anywhere (header, query or cookie: for the WebSocket upgrade). */
export function tokenOf(req: IncomingMessage, url: URL, cookieName: string): { token: string; source: TokenSource } | undefined {
  const header = bearerToken(req);
  if (header) return { token: header, source: 'header' };
  const query = url.searchParams.get('token');
  if (query) return { token: query, source: 'query' };
  const cookie = cookieValue(firstHeader(req.headers.cookie), cookieName);
  if (cookie) return { token: cookie, source: 'cookie' };
  return undefined;
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export type Verdict = { ok: true } | { ok: false; status: number; message: string };

/** Host and Origin checks shared by plain requests and the WebSocket upgrade. */
export function checkSite(req: IncomingMessage, listener: ListenerIdentity): Verdict {
  if (!isAllowedHost(firstHeader(req.headers.host), listener)) {
    return { ok: false, status: 403, message: 'Forbidden: the Host header does not name this server (DNS rebinding protection)' };
  }
  const origin = firstHeader(req.headers.origin);
  if (origin !== undefined && !isAllowedOrigin(origin, listener)) {
    return { ok: false, status: 403, message: 'Forbidden: requests from other sites are not accepted' };
  }
  const fetchSite = firstHeader(req.headers['sec-fetch-site']);
  if (fetchSite === 'cross-site') {
    return { ok: false, status: 403, message: 'Forbidden: requests from other sites are not accepted' };
  }
  return { ok: true };
}
