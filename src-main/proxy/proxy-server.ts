import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { Socket } from 'node:net';
import { isIP } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { ConnectionInfo, Exchange, HttpHeaders } from '../../src-shared/traffic/exchange';
import type { ProxyProfile } from '../../src-shared/api/proxy';
import type { TrafficSink } from '../runtime/traffic-sink';
import type { Interceptor } from './intercept';
import { BodyRecorder } from './body-recorder';
import { forwardHeaders, rawPairs, upstreamPath, withContentLength } from './headers';
import { recordedBody, recordMessage, recordMessageVia, type RecordedMessage } from './record';
import { InOrder } from './in-order';
import { socketInfo } from './socket-info';
import { pauseResponse, prepareRequest } from './held-message';
import { sharedDecodePool, type DecodePool } from '../decode-worker/decode-pool';
import { faultEnvelope } from './cwmp-edit';
import type { ConnectionRequestRelay } from './cr-relay';
import { SessionTracker } from './session-tracker';
import { injectFault } from './fault-injection';
import { attachTlsDiagnostics } from '../tls/tls-diagnostics';
import { describeError, editedLengthHeaders, makeAgent, upstreamAddress } from './upstream';

export interface ProxyServerOptions {
  profile: ProxyProfile;
  /** Key and certificate for an HTTPS listener. */
  listenerTls?: { key: string; cert: string };
  sink: TrafficSink;
  interceptor: Interceptor;
  /** The connection-request relay, when the profile rewrites ConnectionRequestURLs. */
  relay?: ConnectionRequestRelay;
  /** Bytes of each body kept in the recording (forwarding is never limited). Default 16 MiB. */
  maxRecordBytes?: number;
  onConnectionsChange?: () => void;
  /** Where recorded bodies are decoded; default the process-wide pool (inline unless `CWMP_DECODE_WORKER=1`). */
  decodePool?: DecodePool;
}

/** How long a CPE may take to send a request header when the profile does not say (the ACS's bound). */
export const PROXY_HEADERS_TIMEOUT_MS = 30_000;

interface ConnState {
  socket: Socket;
  info: ConnectionInfo;
  agent: http.Agent;
  deviceId?: string;
  sessionId?: string;
  inFlight: number;
  upstreamSockets: WeakSet<Socket>;
  /** The upstream connection closed while an exchange was in flight. */
  upstreamClosed?: boolean;
}

/**
 * One proxy profile's listener: a transparent reverse proxy from CPEs to one upstream ACS. Each CPE
 * connection gets its own upstream connection (an agent with one socket), because ACSs tie sessions to
 * connections. Bodies stream through; a copy is kept and, once the exchange is over, decoded by the
 * `DecodePool` (inline by default, on a worker thread with `CWMP_DECODE_WORKER=1`); each exchange is
 * published once decoded, in the order exchanges started and finished. Only when a breakpoint could match,
 * or the ConnectionRequestURL rewrite is on, is a message held whole first (and decoded inline).
 */
export class ProxyServer {
  private server: http.Server | https.Server | undefined;
  private readonly conns = new Set<ConnState>();
  private readonly bySocket = new WeakMap<Socket, ConnState>();
  private readonly sessions: SessionTracker;
  private readonly upstream: URL;
  private readonly transport: typeof http | typeof https;
  private readonly source: string;
  private readonly limit: number;
  private readonly pool: DecodePool;
  /** Publishing and session steps, in the order exchanges started and finished (decoding may run off-thread). */
  private readonly order = new InOrder();
  private port = 0;

  constructor(private readonly o: ProxyServerOptions) {
    this.upstream = new URL(o.profile.upstream.url);
    this.transport = this.upstream.protocol === 'https:' ? https : http;
    this.source = `proxy:${o.profile.name}`;
    this.limit = o.maxRecordBytes ?? 16 * 1024 * 1024;
    this.sessions = new SessionTracker(o.profile.name);
    this.pool = o.decodePool ?? sharedDecodePool();
  }

  get connections(): number {
    return this.conns.size;
  }

  get listening(): boolean {
    return this.server?.listening ?? false;
  }

  /** The URL to configure in the CPE as its ACS URL. */
  url(host: string): string {
    const h = isIP(host) === 6 ? `[${host}]` : host;
    return `${this.o.listenerTls ? 'https' : 'http'}://${h}:${this.port}/`;
  }

  get boundPort(): number {
    return this.port;
  }

  async start(): Promise<void> {
    this.pool.warm();
    const handler = (req: IncomingMessage, res: ServerResponse): void => this.handle(req, res, false);
    // Half a request header and silence: closed with 408 after the profile's bound, like the ACS. The whole
    // request is not bounded (a large upload through the proxy may take long).
    const headersTimeout = this.o.profile.headersTimeoutMs ?? PROXY_HEADERS_TIMEOUT_MS;
    const timeouts = { headersTimeout, requestTimeout: 0, connectionsCheckingInterval: Math.max(100, Math.min(5_000, Math.floor(headersTimeout / 4))) };
    const server = this.o.listenerTls
      ? https.createServer({ ...timeouts, key: this.o.listenerTls.key, cert: this.o.listenerTls.cert }, handler)
      : http.createServer(timeouts, handler);
    // Byte transparency: no Date header of our own; idle CPE connections stay as long as the ACS keeps its side.
    server.keepAliveTimeout = 120_000;
    server.on('checkContinue', (req, res) => this.handle(req, res, true));
    server.on(this.o.listenerTls ? 'secureConnection' : 'connection', (socket: Socket) => this.accept(socket));
    server.on('clientError', (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket) => {
      // Not HTTP the proxy can forward: answer 400 and keep a record of what arrived, so it is visible.
      // A connection cut mid-message is recorded by the exchange in flight, not as malformed HTTP.
      if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
        if (socket.writable) socket.end('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n');
        else socket.destroy();
        return;
      }
      const resets = err.code === 'ECONNRESET' || err.code === 'EPIPE' || err.code === 'HPE_INVALID_EOF_STATE';
      if (!resets && !(this.bySocket.get(socket)?.inFlight ?? 0)) this.recordClientError(socket, err);
      if (socket.writable && !resets) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      else socket.destroy();
    });
    // A CPE whose TLS handshake fails is recorded too: its address and the reason in words.
    if (server instanceof https.Server) attachTlsDiagnostics(server, this.o.sink, { source: this.source });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      server.once('error', onError);
      server.listen(this.o.profile.listen.port, this.o.profile.listen.host, () => {
        server.off('error', onError);
        resolve();
      });
    });
    const addr = server.address();
    this.port = typeof addr === 'object' && addr ? addr.port : this.o.profile.listen.port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.o.interceptor.releaseAll(this.o.profile.name);
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const c of this.conns) {
        c.socket.destroy();
        c.agent.destroy();
      }
      server.closeAllConnections?.();
    });
    // Every exchange that finished is published before stop returns (a capture is closed right after).
    await new Promise<void>((resolve) => setImmediate(resolve));
    await this.order.settled();
  }

  private accept(socket: Socket): void {
    const tlsSocket = this.o.listenerTls ? (socket as TLSSocket) : undefined;
    const info = socketInfo(socket);
    if (tlsSocket) {
      info.tls = {
        protocol: tlsSocket.getProtocol?.() ?? undefined,
        cipher: tlsSocket.getCipher?.()?.name,
        servername: typeof tlsSocket.servername === 'string' ? tlsSocket.servername : undefined,
      };
    }
    const agent = makeAgent(this.upstream, this.o.profile.upstream);
    const state: ConnState = { socket, info, agent, inFlight: 0, upstreamSockets: new WeakSet() };
    this.conns.add(state);
    this.bySocket.set(socket, state);
    socket.setNoDelay(true);
    socket.on('close', () => {
      this.conns.delete(state);
      agent.destroy();
      this.o.onConnectionsChange?.();
    });
    this.o.onConnectionsChange?.();
  }

  private recordClientError(socket: Socket, err: NodeJS.ErrnoException & { rawPacket?: Buffer }): void {
    const conn = this.bySocket.get(socket);
    const now = Date.now();
    const raw = err.rawPacket ? recordMessage(err.rawPacket, err.rawPacket.length, false, []).body : undefined;
    const x: Exchange = {
      id: randomUUID(),
      kind: 'cwmp',
      source: this.source,
      startedAt: now,
      finishedAt: now,
      connection: conn?.info ?? socketInfo(socket),
      error: `malformed HTTP from the CPE (${err.code ?? 'parse error'}: ${err.message}); answered 400, nothing forwarded`,
      notes: ['proxy-generated-response'],
    };
    if (conn?.deviceId) x.deviceId = conn.deviceId;
    if (conn?.sessionId) x.sessionId = conn.sessionId;
    if (raw) x.request = { method: '', url: '', httpVersion: '', headers: [], body: raw };
    this.o.sink.record(x);
  }

  private stateOf(req: IncomingMessage): ConnState {
    const s = this.bySocket.get(req.socket);
    if (s) return s;
    this.accept(req.socket);
    return this.bySocket.get(req.socket)!;
  }

  private handle(req: IncomingMessage, res: ServerResponse, expectContinue: boolean): void {
    const conn = this.stateOf(req);
    conn.inFlight++;
    const name = this.o.profile.name;
    const reqHeaders = rawPairs(req.rawHeaders);
    const x: Exchange = {
      id: randomUUID(),
      kind: 'cwmp',
      source: this.source,
      startedAt: Date.now(),
      connection: conn.info,
      request: { method: req.method ?? 'GET', url: req.url ?? '/', httpVersion: req.httpVersion, headers: reqHeaders, body: { encoding: 'utf8', data: '', size: 0 } },
    };
    let informHandled = false;
    const notes: string[] = [];
    // In order after the exchanges that finished before this one started, whose decoding may still run.
    this.order.run(undefined, () => {
      this.sessions.atStart(conn, x);
      this.o.sink.record({ ...x });
    });

    const reqCopy = new BodyRecorder(this.limit);
    const resCopy = new BodyRecorder(this.limit);
    let recordedReq: RecordedMessage | undefined;
    let recordedRes: RecordedMessage | undefined;
    // Messages edited at a breakpoint, as they arrived (the exchange records what was forwarded).
    let originalReq: RecordedMessage | undefined;
    let originalRes: RecordedMessage | undefined;
    let sentBody: Buffer | undefined;
    let error: string | undefined;
    let finished = false;
    let upRes: IncomingMessage | undefined;
    let resHeaders: HttpHeaders | undefined;
    let generated: { status: number; statusText: string; headers: HttpHeaders; body: Buffer } | undefined;
    let heldId: string | undefined;
    const onHeld = (id: string | undefined): void => {
      heldId = id;
    };

    const finish = (): void => {
      if (finished) return;
      finished = true;
      conn.inFlight--;
      const finishedAt = Date.now();
      // What is known now is what gets recorded: later events (a close after the end) change nothing.
      const errorNow = error;
      const notesNow = [...notes];
      const sent = sentBody;
      const gen = generated;
      const response = gen ? undefined : upRes && resHeaders ? { status: upRes.statusCode ?? 0, statusText: upRes.statusMessage ?? '', headers: resHeaders } : undefined;
      // Both bodies go to the decode pool; the record is published, in order, once they are decoded.
      const reqRec = recordedReq ?? recordMessageVia(this.pool, reqCopy.bytes(), reqCopy.size, reqCopy.truncated, reqHeaders);
      const resRec = response ? (recordedRes ?? recordMessageVia(this.pool, resCopy.bytes(), resCopy.size, resCopy.truncated, response.headers)) : undefined;
      const both = reqRec instanceof Promise || resRec instanceof Promise ? Promise.all([reqRec, resRec]) : ([reqRec, resRec] as const);
      this.order.run(both, ([rq, rs]) => {
        const done: Exchange = { ...x, finishedAt };
        done.request = { ...x.request!, body: rq.body };
        if (rq.summary) done.cwmpRequest = rq.summary;
        if (rq.deviceId && !informHandled) {
          informHandled = true;
          this.sessions.informSeen(conn, x, rq.deviceId);
        }
        done.sessionId = x.sessionId;
        done.deviceId = x.deviceId;
        if (gen) {
          const g = recordMessage(gen.body, gen.body.length, false, gen.headers);
          done.response = { status: gen.status, statusText: gen.statusText, headers: gen.headers, body: g.body };
          if (g.summary && gen.status < 300) done.cwmpResponse = g.summary;
        } else if (response && rs) {
          done.response = { ...response, body: rs.body };
          if (rs.summary) done.cwmpResponse = rs.summary;
        }
        if (originalReq || originalRes) {
          done.original = {};
          if (originalReq) done.original.request = { body: originalReq.body, ...(originalReq.summary ? { cwmp: originalReq.summary } : {}) };
          if (originalRes) done.original.response = { body: originalRes.body, ...(originalRes.summary ? { cwmp: originalRes.summary } : {}) };
        }
        if (sent && rq.body.size !== sent.length) notesNow.push(`forwarded ${sent.length} bytes instead of ${rq.body.size}`);
        if (errorNow) done.error = errorNow;
        if (notesNow.length) done.notes = [...new Set(notesNow)];
        if (done.response?.status === 401) done.notes = [...(done.notes ?? []), 'auth-challenge'];
        this.sessions.touched(conn, done);
        this.o.sink.record(done);
      });
      // The ACS closed its connection during this exchange: end the CPE's once the answer is out.
      if (conn.upstreamClosed && conn.inFlight === 0) {
        conn.upstreamClosed = false;
        if (!conn.socket.destroyed) conn.socket.end();
      }
    };

    // Progress records (the capture writes each at once): the request as received, before the proxy decodes,
    // holds or forwards the end of it; the ACS's answer, before its end goes to the CPE. Whatever crashes the
    // proxy, the message that did it is on disk. The final record (decoded, in order) replaces them.
    const recordReceived = (): void => {
      if (finished) return;
      const body = recordedBody(reqCopy.bytes(), reqCopy.size, reqCopy.truncated);
      this.order.run(undefined, () => this.o.sink.record({ ...x, request: { ...x.request!, body } }));
    };
    const recordAnswered = (r: IncomingMessage): void => {
      if (finished || !resHeaders) return;
      const request = { ...x.request!, body: recordedBody(reqCopy.bytes(), reqCopy.size, reqCopy.truncated) };
      const response = { status: r.statusCode ?? 0, statusText: r.statusMessage ?? '', headers: resHeaders, body: recordedBody(resCopy.bytes(), resCopy.size, resCopy.truncated) };
      this.order.run(undefined, () => this.o.sink.record({ ...x, request, response }));
    };

    const fail = (why: string): void => {
      error ??= why;
    };
    // A held message the proxy could not carry on with: the exchange says why and the CPE is cut, rather
    // than a rejection nobody handles and a CPE left waiting.
    const broken = (what: string, err: unknown): void => {
      heldId = undefined;
      fail(`proxy failed while holding ${what}: ${err instanceof Error ? err.message : String(err)}`);
      res.destroy();
      finish();
    };

    const path = upstreamPath(this.upstream, req.url ?? '/');
    const replace: Record<string, string | null> = this.o.profile.preserveHost ? {} : { Host: this.upstream.host };
    const bufferReq = this.o.profile.rewriteConnectionRequestUrl || this.o.interceptor.mayPause(name, 'cpe-to-acs', conn.deviceId);
    const bufferRes = this.o.interceptor.mayPause(name, 'acs-to-cpe', conn.deviceId);

    const sendUpstream = (body: Buffer | undefined, headerReplace: Record<string, string | null>): http.ClientRequest => {
      const upReq = this.transport.request({
        ...upstreamAddress(this.upstream),
        method: req.method,
        path,
        headers: forwardHeaders(req.rawHeaders, { ...replace, ...headerReplace }) as unknown as http.OutgoingHttpHeaders,
        agent: conn.agent,
      });
      upReq.on('socket', (s: Socket) => {
        if (conn.upstreamSockets.has(s)) return;
        conn.upstreamSockets.add(s);
        s.setNoDelay(true);
        // The ACS closed its side: close the CPE's too, so the CPE sees what it would have seen directly.
        s.once('close', () => {
          if (conn.inFlight === 0) {
            if (!conn.socket.destroyed) conn.socket.end();
          } else conn.upstreamClosed = true;
        });
      });
      upReq.on('continue', () => {
        if (expectContinue && !res.headersSent) res.writeContinue();
      });
      upReq.on('error', (err: NodeJS.ErrnoException) => {
        if (finished) return;
        if (!upRes) {
          fail(`upstream unreachable: ${describeError(err)}`);
          respondGenerated(502, 'Bad Gateway', `cwmp-workbench proxy: upstream ${this.upstream.origin} unreachable: ${describeError(err)}\n`);
        } else {
          fail(`ACS hung up mid-response: ${describeError(err)}`);
          res.destroy();
          finish();
        }
      });
      upReq.on('response', (r) => onUpstreamResponse(r));
      if (body !== undefined) upReq.end(body);
      else if (expectContinue) upReq.flushHeaders();
      return upReq;
    };

    const respondGenerated = (status: number, statusText: string, text: string, contentType = 'text/plain; charset=utf-8'): void => {
      const body = Buffer.from(text, 'utf8');
      const headers: HttpHeaders = [
        ['Content-Type', contentType],
        ['Content-Length', String(body.length)],
      ];
      generated = { status, statusText, headers, body };
      notes.push('proxy-generated-response');
      if (res.headersSent || res.destroyed) {
        res.destroy();
        finish();
        return;
      }
      res.sendDate = false;
      res.writeHead(status, statusText, headers.flat());
      res.end(body, () => finish());
    };

    const writeResponse = (r: IncomingMessage, body: Buffer | undefined, headerReplace: Record<string, string | null> = {}): void => {
      res.sendDate = false;
      if (/\bclose\b/i.test(String(r.headers.connection ?? '')) || r.httpVersion === '1.0') res.shouldKeepAlive = false;
      res.writeHead(r.statusCode ?? 502, r.statusMessage, forwardHeaders(r.rawHeaders, headerReplace));
      if (body !== undefined) res.end(body);
    };

    const onUpstreamResponse = (r: IncomingMessage): void => {
      upRes = r;
      resHeaders = rawPairs(r.rawHeaders);
      r.on('data', (chunk: Buffer) => resCopy.add(chunk));
      r.on('aborted', () => fail('ACS hung up mid-response'));
      r.on('error', (err) => fail(`ACS hung up mid-response: ${describeError(err)}`));
      r.on('close', () => {
        if (!r.complete) {
          fail('ACS hung up mid-response');
          res.destroy();
          finish();
        }
      });
      // Before the pipe's own 'end' listener, which ends the response to the CPE.
      r.on('end', () => recordAnswered(r));
      if (!bufferRes || (r.statusCode ?? 0) === 100) {
        writeResponse(r, undefined);
        r.pipe(res);
        return;
      }
      r.on('end', () => {
        // After the earlier exchanges' records (their decoding may still run): the device is known then.
        void this.order
          .settled()
          .then(() => pauseResponse(this.o, conn, x, r.statusCode ?? 0, resCopy, resHeaders!, onHeld))
          .then((d) => {
            heldId = undefined;
            if (res.destroyed) return finish();
            recordedRes = d.recorded;
            switch (d.decision.action) {
              case 'resume':
                writeResponse(r, resCopy.bytes());
                break;
              case 'edit': {
                const b = Buffer.from(d.decision.body, 'utf8');
                notes.push('intercepted:edited');
                originalRes = d.recorded;
                resHeaders = withContentLength(resHeaders!, b.length);
                recordedRes = recordMessage(b, b.length, false, resHeaders);
                writeResponse(r, b, editedLengthHeaders(r.rawHeaders, b.length));
                break;
              }
              case 'drop':
                notes.push('intercepted:dropped');
                fail('dropped at a breakpoint: the ACS message was not delivered; the CPE connection was closed');
                res.destroy();
                finish();
                break;
              case 'fault': {
                // Answer the ACS as if the CPE faulted: a new POST upstream on the same connection, whose
                // reply goes to the CPE in place of the held message.
                notes.push('intercepted:answered-with-fault');
                const faultXml = faultEnvelope({ namespace: d.recorded.summary?.namespace, cwmpId: d.recorded.summary?.id, ...d.decision });
                injectFault({ transport: this.transport, upstream: this.upstream, sink: this.o.sink, source: this.source, limit: this.limit }, conn, req, path, replace, faultXml, res, () => finish());
                break;
              }
              default:
                assertNever(d.decision);
            }
          })
          .catch((err: unknown) => broken('the ACS message', err));
      });
    };

    res.on('finish', () => finish());
    res.on('close', () => {
      // The CPE left while a message of its exchange was held: nothing is left to deliver, so drop it.
      if (heldId !== undefined) {
        try {
          this.o.interceptor.decide(heldId, { action: 'drop' });
        } catch {
          // Already decided or let go.
        }
      }
      if (!req.complete) {
        fail(`CPE hung up mid-request (${reqCopy.size} bytes received)`);
        upstreamReq?.destroy();
        finish();
        return;
      }
      if (!res.writableFinished) {
        fail(upRes ? 'CPE closed the connection before the response was delivered' : 'CPE closed the connection before the ACS answered');
        finish();
      }
    });
    req.on('close', () => {
      if (!req.complete) {
        fail(`CPE hung up mid-request (${reqCopy.size} bytes received)`);
        upstreamReq?.destroy();
        finish();
      }
    });

    let upstreamReq: http.ClientRequest | undefined;
    req.on('end', recordReceived);
    if (!bufferReq) {
      req.on('data', (chunk: Buffer) => reqCopy.add(chunk));
      upstreamReq = sendUpstream(undefined, {});
      req.pipe(upstreamReq);
      return;
    }
    // Held whole: a breakpoint may match, or the ConnectionRequestURL may be rewritten.
    if (expectContinue) res.writeContinue();
    req.on('data', (chunk: Buffer) => reqCopy.add(chunk));
    req.on('end', () => {
      // After the earlier exchanges' records (their decoding may still run): the device is known then.
      void this.order
        .settled()
        .then(() => prepareRequest(this.o, conn, x, reqCopy, reqHeaders, notes, onHeld))
        .then((p) => {
          heldId = undefined;
          recordedReq = p.recorded;
          if (p.deviceId) {
            informHandled = true;
            this.sessions.informSeen(conn, x, p.deviceId);
          }
          switch (p.decision.action) {
            case 'resume':
              sentBody = p.body;
              upstreamReq = sendUpstream(p.body, p.body.length !== reqCopy.size ? editedLengthHeaders(req.rawHeaders, p.body.length) : {});
              break;
            case 'edit': {
              const b = Buffer.from(p.decision.body, 'utf8');
              notes.push('intercepted:edited');
              originalReq = p.recorded;
              x.request = { ...x.request!, headers: withContentLength(reqHeaders, b.length) };
              recordedReq = recordMessage(b, b.length, false, reqHeaders);
              sentBody = b;
              upstreamReq = sendUpstream(b, editedLengthHeaders(req.rawHeaders, b.length));
              break;
            }
            case 'drop':
              notes.push('intercepted:dropped');
              fail('dropped at a breakpoint: the CPE message was not forwarded; the CPE connection was closed');
              res.destroy();
              finish();
              break;
            case 'fault': {
              notes.push('intercepted:answered-with-fault');
              const xml = faultEnvelope({ namespace: p.recorded.summary?.namespace, cwmpId: p.recorded.summary?.id, ...p.decision });
              respondGenerated(200, 'OK', xml, 'text/xml; charset="utf-8"');
              break;
            }
            default:
              assertNever(p.decision);
          }
        })
        .catch((err: unknown) => broken('the CPE message', err));
    });
  }
}

function assertNever(x: never): never {
  throw new Error(`unexpected decision ${JSON.stringify(x)}`);
}
