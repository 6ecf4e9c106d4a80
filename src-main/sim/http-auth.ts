/**
 * HTTP authentication as a CPE does it: answering the ACS's Basic or Digest (RFC 7616, MD5, qop=auth)
 * challenges, and checking Digest on its own connection-request listener.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { digestAuthorization, digestResponse, parseAuthParams, type Challenge } from '../runtime/http-auth';

export interface Credentials {
  username: string;
  password: string;
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
    return digestAuthorization(this.challenge.params, this.creds, method, uri, ++this.nc, this.cnonce);
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
    const qop = p.qop === 'auth' ? { qop: 'auth', nc: p.nc, cnonce: p.cnonce } : {};
    const expected = digestResponse({ ...creds, realm: this.realm, method, uri: p.uri, nonce: p.nonce ?? '', ...qop });
    if (!p.response || p.response.length !== expected.length || !timingSafeEqual(Buffer.from(p.response), Buffer.from(expected))) {
      return 'bad';
    }
    return Date.now() - parseInt(stamp, 36) > this.nonceLifetimeMs ? 'stale' : 'ok';
  }
}
