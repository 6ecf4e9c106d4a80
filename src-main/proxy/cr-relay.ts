import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import type { Exchange } from '../../src-shared/traffic/exchange';
import type { TrafficSink } from '../runtime/traffic-sink';
import { BodyRecorder } from './body-recorder';
import { forwardHeaders, rawPairs } from './headers';
import { recordedBody } from './record';
import { socketInfo } from './socket-info';

/**
 * When a profile rewrites ConnectionRequestURLs, the ACS's connection requests arrive here
 * (`/cr/<token>`), are recorded, and are passed to the CPE's real URL; the CPE's answer (usually a
 * Digest challenge, then 200/204) goes back unchanged.
 */
export class ConnectionRequestRelay {
  private server: http.Server | undefined;
  private port = 0;
  private readonly targets = new Map<string, { url: string; deviceId?: string }>();
  private readonly tokens = new Map<string, string>();

  constructor(
    private readonly o: { name: string; listenHost: string; advertisedHost: string; sink: TrafficSink },
  ) {}

  async start(): Promise<void> {
    const server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, this.o.listenHost, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const addr = server.address();
    this.port = typeof addr === 'object' && addr ? addr.port : 0;
    this.server = server;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    await new Promise<void>((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections?.();
    });
  }

  baseUrl(): string | undefined {
    if (!this.server) return undefined;
    const h = isIP(this.o.advertisedHost) === 6 ? `[${this.o.advertisedHost}]` : this.o.advertisedHost;
    return `http://${h}:${this.port}/cr/`;
  }

  /** The URL the ACS is given instead of `original` (stable per original URL). */
  relayUrlFor(original: string, deviceId?: string): string {
    let token = this.tokens.get(original);
    if (!token) {
      token = randomUUID().replace(/-/g, '').slice(0, 16);
      this.tokens.set(original, token);
    }
    this.targets.set(token, { url: original, deviceId });
    return `${this.baseUrl() ?? 'http://127.0.0.1:0/cr/'}${token}`;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const token = /^\/cr\/([0-9a-f]{16})(?:[/?]|$)/.exec(req.url ?? '')?.[1];
    const target = token ? this.targets.get(token) : undefined;
    const x: Exchange = {
      id: randomUUID(),
      kind: 'connection-request',
      source: `proxy:${this.o.name}`,
      startedAt: Date.now(),
      connection: socketInfo(req.socket),
      request: { method: req.method ?? 'GET', url: req.url ?? '/', httpVersion: req.httpVersion, headers: rawPairs(req.rawHeaders), body: { encoding: 'utf8', data: '', size: 0 } },
      notes: ['relayed-connection-request'],
    };
    if (target?.deviceId) x.deviceId = target.deviceId;
    let finished = false;
    const finish = (status: number, statusText: string, headers: string[], body: Buffer, error?: string): void => {
      if (finished) return;
      finished = true;
      x.finishedAt = Date.now();
      x.response = { status, statusText, headers: rawPairs(headers), body: recordedBody(body) };
      if (error) x.error = error;
      this.o.sink.record(x);
    };
    if (!target) {
      const body = Buffer.from('unknown connection request target\n');
      res.writeHead(404, { 'Content-Type': 'text/plain', 'Content-Length': body.length });
      res.end(body);
      finish(404, 'Not Found', ['Content-Type', 'text/plain'], body, 'no ConnectionRequestURL is known for this relay address');
      return;
    }
    this.o.sink.record({ ...x });
    let url: URL;
    try {
      url = new URL(target.url);
    } catch {
      res.writeHead(502).end();
      finish(502, 'Bad Gateway', [], Buffer.alloc(0), `the CPE's ConnectionRequestURL is not a URL: ${target.url}`);
      return;
    }
    const up = http.request({
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port || 80,
      method: req.method,
      path: `${url.pathname}${url.search}`,
      headers: forwardHeaders(req.rawHeaders, { Host: url.host }) as unknown as http.OutgoingHttpHeaders,
      agent: false,
      timeout: 30_000,
    });
    up.on('timeout', () => up.destroy(new Error('the CPE did not answer within 30 s')));
    let answer: { r: IncomingMessage; copy: BodyRecorder } | undefined;
    // The CPE went away mid-answer: cut the ACS too (it would wait for the rest), and record why.
    const cutMidAnswer = (why: string): void => {
      res.destroy();
      if (answer) finish(answer.r.statusCode ?? 0, answer.r.statusMessage ?? '', answer.r.rawHeaders, answer.copy.bytes(), why);
    };
    up.on('error', (err) => {
      if (res.headersSent) {
        cutMidAnswer(`CPE hung up mid-answer: ${err.message}`);
        return;
      }
      const body = Buffer.from(`connection request to ${target.url} failed: ${err.message}\n`);
      res.writeHead(502, { 'Content-Type': 'text/plain', 'Content-Length': body.length });
      res.end(body);
      finish(502, 'Bad Gateway', ['Content-Type', 'text/plain'], body, `CPE unreachable at ${target.url}: ${err.message}`);
    });
    up.on('response', (r) => {
      const copy = new BodyRecorder(1024 * 1024);
      answer = { r, copy };
      r.on('data', (c: Buffer) => copy.add(c));
      r.on('error', (err) => cutMidAnswer(`CPE hung up mid-answer: ${err.message}`));
      r.on('close', () => {
        if (!r.complete) cutMidAnswer('CPE hung up mid-answer');
      });
      res.sendDate = false;
      res.writeHead(r.statusCode ?? 502, r.statusMessage, forwardHeaders(r.rawHeaders));
      r.pipe(res);
      r.on('end', () => finish(r.statusCode ?? 0, r.statusMessage ?? '', r.rawHeaders, copy.bytes()));
    });
    req.pipe(up);
  }
}
