import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CpeAuthMode } from '../../src-shared/cwmp/session-settings';

/**
 * HTTP Basic and Digest (RFC 7616, MD5, qop=auth; RFC 2069 without qop for old CPEs): the ACS checking
 * CPEs, and the ACS answering a CPE's challenge on a connection request.
 */

export function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

/** Parses `Digest a="b", c=d` (or a `WWW-Authenticate` value) into its scheme and parameters. */
export function parseAuthHeader(value: string): { scheme: string; params: Record<string, string>; token?: string } {
  const trimmed = value.trim();
  const space = trimmed.indexOf(' ');
  const scheme = (space < 0 ? trimmed : trimmed.slice(0, space)).toLowerCase();
  const rest = space < 0 ? '' : trimmed.slice(space + 1).trim();
  const params: Record<string, string> = {};
  const re = /([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*,?\s*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(rest)) !== null) {
    if (m[0].length === 0) break;
    params[m[1].toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
  }
  return { scheme, params, token: scheme === 'basic' ? rest : undefined };
}

export type AuthVerdict =
  | { ok: true; username: string }
  | { ok: false; reason: string; stale?: boolean };

const NONCE_LIFETIME_MS = 5 * 60_000;

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
    const ha1 = md5(`${p.username}:${expected.realm}:${expected.password}`);
    const ha2 = md5(`${method}:${p.uri}`);
    const want = p.qop ? md5(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`) : md5(`${ha1}:${p.nonce}:${ha2}`);
    if (!safeEqual(want, p.response.toLowerCase())) return { ok: false, reason: `Wrong Digest response for user "${p.username}"` };
    return { ok: true, username: p.username };
  }

  private expire(now: number): void {
    if (this.nonces.size < 1000) return;
    for (const [nonce, at] of this.nonces) if (now - at > NONCE_LIFETIME_MS) this.nonces.delete(nonce);
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

/** The `Authorization` value answering a `WWW-Authenticate` challenge (client side), or null if unsupported. */
export function answerChallenge(
  challenge: string,
  credentials: { username: string; password: string },
  method: string,
  uri: string,
  nc = 1,
): string | null {
  const parsed = parseAuthHeader(challenge);
  if (parsed.scheme === 'basic') {
    return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  }
  if (parsed.scheme !== 'digest') return null;
  const p = parsed.params;
  const realm = p.realm ?? '';
  const nonce = p.nonce ?? '';
  const qops = (p.qop ?? '').split(',').map((q) => q.trim());
  const ha1 = md5(`${credentials.username}:${realm}:${credentials.password}`);
  const ha2 = md5(`${method}:${uri}`);
  const fields = [`username="${credentials.username}"`, `realm="${realm}"`, `nonce="${nonce}"`, `uri="${uri}"`, 'algorithm=MD5'];
  if (qops.includes('auth')) {
    const cnonce = randomBytes(8).toString('hex');
    const ncHex = nc.toString(16).padStart(8, '0');
    fields.push(`qop=auth`, `nc=${ncHex}`, `cnonce="${cnonce}"`, `response="${md5(`${ha1}:${nonce}:${ncHex}:${cnonce}:auth:${ha2}`)}"`);
  } else {
    fields.push(`response="${md5(`${ha1}:${nonce}:${ha2}`)}"`);
  }
  if (p.opaque !== undefined) fields.push(`opaque="${p.opaque}"`);
  return `Digest ${fields.join(', ')}`;
}
