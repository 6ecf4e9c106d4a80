import { createHash, randomBytes } from 'node:crypto';

/**
 * HTTP Basic and Digest (RFC 7616, MD5, qop=auth; RFC 2069 without qop for old CPEs) as both ends use them:
 * parsing headers, computing responses and answering challenges. The ACS (checking CPEs, answering a CPE's
 * challenge on a connection request) and the simulator (answering the ACS) both take them from here, so
 * neither depends on the other.
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
