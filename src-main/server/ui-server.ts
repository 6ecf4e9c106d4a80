import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import type { ApiHandlers } from '../../src-shared/api/client';
import { dispatch } from '../../src-shared/api/dispatch';
import { httpStatusOf, type ApiErrorData } from '../../src-shared/api/errors';
import type { EventHub } from '../runtime/event-hub';
import { serveApiSocket } from './api-socket';
import { BodyTooLarge, readBody } from './body';
import { bearerToken, checkSite, contentSecurityPolicy, cookieNameFor, tokenOf, tokensEqual, type ListenerIdentity } from './security';
import { serveStatic } from './static-files';

export interface UiServerOptions {
  handlers: ApiHandlers;
  hub: EventHub;
  token: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 = any free port. */
  port?: number;
  /** The renderer build (`out/renderer`); a placeholder page is served when it is missing. */
  staticDir: string;
  /** Largest accepted API body and WebSocket frame, in bytes (default 16 MiB). */
  maxBodyBytes?: number;
  /** Queued bytes after which a WebSocket client is dropped as too slow (default 64 MiB). */
  maxBufferedBytes?: number;
}

export interface UiServer {
  /** Listens; resolves to the base URL (`http://127.0.0.1:<port>/`). */
  start(): Promise<string>;
  stop(): Promise<void>;
  /** The bound port (after start). */
  readonly port: number;
  /** The base URL without token, or undefined before start. */
  url(): string | undefined;
  /** The URL to open in a browser: base URL with `?token=`. */
  browserUrl(): string | undefined;
  /** WebSocket clients currently connected (open). */
  clientCount(): number;
}

const API_PREFIX = '/api/';
const EVENTS_PATH = '/api/events';

function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * The headless transport: the API as `POST /api/<domain>/<verb>`, calls and events over the
 * `/api/events` WebSocket, and the renderer build at `/`. Only the token holder gets data: API calls carry
 * it in `Authorization: Bearer`; the static UI loads without it (it holds no data), and a page loaded with
 * `?token=` gets an HttpOnly cookie so its WebSocket (which cannot send a header) carries it from then on.
 */
export function createUiServer(options: UiServerOptions): UiServer {
  const host = options.host ?? '127.0.0.1';
  const maxBody = options.maxBodyBytes ?? 16 * 1024 * 1024;
  const maxBuffered = options.maxBufferedBytes ?? 64 * 1024 * 1024;
  const csp = contentSecurityPolicy();
  let server: Server | undefined;
  let identity: ListenerIdentity = { host, port: 0 };
  const sockets = new Set<Socket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxBody, perMessageDeflate: false });

  const cookieName = (): string => cookieNameFor(identity.port);
  const baseHeaders = (): Record<string, string> => ({
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Resource-Policy': 'same-origin',
  });

  function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
    let text: string;
    try {
      text = JSON.stringify(body);
    } catch (err) {
      status = 500;
      text = JSON.stringify({ error: { code: 'internal', message: `result not serialisable: ${String(err)}` } });
    }
    const bytes = Buffer.from(text);
    res.writeHead(status, {
      ...baseHeaders(),
      ...extra,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(bytes.length),
      'Cache-Control': 'no-store',
    });
    res.end(bytes);
  }

  function sendError(res: ServerResponse, status: number, error: ApiErrorData, extra: Record<string, string> = {}): void {
    sendJson(res, status, { error }, extra);
  }

  /** API calls: the token in the `Authorization: Bearer` header only (a query string ends up in logs and history). */
  function authorisedCall(req: IncomingMessage): boolean {
    const found = bearerToken(req);
    return found !== undefined && tokensEqual(found, options.token);
  }

  /**
   * The WebSocket upgrade, which a browser cannot give a header: also `?token=` or the page's cookie (the
   * cookie only with an Origin, which a cross-site form could not forge to ours).
   */
  function authorisedUpgrade(req: IncomingMessage, url: URL): boolean {
    const found = tokenOf(req, url, cookieName());
    if (!found || !tokensEqual(found.token, options.token)) return false;
    if (found.source === 'cookie' && req.headers.origin === undefined) return false;
    return true;
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (url.pathname === EVENTS_PATH) {
      sendError(res, 426, { code: 'bad-request', message: 'GET /api/events is a WebSocket endpoint: connect with a WebSocket client' }, { Upgrade: 'websocket' });
      return;
    }
    if (req.method !== 'POST') {
      sendError(res, 405, { code: 'bad-request', message: `Use POST for API methods (got ${req.method})` }, { Allow: 'POST' });
      return;
    }
    if (!authorisedCall(req)) {
      sendError(res, 401, { code: 'unauthorized', message: 'Missing or wrong token: send "Authorization: Bearer <token>" (the token is printed by `cwmp-workbench serve`)' }, { 'WWW-Authenticate': 'Bearer' });
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req, maxBody);
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        sendError(res, 413, { code: 'bad-request', message: err.message }, { Connection: 'close' });
      } else {
        res.destroy();
      }
      return;
    }
    let params: unknown = {};
    const text = body.toString('utf8').trim();
    if (text !== '') {
      try {
        params = JSON.parse(text);
      } catch (err) {
        sendError(res, 400, { code: 'bad-request', message: `Request body is not valid JSON: ${err instanceof Error ? err.message : String(err)}` });
        return;
      }
    }
    if (typeof params !== 'object' || params === null || Array.isArray(params)) {
      sendError(res, 400, { code: 'bad-request', message: 'Request body must be a JSON object (the method parameters)' });
      return;
    }
    const method = url.pathname.slice(API_PREFIX.length);
    const outcome = await dispatch(options.handlers, method, params);
    if (outcome.ok) sendJson(res, 200, outcome.result === undefined ? null : outcome.result);
    else sendError(res, httpStatusOf(outcome.error.code), outcome.error);
  }

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      sendError(res, 400, { code: 'bad-request', message: 'Malformed request URL' });
      return;
    }
    const site = checkSite(req, identity);
    if (!site.ok) {
      sendError(res, site.status, { code: 'unauthorized', message: site.message });
      return;
    }
    if (url.pathname.startsWith(API_PREFIX) || url.pathname === '/api') {
      await handleApi(req, res, url);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendError(res, 405, { code: 'bad-request', message: `Method ${req.method} not allowed here` }, { Allow: 'GET, HEAD' });
      return;
    }
    const headers: Record<string, string | string[]> = { ...baseHeaders(), 'Content-Security-Policy': csp };
    const query = url.searchParams.get('token');
    if (query !== null && tokensEqual(query, options.token)) {
      headers['Set-Cookie'] = `${cookieName()}=${encodeURIComponent(options.token)}; Path=/; HttpOnly; SameSite=Strict`;
    }
    await serveStatic(req, res, options.staticDir, url.pathname, headers);
  }

  function refuseUpgrade(socket: Socket, status: number, message: string): void {
    const body = JSON.stringify({ error: { code: status === 401 ? 'unauthorized' : status === 404 ? 'not-found' : 'unauthorized', message } });
    socket.end(
      `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 404 ? 'Not Found' : 'Forbidden'}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }

  function handleUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      refuseUpgrade(socket, 404, 'Malformed URL');
      return;
    }
    if (url.pathname !== EVENTS_PATH) {
      refuseUpgrade(socket, 404, `No WebSocket endpoint at ${url.pathname.slice(0, 80)}; use ${EVENTS_PATH}`);
      return;
    }
    const site = checkSite(req, identity);
    if (!site.ok) {
      refuseUpgrade(socket, site.status, site.message);
      return;
    }
    if (!authorisedUpgrade(req, url)) {
      refuseUpgrade(socket, 401, 'Missing or wrong token: pass ?token=<token> or "Authorization: Bearer <token>"');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      serveApiSocket(ws, { handlers: options.handlers, hub: options.hub, maxBufferedBytes: maxBuffered });
    });
  }

  return {
    get port(): number {
      return identity.port;
    },
    url(): string | undefined {
      return server ? `http://${displayHost(host)}:${identity.port}/` : undefined;
    },
    clientCount(): number {
      let n = 0;
      for (const c of wss.clients) if (c.readyState === c.OPEN) n++;
      return n;
    },
    browserUrl(): string | undefined {
      return server ? `http://${displayHost(host)}:${identity.port}/?token=${encodeURIComponent(options.token)}` : undefined;
    },
    start(): Promise<string> {
      if (server) return Promise.resolve(this.url() as string);
      const srv = createServer({ requestTimeout: 60_000, headersTimeout: 20_000 }, (req, res) => {
        handleRequest(req, res).catch((err: unknown) => {
          // Never crash on a request: answer 500 if we still can, else drop the socket.
          if (!res.headersSent) sendError(res, 500, { code: 'internal', message: err instanceof Error ? err.message : String(err) });
          else res.destroy();
        });
      });
      srv.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
        try {
          handleUpgrade(req, socket, head);
        } catch {
          socket.destroy();
        }
      });
      srv.on('connection', (socket: Socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      srv.on('clientError', (_err, socket) => {
        if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
        else socket.destroy();
      });
      return new Promise((resolve, reject) => {
        const onError = (err: Error): void => reject(err);
        srv.once('error', onError);
        srv.listen(options.port ?? 0, host, () => {
          srv.off('error', onError);
          srv.on('error', () => undefined);
          server = srv;
          identity = { host, port: (srv.address() as AddressInfo).port };
          resolve(this.url() as string);
        });
      });
    },
    async stop(): Promise<void> {
      const srv = server;
      if (!srv) return;
      server = undefined;
      for (const client of wss.clients) client.close(1001, 'server stopping');
      const closed = new Promise<void>((resolve) => srv.close(() => resolve()));
      srv.closeIdleConnections();
      // Give sockets a moment to close politely, then cut the rest.
      const timer = setTimeout(() => {
        for (const client of wss.clients) client.terminate();
        for (const socket of sockets) socket.destroy();
      }, 500);
      await closed;
      clearTimeout(timer);
    },
  };
}
