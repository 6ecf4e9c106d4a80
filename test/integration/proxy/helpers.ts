import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Exchange } from '../../../src-shared/traffic/exchange';
import type { TrafficSink } from '../../../src-main/runtime/traffic-sink';

export { envelope, gpv, gpvResponse, informResponse, informXml } from '../../unit/capture/cwmp-bodies';

/** What a server received in one request. */
export interface Received {
  method: string;
  url: string;
  rawHeaders: string[];
  body: Buffer;
  remotePort: number;
  socket: Socket;
}

export type Reply = { status: number; statusText?: string; headers: string[]; body: Buffer | string } | 'hang-up' | ((res: ServerResponse, req: IncomingMessage) => void);

/**
 * A minimal third-party-style ACS: records each request (raw headers and body bytes) and answers with the
 * next scripted reply, given raw so the test knows exactly what it sent.
 */
export class ScriptedAcs {
  readonly received: Received[] = [];
  server!: http.Server | https.Server;
  port = 0;
  constructor(private readonly reply: (r: Received, i: number) => Reply) {}

  async start(tls?: { key: string; cert: string; requestCert?: boolean; ca?: string[] }): Promise<this> {
    const handler = (req: IncomingMessage, res: ServerResponse): void => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const r: Received = { method: req.method ?? '', url: req.url ?? '', rawHeaders: req.rawHeaders, body: Buffer.concat(chunks), remotePort: req.socket.remotePort ?? 0, socket: req.socket };
        this.received.push(r);
        const reply = this.reply(r, this.received.length - 1);
        if (reply === 'hang-up') {
          req.socket.destroy();
          return;
        }
        if (typeof reply === 'function') {
          reply(res, req);
          return;
        }
        res.sendDate = false;
        res.writeHead(reply.status, reply.statusText ?? '', reply.headers);
        res.end(reply.body);
      });
    };
    this.server = tls ? https.createServer({ key: tls.key, cert: tls.cert, requestCert: tls.requestCert, ca: tls.ca, rejectUnauthorized: false }, handler) : http.createServer(handler);
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => {
      this.server.close(() => r());
      this.server.closeAllConnections();
    });
  }
}

/** A sink keeping every finished exchange. */
export class CollectingSink implements TrafficSink {
  readonly finished: Exchange[] = [];
  readonly started: Exchange[] = [];
  private waiters: Array<{ n: number; resolve: () => void }> = [];
  record(x: Exchange): void {
    if (x.finishedAt === undefined) {
      this.started.push(x);
      return;
    }
    this.finished.push(x);
    this.waiters = this.waiters.filter((w) => {
      if (this.finished.length >= w.n) w.resolve();
      return this.finished.length < w.n;
    });
  }
  /** Resolves once n exchanges have finished. */
  waitFor(n: number, timeoutMs = 5000): Promise<void> {
    if (this.finished.length >= n) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`only ${this.finished.length} of ${n} exchanges finished`)), timeoutMs);
      this.waiters.push({
        n,
        resolve: () => {
          clearTimeout(t);
          resolve();
        },
      });
    });
  }
}

export interface ClientResult {
  status: number;
  statusText: string;
  rawHeaders: string[];
  body: Buffer;
}

/** One request with exact raw headers and body, over the given agent (a CPE's keep-alive connection). */
export function send(
  url: string,
  o: { method?: string; headers: string[]; body?: Buffer | string; agent?: http.Agent | false; ca?: string; expectContinue?: boolean; rejectUnauthorized?: boolean },
): Promise<ClientResult> {
  const u = new URL(url);
  const mod = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request({
      hostname: u.hostname,
      port: u.port,
      path: `${u.pathname}${u.search}`,
      method: o.method ?? 'POST',
      // Raw array headers: Node adds nothing, so the Host a CPE sends goes first, as it would.
      headers: (o.headers.some((h, i) => i % 2 === 0 && h.toLowerCase() === 'host') ? o.headers : ['Host', u.host, ...o.headers]) as unknown as http.OutgoingHttpHeaders,
      agent: o.agent,
      ca: o.ca,
      rejectUnauthorized: o.rejectUnauthorized,
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    if (o.expectContinue) {
      req.on('continue', () => req.end(o.body));
      req.flushHeaders();
    } else req.end(o.body);
  });
}

const HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'upgrade', 'proxy-authorization', 'proxy-authenticate']);

/** Header pairs without hop-by-hop fields and the given names (lower case). */
export function endToEnd(raw: string[], drop: string[] = []): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const n = raw[i].toLowerCase();
    if (HOP.has(n) || drop.includes(n)) continue;
    out.push([raw[i], raw[i + 1]]);
  }
  return out;
}
