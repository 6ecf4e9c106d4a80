/**
 * HTTP authentication as a CPE does it: answering the ACS's Basic or Digest (RFC 7616, MD5, qop=auth)
 * challenges, and checking Digest on its own connection-request listener.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface Credentials {
  username: string;
  password: string;
}

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

/** Splits `Digest realm="a", qop="auth,auth-int", nonce=abc` into lower-cased keys and unquoted values. */
export function parseAuthParams(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out[m[1].toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
  }
  return out;
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

/** Answers challenges for one session: Digest keeps its nonce and counts `nc` up across requests. */
export class ClientAuth {
  private nc = 0;
  private readonly cnonce = randomBytes(8).toString('hex');

  constructor(
    private readonly challenge: Challenge,
    private readonly creds: Credentials,
  ) {}

  header(method: string, uri: string): string {
    const { username, password } = this.creds;
    if (this.challenge.scheme === 'basic') return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    const p = this.challenge.params;
    const realm = p.realm ?? '';
    const ha1 = md5(`${username}:${realm}:${password}`);
    const ha2 = md5(`${method}:${uri}`);
    const qops = (p.qop ?? '').split(',').map((q) => q.trim());
    const fields = [`username="${username}"`, `realm="${realm}"`, `nonce="${p.nonce}"`, `uri="${uri}"`, 'algorithm=MD5'];
    if (qops.includes('auth')) {
      const nc = (++this.nc).toString(16).padStart(8, '0');
      const response = md5(`${ha1}:${p.nonce}:${nc}:${this.cnonce}:auth:${ha2}`);
      fields.push(`response="${response}"`, 'qop=auth', `nc=${nc}`, `cnonce="${this.cnonce}"`);
    } else {
      fields.push(`response="${md5(`${ha1}:${p.nonce}:${ha2}`)}"`);
    }
    if (p.opaque !== undefined) fields.push(`opaque="${p.opaque}"`);
    return `Digest ${fields.join(', ')}`;
  }
}

/** Digest (qop=auth) checking for the connection-request listener, with stateless signed nonces. */
export class DigestVerifier {
  private readonly secret = randomBytes(16);

  constructor(
    readonly realm: string,
    private readonly nonceLifetimeMs = 300_000,
  ) {}

  private sign(stamp: string): string {
    return createHmac('sha256', this.secret).update(stamp).digest('hex').slice(0, 32);
  }

  challenge(stale = false): string {
    const stamp = Date.now().toString(36);
    const nonce = `${stamp}.${this.sign(stamp)}`;
    return `Digest realm="${this.realm}", qop="auth", nonce="${nonce}", algorithm=MD5${stale ? ', stale=true' : ''}`;
  }

  /** `ok`, `stale` (right password, expired nonce) or `bad`. */
  verify(authorization: string | undefined, method: string, creds: Credentials): 'ok' | 'stale' | 'bad' {
    if (!authorization || !/^Digest\s/i.test(authorization)) return 'bad';
    const p = parseAuthParams(authorization.slice(7));
    const [stamp, sig] = (p.nonce ?? '').split('.');
    if (!stamp || !sig || sig.length !== 32 || !timingSafeEqual(Buffer.from(sig), Buffer.from(this.sign(stamp)))) return 'bad';
    if (p.username !== creds.username || p.realm !== this.realm || !p.uri) return 'bad';
    const ha1 = md5(`${creds.username}:${this.realm}:${creds.password}`);
    const ha2 = md5(`${method}:${p.uri}`);
    const expected =
      p.qop === 'auth' ? md5(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:auth:${ha2}`) : md5(`${ha1}:${p.nonce}:${ha2}`);
    if (!p.response || p.response.length !== expected.length || !timingSafeEqual(Buffer.from(p.response), Buffer.from(expected))) {
      return 'bad';
    }
    return Date.now() - parseInt(stamp, 36) > this.nonceLifetimeMs ? 'stale' : 'ok';
  }
}
