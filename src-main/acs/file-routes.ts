import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Exchange } from '../../src-shared/traffic/exchange';
import type { DeviceRegistry } from '../devices/device-registry';
import type { FileOutcome, FileStore } from '../files/file-store';
import { deviceForFileRequest } from './file-attribution';
import { connectionInfo, EMPTY_BODY, headerList, newExchangeId, requestHeaders } from './recording';

/**
 * What a request asks of the file store: `/files/<name>` (GET, HEAD; PUT/POST store too),
 * `/upload/<name>` and `/files/upload/<name>` (PUT, POST). Null for anything else (the CWMP endpoint's).
 */
export function fileRoute(method: string | undefined, url: string | undefined): { name: string; op: 'serve' | 'receive' } | null {
  const path = (url ?? '/').split('?')[0];
  const name = path.startsWith('/files/upload/')
    ? safeDecode(path.slice('/files/upload/'.length))
    : path.startsWith('/files/')
      ? safeDecode(path.slice('/files/'.length))
      : path.startsWith('/upload/')
        ? safeDecode(path.slice('/upload/'.length))
        : null;
  if (name === null) return null;
  if (method === 'PUT' || method === 'POST') return { name, op: 'receive' };
  if ((method === 'GET' || method === 'HEAD') && !path.startsWith('/upload/')) return { name, op: 'serve' };
  return null;
}

/** The file store's gate: credentials (when CPE authentication is on) and where uploads may write. */
export interface FileGate {
  /** Null when the request may go on; else the challenge to answer with 401 (and why, when it sent credentials). */
  authenticate(req: IncomingMessage): { challenge: string; error?: string } | null;
  /** Null when an upload may write `name`; else why not (answered 403). */
  uploadRefusal(name: string): string | null;
}

/**
 * Serves or stores one file and records it as a `file` exchange (bodies by size only), attributed to
 * the device whose task names the file's URL, else the device in session from the same address. An upload silent for `idleMs()` (the ACS's
 * `sessionTimeoutMs` setting) is answered 408 and recorded finished with the reason. The `gate` is asked
 * first: a request without the CPE credentials gets 401, an upload the ACS did not ask for 403.
 */
export async function fileExchange(
  req: IncomingMessage,
  res: ServerResponse,
  route: { name: string; op: 'serve' | 'receive' },
  deps: { files: FileStore; registry: DeviceRegistry; record: (exchange: Exchange) => void; idleMs?: () => number; gate?: FileGate },
): Promise<void> {
  const { registry, record } = deps;
  const exchange: Exchange = {
    id: newExchangeId(),
    kind: 'file',
    source: 'acs',
    startedAt: Date.now(),
    connection: connectionInfo(req.socket),
    request: { method: req.method ?? '', url: req.url ?? '', httpVersion: req.httpVersion, headers: requestHeaders(req), body: EMPTY_BODY },
  };
  const device = deviceForFileRequest(registry, exchange.request!.url, exchange.connection.remoteAddress);
  if (device) exchange.deviceId = device.info.id;
  record(exchange);
  const challenge = deps.gate?.authenticate(req);
  const refusal = !challenge && route.op === 'receive' ? deps.gate?.uploadRefusal(route.name) : null;
  const outcome: FileOutcome = challenge
    ? refuse(req, res, 401, challenge.error ?? 'Authentication required', { 'WWW-Authenticate': challenge.challenge }, challenge.error ? `Authentication failed: ${challenge.error}` : undefined)
    : refusal
      ? refuse(req, res, 403, `Upload refused: ${refusal}`)
      : route.op === 'receive' ? await deps.files.receive(route.name, req, res, deps.idleMs?.() ?? 0) : await deps.files.serve(route.name, req, res);
  const upload = route.op === 'receive';
  const size = { encoding: 'utf8' as const, data: '', size: outcome.bytes, ...(outcome.bytes > 0 ? { truncated: true } : {}) };
  record({
    ...exchange,
    finishedAt: Date.now(),
    request: { ...exchange.request!, body: upload ? size : EMPTY_BODY },
    response: { status: outcome.status || res.statusCode, statusText: res.statusMessage ?? '', headers: headerList(res.getHeaders()), body: upload ? EMPTY_BODY : size },
    ...(outcome.error ? { error: outcome.error } : {}),
  });
}

/** Answers without reading the body; the connection closes once answered if a body was on its way. */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}, error: string | undefined = message): FileOutcome {
  const hasBody = req.headers['content-length'] !== undefined ? req.headers['content-length'] !== '0' : req.headers['transfer-encoding'] !== undefined;
  if (!res.headersSent) {
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    if (hasBody) {
      res.setHeader('Connection', 'close');
      res.once('finish', () => req.socket.destroy());
    }
    res.statusCode = status;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end(`${message}\n`);
  }
  return { status, bytes: 0, ...(error ? { error } : {}) };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
