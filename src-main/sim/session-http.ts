/**
 * The HTTP side of one CWMP session as a CPE runs it: POSTs to the ACS over one keep-alive connection,
 * cookies kept for the session, 401 challenges answered (Basic or Digest), redirects followed.
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { pickChallenge } from '../runtime/http-auth';
import { ClientAuth, type Credentials } from './http-auth';
import type { SimFaults } from './fault-switches';

export interface TlsOptions {
  ca?: string | string[];
  cert?: string;
  key?: string;
  rejectUnauthorized?: boolean;
}

export interface HttpReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const MAX_REDIRECTS = 5;
const MAX_BODY = 32 * 1024 * 1024;

/** Sends one request and collects the whole reply. */
export function request(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: Buffer | null,
  options: { agent?: http.Agent; tls?: TlsOptions; timeoutMs: number },
): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const isHttps = url.protocol === 'https:';
    const lib = isHttps ? https : http;
    const tls = isHttps ? (options.tls ?? {}) : {};
    const req = lib.request(
      url,
      { method, headers: body ? { ...headers, 'Content-Length': String(body.length) } : headers, agent: options.agent, ...tls },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_BODY) req.destroy(new Error(`reply larger than ${MAX_BODY} bytes`));
          else chunks.push(c);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.setTimeout(options.timeoutMs, () => req.destroy(new Error(`no reply within ${options.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

export interface SessionHttpOptions {
  url: string;
  credentials?: Credentials;
  tls?: TlsOptions;
  keepAlive: boolean;
  timeoutMs: number;
  /** Deliberate faults (fault-switches.ts). */
  faults?: SimFaults;
}

export class SessionHttp {
  private url: URL;
  private readonly cookies = new Map<string, string>();
  private auth: ClientAuth | null = null;
  private readonly agent: http.Agent;
  /** HTTP round trips, including 401s and redirects. */
  exchanges = 0;

  constructor(private readonly options: SessionHttpOptions) {
    this.url = new URL(options.url);
    const Agent = this.url.protocol === 'https:' ? https.Agent : http.Agent;
    // One connection per session, as a CPE has; closed when the session ends.
    this.agent = new Agent({ keepAlive: options.keepAlive, maxSockets: 1, ...(this.url.protocol === 'https:' ? options.tls : {}) });
  }

  /** POSTs a SOAP envelope (or the empty body, `null`) and returns the ACS's reply. */
  async post(envelope: string | null): Promise<HttpReply> {
    const body = envelope === null ? null : Buffer.from(envelope, 'utf8');
    for (let redirects = 0, authTries = 0; ; ) {
      const headers: Record<string, string> = {};
      if (body) {
        headers['Content-Type'] = 'text/xml; charset="utf-8"';
        headers.SOAPAction = '';
      }
      if (this.cookies.size > 0) headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      if (this.auth) headers.Authorization = this.auth.header('POST', this.url.pathname + this.url.search);
      this.exchanges++;
      const reply = await request(this.url, 'POST', headers, body ?? Buffer.alloc(0), {
        agent: this.agent,
        tls: this.options.tls,
        timeoutMs: this.options.timeoutMs,
      });
      this.keepCookies(reply.headers['set-cookie']);
      if (reply.status === 401) {
        const challenge = pickChallenge(reply.headers['www-authenticate']);
        const stale = challenge?.scheme === 'digest' && challenge.params.stale?.toLowerCase() === 'true';
        if (!challenge || !this.options.credentials) throw new Error('ACS requires authentication and the device has no credentials');
        if ((authTries++ > 0 && !stale) || authTries > 3) throw new Error('ACS rejected the device credentials (401)');
        this.auth = new ClientAuth(challenge, this.options.credentials);
        continue;
      }
      if ([301, 302, 303, 307, 308].includes(reply.status) && reply.headers.location) {
        if (++redirects > MAX_REDIRECTS) throw new Error('too many redirects');
        this.url = new URL(reply.headers.location, this.url);
        this.auth = null;
        continue;
      }
      return reply;
    }
  }

  private keepCookies(setCookie: string[] | undefined): void {
    if (this.options.faults?.has('no-cookies')) return;
    for (const line of setCookie ?? []) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const expired = attrs.some((a) => {
        const [k, v = ''] = a.split('=').map((x) => x.trim());
        return (k.toLowerCase() === 'max-age' && Number(v) <= 0) || (k.toLowerCase() === 'expires' && Date.parse(v) < Date.now());
      });
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1).trim());
    }
  }

  close(): void {
    this.agent.destroy();
  }
}
