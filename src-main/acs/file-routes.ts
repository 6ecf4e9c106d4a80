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

/**
 * Serves or stores one file and records it as a `file` exchange (bodies by size only), attributed to
 * the device whose task names the file's URL, else the device in session from the same address. An upload silent for `idleMs()` (the ACS's
 * `sessionTimeoutMs` setting) is answered 408 and recorded finished with the reason.
 */
export async function fileExchange(
  req: IncomingMessage,
  res: ServerResponse,
  route: { name: string; op: 'serve' | 'receive' },
  deps: { files: FileStore; registry: DeviceRegistry; record: (exchange: Exchange) => void; idleMs?: () => number },
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
  const outcome: FileOutcome = route.op === 'receive' ? await deps.files.receive(route.name, req, res, deps.idleMs?.() ?? 0) : await deps.files.serve(route.name, req, res);
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

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
