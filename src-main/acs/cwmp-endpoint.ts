import { randomBytes } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { buildCwmp, parseCwmp, summarize } from '../../src-shared/cwmp/index';
import { acsFault, initialSession, missingDeviceIdentity, step, type OutgoingRequest, type SessionCommand, type SessionState } from '../../src-shared/cwmp/session';
import type { AcsSettings } from '../../src-shared/cwmp/session-settings';
import type { AcsRequest, CwmpMessage, DecodeResult, Rpc } from '../../src-shared/cwmp/types';
import type { Exchange } from '../../src-shared/traffic/exchange';
import { deviceKey, type DeviceRegistry } from '../devices/device-registry';
import type { TaskManager } from '../devices/task-manager';
import { CpeAuthenticator } from './http-auth';
import { connectionInfo, EMPTY_BODY, headerList, newExchangeId, recordBody, requestHeaders } from './recording';
import { readBody } from './read-body';

/** One CWMP session as the HTTP layer tracks it around the pure state machine. */
interface LiveSession {
  id: string;
  state: SessionState;
  deviceId?: string;
  authenticated: boolean;
  timer: NodeJS.Timeout | null;
  /** The connection of its last message, and the peer address (last-resort identification). */
  socket?: Socket;
  remoteAddress?: string;
}

interface HttpAnswer {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
  cwmp?: DecodeResult;
}

const COOKIE = 'cwmpsid';
const EMPTY_POST: CwmpMessage = { namespace: null, version: null, header: {}, rpc: null, warnings: [] };
const XML_TYPE = 'text/xml; charset="utf-8"';

/**
 * The ACS's CWMP endpoint: reads each CPE POST, authenticates, finds the session (cookie, else TCP
 * connection), steps the session machine and carries out its commands against devices and tasks.
 */
export class CwmpEndpoint {
  private readonly sessions = new Map<string, LiveSession>();
  private readonly byConnection = new WeakMap<Socket, LiveSession>();
  private readonly byDevice = new Map<string, LiveSession>();
  private readonly auth: CpeAuthenticator;

  constructor(
    private readonly deps: {
      registry: DeviceRegistry;
      tasks: TaskManager;
      settings: () => AcsSettings;
      record: (exchange: Exchange) => void;
      /** Shared with the file store, so a nonce is counted once whichever route it is used on. */
      authenticator?: CpeAuthenticator;
      /** The request as it goes out (the task keeps its own copy), e.g. the file store's credentials filled in. */
      prepareRequest?: (rpc: AcsRequest) => AcsRequest;
    },
  ) {
    this.auth = deps.authenticator ?? new CpeAuthenticator();
  }

  get activeSessions(): number {
    return this.sessions.size;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const settings = this.deps.settings();
    const exchange: Exchange = {
      id: newExchangeId(),
      kind: 'cwmp',
      source: 'acs',
      startedAt: Date.now(),
      connection: connectionInfo(req.socket),
      request: { method: req.method ?? '', url: req.url ?? '', httpVersion: req.httpVersion, headers: requestHeaders(req), body: EMPTY_BODY },
      notes: [],
    };
    // A CPE that goes silent mid-body (without hanging up) is given up on after the session timeout.
    const read = await readBody(req, settings.maxBodyBytes, settings.sessionTimeoutMs);
    if (!read.ok) {
      switch (read.reason) {
        case 'too-large': {
          const message = `Request body exceeds the ACS limit of ${settings.maxBodyBytes} bytes (maxBodyBytes setting)`;
          this.respond(res, exchange, { status: 413, headers: { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }, body: Buffer.from(`${message}\n`) }, message);
          break;
        }
        case 'stalled': {
          const message = `The CPE stopped sending mid-request after ${formatSeconds(settings.sessionTimeoutMs)} (${read.message} of the body received; sessionTimeoutMs setting)`;
          this.respond(res, exchange, { status: 408, headers: { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }, body: Buffer.from(`${message}\n`) }, message);
          // The rest of the body is not waited for: the connection goes once the answer is out.
          res.once('finish', () => req.socket.destroy());
          break;
        }
        case 'aborted':
          this.deps.record({ ...exchange, finishedAt: Date.now(), error: `The CPE closed the connection mid-request: ${read.message}` });
          break;
        default:
          assertNever(read.reason);
      }
      return;
    }
    exchange.request = { ...exchange.request!, body: recordBody(read.body) };
    // Recorded before anything acts on it (the parser included): a message that brought the ACS down is
    // still in the capture. Its device, session and decoded summary come with the finished record.
    this.deps.record({ ...exchange });
    if (req.method !== 'POST') {
      const message = `The ACS takes CWMP messages by POST, not ${req.method}`;
      this.respond(res, exchange, { status: 405, headers: { Allow: 'POST', 'Content-Type': 'text/plain; charset=utf-8' }, body: Buffer.from(`${message}\n`) }, message);
      return;
    }

    const decoded = decode(read.body, req.headers['content-type']);
    exchange.cwmpRequest = summarize(decoded);
    const rpc = decoded.ok ? decoded.message.rpc : null;
    const inform = rpc?.name === 'Inform' ? rpc : null;
    // An Inform never takes over a session by address: that could be another CPE behind the same NAT.
    const found = this.lookup(req, !inform);
    let session = found?.session;
    // An Inform that names no device (no OUI or serial) is refused by the session machine: no id for it.
    const deviceId = inform ? (missingDeviceIdentity(inform) ? undefined : deviceKey(inform.deviceId)) : session?.deviceId;
    // A session found by address alone is only a guess until the request authenticates: not filed under it yet.
    const guessed = found?.via === 'address' && settings.auth.mode !== 'none';
    const attribute = (): void => {
      if (deviceId) exchange.deviceId = deviceId;
      if (session) exchange.sessionId = session.id;
    };
    if (!guessed) attribute();

    // Authentication: once per session, at its Inform (or whatever opens it); again for a request that
    // finds its session by address alone (no cookie, a new connection): that could be another CPE.
    if (settings.auth.mode !== 'none' && (!session || !session.authenticated || inform || found?.via === 'address')) {
      const own = deviceId ? this.deps.registry.get(deviceId)?.cpeAuth : null;
      const expected = { username: own?.username ?? settings.auth.username, password: own?.password ?? settings.auth.password, realm: settings.auth.realm };
      const header = req.headers.authorization;
      const verdict = this.auth.verify(settings.auth.mode, header, req.method ?? 'POST', expected, Date.now(), req.url ?? '/');
      if (!verdict.ok) {
        exchange.notes!.push('auth-challenge');
        const stale = 'stale' in verdict && verdict.stale === true;
        const challenge = this.auth.challenge(settings.auth.mode, settings.auth.realm, stale);
        const error = header ? `Authentication failed: ${verdict.reason}` : undefined;
        this.respond(res, exchange, { status: 401, headers: { 'WWW-Authenticate': challenge, 'Content-Length': 0 }, body: Buffer.alloc(0) }, error);
        return;
      }
    }
    if (guessed) attribute();

    if (inform && session) {
      // A new Inform on a live session: the CPE gave up on it and starts over.
      this.expire(session, `The CPE started a new session (Inform) before answering`);
      session = undefined;
    }
    if (inform && deviceId) {
      const other = this.byDevice.get(deviceId);
      if (other) this.expire(other, 'The device opened a new session before this one ended');
    }
    let created = false;
    if (!session) {
      if (!inform) {
        // Not in a session and not opening one: the machine explains why; nothing is kept.
        const result = decoded.ok
          ? step(initialSession(), { type: 'message', message: decoded.message, next: null })
          : step(initialSession(), { type: 'malformed', error: decoded.error });
        this.respond(res, exchange, this.execute(undefined, result.commands, exchange));
        return;
      }
      session = this.open(settings);
      created = true;
      exchange.sessionId = session.id;
    }
    this.byConnection.set(req.socket, session);
    session.socket = req.socket;
    session.remoteAddress = req.socket.remoteAddress;
    if (settings.auth.mode !== 'none') session.authenticated = true;

    // A response to our request: choose the next request only after its result is applied (below, when the
    // step would end the session), so what the result queues — a read's follow-ups — goes first.
    const next = session.state.phase === 'acs-requests' && session.state.inflight ? null : this.nextRequest(session);
    const result = decoded.ok
      ? step(session.state, { type: 'message', message: decoded.message, next })
      : step(session.state, { type: 'malformed', error: decoded.error });
    session.state = result.state;
    let answer: HttpAnswer;
    try {
      answer = this.execute(session, result.commands, exchange);
    } catch (err) {
      const message = `ACS error: ${err instanceof Error ? err.message : String(err)}`;
      answer = { status: 500, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: Buffer.from(`${message}\n`) };
      exchange.error = message;
      // A request that cannot be encoded must not be retried forever: fail it and end the session.
      const sending = result.commands.find((c) => c.type === 'send-request');
      if (sending?.type === 'send-request') this.deps.tasks.fault(sending.taskId, acsFault(8002, message));
      session.state = { ...session.state, phase: 'ended', inflight: undefined };
    }
    if (answer.status === 204 && session.deviceId) {
      // Tasks queued while this message was handled (a tree read's follow-ups) go out in this session.
      answer = this.continueSession(session, exchange, answer);
      if (answer.status === 204 && this.lingering.has(session.deviceId)) answer = await this.linger(session, exchange, answer);
    }
    if (created && session.state.phase !== 'ended') answer.headers['Set-Cookie'] = `${COOKIE}=${session.id}; Path=/; HttpOnly`;
    if (session.state.phase === 'ended') this.close(session);
    else this.arm(session, settings.sessionTimeoutMs);
    this.respond(res, exchange, answer);
  }

  /**
   * Devices under test (src-main/testing): before ending one's session, the ACS lets pending callbacks run
   * once, so a test that queues its next request on seeing a response gets it sent in the same session
   * instead of needing a new connection request.
   */
  readonly lingering = new Set<string>();

  private async linger(session: LiveSession, exchange: Exchange, ended: HttpAnswer): Promise<HttpAnswer> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    return this.continueSession(session, exchange, ended);
  }

  /** About to end a session with 204: if a task is queued for its device now, send that instead. */
  private continueSession(session: LiveSession, exchange: Exchange, ended: HttpAnswer): HttpAnswer {
    const next = this.nextRequest(session);
    if (!next || !this.sessions.has(session.id)) return ended;
    const again = step({ ...session.state, phase: 'acs-requests', inflight: undefined }, { type: 'message', message: EMPTY_POST, next });
    session.state = again.state;
    return this.execute(session, again.commands, exchange);
  }

  /** The device's next queued request, as it goes on the wire. */
  private nextRequest(session: LiveSession): OutgoingRequest | null {
    const next = session.deviceId ? this.deps.tasks.nextOutgoing(session.deviceId) : null;
    return next && 'rpc' in next && this.deps.prepareRequest ? { ...next, rpc: this.deps.prepareRequest(next.rpc) } : next;
  }

  /** Ends every session (service stopping): in-flight tasks time out, nothing is lost. */
  stopAll(reason: string): void {
    for (const session of [...this.sessions.values()]) this.expire(session, reason);
  }

  private execute(session: LiveSession | undefined, commands: SessionCommand[], exchange: Exchange): HttpAnswer {
    const { registry, tasks } = this.deps;
    const now = Date.now();
    let answer: HttpAnswer | null = null;
    for (const c of commands) {
      switch (c.type) {
        case 'inform': {
          if (!session) break;
          const { record, changed } = registry.applyInform(c.inform, { ip: exchange.connection.remoteAddress, cwmpVersion: c.cwmpVersion, now });
          // The certificate of the Inform's connection goes with the device (gone when it informs without one).
          const clientCert = exchange.connection.tls?.peerCertificate;
          if (clientCert) record.info.tlsClientCertificate = clientCert;
          else delete record.info.tlsClientCertificate;
          session.deviceId = record.info.id;
          exchange.deviceId = record.info.id;
          this.byDevice.set(record.info.id, session);
          registry.inSession.add(record.info.id);
          tasks.adoptPending(record);
          registry.parametersChanged(record.info.id, changed);
          registry.touch(record.info.id);
          break;
        }
        case 'cpe-request':
          if (!session?.deviceId) break;
          if (c.rpc.name === 'TransferComplete') {
            const task = tasks.transferComplete(session.deviceId, c.rpc, now);
            exchange.notes!.push(task ? `transfer-complete:${task.id}` : `TransferComplete with CommandKey "${c.rpc.commandKey}" matches no waiting task`);
          } else if (c.rpc.name === 'DUStateChangeComplete') {
            const task = tasks.duStateChangeComplete(session.deviceId, c.rpc, now);
            exchange.notes!.push(task ? `du-state-change-complete:${task.id}` : `DUStateChangeComplete with CommandKey "${c.rpc.commandKey}" matches no ChangeDUState task`);
          }
          break;
        case 'task-result':
          tasks.complete(c.taskId, c.result, now);
          break;
        case 'task-fault':
          tasks.fault(c.taskId, c.fault, now);
          break;
        case 'task-timeout':
          tasks.timeout(c.taskId, c.message, now);
          break;
        case 'warning':
          exchange.notes!.push(`${c.code}: ${c.message}`);
          break;
        case 'session-ended':
          break;
        case 'reply':
          answer = xmlAnswer(buildCwmp({ rpc: c.rpc, header: c.header, namespace: c.namespace }), message(c.namespace, c.header, c.rpc));
          break;
        case 'send-request': {
          const xml = buildCwmp({ rpc: c.rpc, header: c.header, namespace: c.namespace });
          tasks.markSent(c.taskId, c.header.id, now);
          answer = xmlAnswer(xml, message(c.namespace, c.header, c.rpc));
          break;
        }
        case 'send-raw':
          tasks.markSent(c.taskId, undefined, now);
          answer = xmlAnswer(c.xml, decode(Buffer.from(c.xml), undefined));
          exchange.notes!.push('raw-request');
          break;
        case 'end':
          answer = { status: 204, headers: {}, body: Buffer.alloc(0) };
          break;
        case 'http-error':
          answer = { status: c.status, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: Buffer.from(`${c.message}\n`) };
          exchange.error = c.message;
          break;
        default:
          assertNever(c);
      }
    }
    if (!answer) throw new Error('the session produced no answer');
    return answer;
  }

  /**
   * Answers the CPE — after the device changes the message made are in the device journal and the exchange,
   * response included, is recorded: a crash after the CPE saw the answer never loses either.
   */
  private respond(res: ServerResponse, exchange: Exchange, answer: HttpAnswer, error?: string): void {
    this.deps.registry.commit();
    const headers: OutgoingHttpHeaders = { ...answer.headers };
    if (answer.status !== 204) headers['Content-Length'] = answer.body.length;
    const finished: Exchange = {
      ...exchange,
      finishedAt: Date.now(),
      response: { status: answer.status, statusText: STATUS_CODES[answer.status] ?? '', headers: headerList({ ...res.getHeaders(), ...headers }), body: recordBody(answer.body) },
    };
    if (answer.cwmp) finished.cwmpResponse = summarize(answer.cwmp);
    if (error) finished.error = error;
    if (finished.notes?.length === 0) delete finished.notes;
    this.deps.record(finished);
    if (!res.headersSent && !res.destroyed) {
      res.writeHead(answer.status, headers);
      res.end(answer.body);
    }
  }

  /** The request's session, and how it was found (an address is only a guess: it needs credentials). */
  private lookup(req: IncomingMessage, byAddress: boolean): { session: LiveSession; via: 'cookie' | 'connection' | 'address' } | undefined {
    const cookie = req.headers.cookie;
    if (cookie) {
      for (const part of cookie.split(';')) {
        const [k, v] = part.trim().split('=');
        if (k === COOKIE && v) {
          const s = this.sessions.get(v);
          if (s) return { session: s, via: 'cookie' };
        }
      }
    }
    // CPEs that drop cookies: the keep-alive connection identifies the session.
    const byConn = this.byConnection.get(req.socket);
    if (byConn && this.sessions.has(byConn.id)) return { session: byConn, via: 'connection' };
    if (!byAddress) return undefined;
    // No cookie and a new connection each time (HTTP/1.0 style): the one session from this address whose
    // connection has closed. Never a guess between several.
    const address = req.socket.remoteAddress;
    let match: LiveSession | undefined;
    for (const s of this.sessions.values()) {
      if (s.remoteAddress !== address || (s.socket && !s.socket.destroyed)) continue;
      if (match) return undefined;
      match = s;
    }
    return match ? { session: match, via: 'address' } : undefined;
  }

  private open(settings: AcsSettings): LiveSession {
    const id = randomBytes(9).toString('base64url');
    const session: LiveSession = {
      id,
      state: initialSession({ holdRequests: settings.holdRequests, maxCwmpVersion: settings.maxCwmpVersion }, id.slice(0, 6)),
      authenticated: false,
      timer: null,
    };
    this.sessions.set(id, session);
    return session;
  }

  private arm(session: LiveSession, ms: number): void {
    if (session.timer) clearTimeout(session.timer);
    session.timer = setTimeout(() => this.expire(session), ms);
    session.timer.unref();
  }

  /** Times a session out: its in-flight task is marked timed out with the reason. */
  private expire(session: LiveSession, reason?: string): void {
    if (!this.sessions.has(session.id)) return;
    const result = step(session.state, { type: 'timeout', ...(reason ? { reason } : {}) });
    session.state = result.state;
    for (const c of result.commands) {
      if (c.type === 'task-timeout') this.deps.tasks.timeout(c.taskId, c.message);
    }
    this.close(session);
  }

  private close(session: LiveSession): void {
    if (session.timer) clearTimeout(session.timer);
    session.timer = null;
    this.sessions.delete(session.id);
    if (session.deviceId && this.byDevice.get(session.deviceId) === session) {
      this.byDevice.delete(session.deviceId);
      this.deps.registry.inSession.delete(session.deviceId);
      this.deps.registry.touch(session.deviceId);
    }
  }
}

function decode(body: Buffer, contentType: string | undefined): DecodeResult {
  // The empty POST: no body (or only whitespace).
  if (body.length === 0 || (body.length < 64 && body.toString('latin1').trim() === '')) {
    return { ok: true, message: { namespace: null, version: null, header: {}, rpc: null, warnings: [] } };
  }
  return parseCwmp(body, contentType ? { contentType } : {});
}

function message(namespace: CwmpMessage['namespace'], header: CwmpMessage['header'], rpc: Rpc): DecodeResult {
  return { ok: true, message: { namespace, version: null, header, rpc, warnings: [] } };
}

function xmlAnswer(xml: string, cwmp: DecodeResult): HttpAnswer {
  return { status: 200, headers: { 'Content-Type': XML_TYPE }, body: Buffer.from(xml, 'utf8'), cwmp };
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

function assertNever(x: never): never {
  throw new Error(`Unhandled session command: ${JSON.stringify(x)}`);
}
