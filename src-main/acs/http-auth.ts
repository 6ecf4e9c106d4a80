import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { CpeAuthMode } from '../../src-shared/cwmp/session-settings';
import { digestResponse, md5, parseAuthHeader } from '../runtime/http-auth';

/**
 * The ACS checking CPEs with HTTP Basic and Digest (RFC 7616, MD5, qop=auth; RFC 2069 without qop for old
 * CPEs). The Digest arithmetic and the client side live in `runtime/http-auth`, shared with the simulator.
 */

export type AuthVerdict =
  | { ok: true; username: string }
  | { ok: false; reason: string; stale?: boolean };

const NONCE_LIFETIME_MS = 5 * 60_000;
/** Outstanding Digest nonces kept at most; far above what a bench of CPEs needs within one lifetime. */
export const MAX_NONCES = 10_000;

/** A nonce the ACS issued: when, and the highest `nc` accepted with it (0: none yet). */
interface IssuedNonce {
  at: number;
  nc: number;
}

/**
 * Checks CPE credentials and issues challenges. Digest nonces are kept in memory for their lifetime
 * (five minutes by default), each with the highest `nc` accepted so far: a header sent again (same nonce,
 * same or lower `nc`) is refused, so a captured `Authorization` cannot open sessions. A nonce used without
 * qop (RFC 2069, no `nc`) is good once. An expired nonce is answered with `stale=true`.
 */
export class CpeAuthenticator {
  private readonly nonces = new Map<string, IssuedNonce>();
  private readonly lifetimeMs: number;

  constructor(options: { nonceLifetimeMs?: number } = {}) {
    this.lifetimeMs = options.nonceLifetimeMs ?? NONCE_LIFETIME_MS;
  }

  challenge(mode: Exclude<CpeAuthMode, 'none'>, realm: string, stale = false, now = Date.now()): string {
    if (mode === 'basic') return `Basic realm="${realm}"`;
    this.expire(now);
    const nonce = randomBytes(16).toString('hex');
    this.nonces.set(nonce, { at: now, nc: 0 });
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
    if (issued === undefined || now - issued.at > this.lifetimeMs) {
      if (issued) this.nonces.delete(p.nonce);
      return { ok: false, reason: 'Unknown or expired nonce', stale: true };
    }
    if (p.username !== expected.username) return { ok: false, reason: `Unknown Digest user "${p.username}"` };
    if (requestUri !== undefined && !sameTarget(p.uri, requestUri)) return { ok: false, reason: `Digest uri "${p.uri}" is not the request's "${requestUri}"` };
    if (p.algorithm && p.algorithm.toUpperCase() !== 'MD5') return { ok: false, reason: `Unsupported Digest algorithm ${p.algorithm}` };
    const want = digestResponse({ username: p.username, realm: expected.realm, password: expected.password, method, uri: p.uri, nonce: p.nonce, qop: p.qop, nc: p.nc, cnonce: p.cnonce });
    if (!safeEqual(want, p.response.toLowerCase())) return { ok: false, reason: `Wrong Digest response for user "${p.username}"` };
    // Only a correct response counts against the nonce, so garbage cannot use up a CPE's counts.
    if (p.qop) {
      const nc = /^[0-9a-f]{1,8}$/i.test(p.nc ?? '') ? parseInt(p.nc!, 16) : NaN;
      if (!(nc > issued.nc)) return { ok: false, reason: `Replayed Digest credentials: nc ${p.nc ?? '(none)'} is not above ${issued.nc.toString(16).padStart(8, '0')} for this nonce` };
      issued.nc = nc;
    } else {
      // RFC 2069 has no count: the nonce is good for one request.
      if (issued.nc > 0) return { ok: false, reason: 'Replayed Digest credentials: this nonce (no qop) was already used' };
      issued.nc = 1;
    }
    return { ok: true, username: p.username };
  }

  private expire(now: number): void {
    if (this.nonces.size < 1000) return;
    for (const [nonce, issued] of this.nonces) if (now - issued.at > this.lifetimeMs) this.nonces.delete(nonce);
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
