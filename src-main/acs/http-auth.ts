import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CpeAuthMode } from '../../src-shared/cwmp/session-settings';

/**
 * HTTP Basic and Digest (RFC 7616, MD5, qop=auth; RFC 2069 without qop for old CPEs): the ACS checking
 * CPEs, and the ACS answering a CPE's challenge on a connection request.
 */

export function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

/** Splits `realm="a", qop="auth,auth-int", nonce=abc` into lower-cased keys and unquoted values. */
export function parseAuthParams(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out[m[1].toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
  }
  return out;
}

/** Parses `Digest a="b", c=d` (or a `WWW-Authenticate` value) into its scheme and parameters. */
export function parseAuthHeader(value: string): { scheme: string; params: Record<string, string>; token?: string } {
  const trimmed = value.trim();
  const space = trimmed.indexOf(' ');
  const scheme = (space < 0 ? trimmed : trimmed.slice(0, space)).toLowerCase();
  const rest = space < 0 ? '' : trimmed.slice(space + 1).trim();
  return { scheme, params: parseAuthParams(rest), token: scheme === 'basic' ? rest : undefined };
}

export type Challenge = { scheme: 'basic' } | { scheme: 'digest'; params: Record<string, string> };

/** The challenge to answer from one or more `WWW-Authenticate` headers: Digest preferred over Basic. */
export function pickChallenge(headers: string | string[] | undefined): Challenge | null {
  const list = headers === undefined ? [] : Array.isArray(headers) ? headers : [headers];
  let basic = false;
  for (const h of list) {
    // Several challenges may share one header; split before each scheme token.
    for (const part of h.split(/,?\s*(?=\b(?:Digest|Basic)\s)/i)) {
      const scheme = /^\s*(\w+)/.exec(part)?.[1]?.toLowerCase();
      if (scheme === 'digest') {
        const params = parseAuthParams(part.replace(/^\s*\w+/, ''));
        if (params.nonce !== undefined && (params.algorithm ?? 'MD5').toUpperCase() === 'MD5') return { scheme: 'digest', params };
      } else if (scheme === 'basic') basic = true;
    }
  }
  return basic ? { scheme: 'basic' } : null;
}

/** The Digest `response`: RFC 7616 (MD5) with `qop`, RFC 2069 without. */
export function digestResponse(a: {
  username: string;
  realm: string;
  password: string;
  method: string;
  uri: string;
  nonce: string;
  qop?: string;
  nc?: string;
  cnonce?: string;
}): string {
  const ha1 = md5(`${a.username}:${a.realm}:${a.password}`);
  const ha2 = md5(`${a.method}:${a.uri}`);
  return a.qop ? md5(`${ha1}:${a.nonce}:${a.nc}:${a.cnonce}:${a.qop}:${ha2}`) : md5(`${ha1}:${a.nonce}:${ha2}`);
}

/**
 * The `Authorization: Digest …` value answering a challenge's parameters (qop=auth when offered).
 * `nc` is how many times this nonce has been used, this time included.
 */
export function digestAuthorization(
  challenge: Record<string, string>,
  credentials: { username: string; password: string },
  method: string,
  uri: string,
  nc: number,
  cnonce: string,
): string {
  const realm = challenge.realm ?? '';
  const nonce = challenge.nonce ?? '';
  const base = { ...credentials, realm, method, uri, nonce };
  const fields = [`username="${credentials.username}"`, `realm="${realm}"`, `nonce="${nonce}"`, `uri="${uri}"`, 'algorithm=MD5'];
  if ((challenge.qop ?? '').split(',').some((q) => q.trim() === 'auth')) {
    const ncHex = nc.toString(16).padStart(8, '0');
    fields.push('qop=auth', `nc=${ncHex}`, `cnonce="${cnonce}"`, `response="${digestResponse({ ...base, qop: 'auth', nc: ncHex, cnonce })}"`);
  } else {
    fields.push(`response="${digestResponse(base)}"`);
  }
  if (challenge.opaque !== undefined) fields.push(`opaque="${challenge.opaque}"`);
  return `Digest ${fields.join(', ')}`;
}

export type AuthVerdict =
  | { ok: true; username: string }
  | { ok: false; reason: string; stale?: boolean };

const NONCE_LIFETIME_MS = 5 * 60_000;
/** Outstanding Digest nonces kept at most; far above what a bench of CPEs needs within one lifetime. */
export const MAX_NONCES = 10_000;

/** Checks CPE credentials and issues challenges. Nonces are kept in memory for five minutes. */
export class CpeAuthenticator {
  private readonly nonces = new Map<string, number>();

  challenge(mode: Exclude<CpeAuthMode, 'none'>, realm: string, stale = false, now = Date.now()): string {
    if (mode === 'basic') return `Basic realm="${realm}"`;
    this.expire(now);
    const nonce = randomBytes(16).toString('hex');
    this.nonces.set(nonce, now);
    return `Digest realm="${realm}", qop="auth", nonce="${nonce}", opaque="${md5(realm)}", algorithm=MD5${stale ? ', stale=true' : ''}`;
  }

  verify(
    mode: Exclude<CpeAuthMode, 'none'>,
    header: string | undefined,
    method: string,
    expected: { username: string; password: string; realm: string },
    now = Date.now(),
    requestUri?: string,
  ): AuthVerdict {
    if (!header) return { ok: false, reason: 'No Authorization header' };
    const parsed = parseAuthHeader(header);
    if (parsed.scheme !== mode) return { ok: false, reason: `Expected ${mode === 'basic' ? 'Basic' : 'Digest'} authentication, got ${parsed.scheme || 'nothing'}` };
    if (mode === 'basic') {
      const decoded = Buffer.from(parsed.token ?? '', 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const user = colon < 0 ? decoded : decoded.slice(0, colon);
      const pass = colon < 0 ? '' : decoded.slice(colon + 1);
      if (user !== expected.username || !safeEqual(pass, expected.password)) return { ok: false, reason: `Wrong Basic credentials for user "${user}"` };
      return { ok: true, username: user };
    }
    const p = parsed.params;
    if (!p.username || !p.nonce || !p.response || p.uri === undefined) return { ok: false, reason: 'Digest header lacks username, nonce, uri or response' };
    if (p.realm !== expected.realm) return { ok: false, reason: `Digest realm "${p.realm}" is not "${expected.realm}"` };
    const issued = this.nonces.get(p.nonce);
    if (issued === undefined || now - issued > NONCE_LIFETIME_MS) return { ok: false, reason: 'Unknown or expired nonce', stale: true };
    if (p.username !== expected.username) return { ok: false, reason: `Unknown Digest user "${p.username}"` };
    if (requestUri !== undefined && !sameTarget(p.uri, requestUri)) return { ok: false, reason: `Digest uri "${p.uri}" is not the request's "${requestUri}"` };
    if (p.algorithm && p.algorithm.toUpperCase() !== 'MD5') return { ok: false, reason: `Unsupported Digest algorithm ${p.algorithm}` };
    const want = digestResponse({ username: p.username, realm: expected.realm, password: expected.password, method, uri: p.uri, nonce: p.nonce, qop: p.qop, nc: p.nc, cnonce: p.cnonce });
    if (!safeEqual(want, p.response.toLowerCase())) return { ok: false, reason: `Wrong Digest response for user "${p.username}"` };
    return { ok: true, username: p.username };
  }

  private expire(now: number): void {
    if (this.nonces.size < 1000) return;
    for (const [nonce, at] of this.nonces) if (now - at > NONCE_LIFETIME_MS) this.nonces.delete(nonce);
    // A flood of challenges within one lifetime must not grow the map without bound: drop the oldest
    // (Map order is issue order); a CPE holding one of those just gets a stale challenge and retries.
    for (const nonce of this.nonces.keys()) {
      if (this.nonces.size <= MAX_NONCES) break;
      this.nonces.delete(nonce);
    }
  }
}

/** The Digest `uri` names the request target; some CPEs send it in absolute form. */
function sameTarget(digestUri: string, requestUri: string): boolean {
  if (digestUri === requestUri) return true;
  try {
    const u = new URL(digestUri);
    return `${u.pathname}${u.search}` === requestUri;
  } catch {
    return false;
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The `Authorization` value answering a `WWW-Authenticate` value (client side), Digest preferred when it
 * offers several challenges; null if none is supported.
 */
export function answerChallenge(
  challenge: string,
  credentials: { username: string; password: string },
  method: string,
  uri: string,
  nc = 1,
): string | null {
  const picked = pickChallenge(challenge);
  if (picked?.scheme === 'basic') return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  if (picked?.scheme !== 'digest') return null;
  return digestAuthorization(picked.params, credentials, method, uri, nc, randomBytes(8).toString('hex'));
}
