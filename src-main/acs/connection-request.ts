import http from 'node:http';
import https from 'node:https';
import type { DevicesResults } from '../../src-shared/api/devices';
import type { Exchange } from '../../src-shared/traffic/exchange';
import { answerChallenge } from '../runtime/http-auth';
import { connectionInfo, EMPTY_BODY, headerList, newExchangeId, recordBody } from './recording';

/** What `devices/connection-request` answers. */
export type ConnectionRequestResult = DevicesResults['devices/connection-request'];

interface Attempt {
  status?: number;
  wwwAuthenticate?: string;
  errorCode?: string;
  error?: string;
}

/**
 * Asks a CPE to open a session: HTTP GET to its ConnectionRequestURL, answering a Digest or Basic
 * challenge with the device's credentials. Each GET is recorded as a `connection-request` exchange.
 */
export async function sendConnectionRequest(options: {
  url: string;
  credentials: { username: string; password: string } | null;
  timeoutMs: number;
  deviceId: string;
  record: (exchange: Exchange) => void;
}): Promise<ConnectionRequestResult> {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    return { outcome: 'error', message: `ConnectionRequestURL "${options.url.slice(0, 200)}" is not a valid URL` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { outcome: 'error', message: `ConnectionRequestURL must be http or https, not ${url.protocol}` };
  }
  const first = await attempt(url, undefined, options);
  if (first.error !== undefined) return failure(first, options.timeoutMs);
  if (first.status === 401) {
    if (!options.credentials) return { outcome: 'auth-failed', status: 401, message: 'The CPE demands authentication and no connection-request credentials are set for this device' };
    const answer = first.wwwAuthenticate ? answerChallenge(first.wwwAuthenticate, options.credentials, 'GET', `${url.pathname}${url.search}`) : null;
    if (!answer) return { outcome: 'auth-failed', status: 401, message: `Unsupported challenge: ${first.wwwAuthenticate ?? '(no WWW-Authenticate)'}` };
    const second = await attempt(url, answer, options);
    if (second.error !== undefined) return failure(second, options.timeoutMs);
    if (second.status === 401 || second.status === 403) {
      return { outcome: 'auth-failed', status: second.status, message: `The CPE rejected the credentials for "${options.credentials.username}"` };
    }
    return judge(second.status ?? 0);
  }
  return judge(first.status ?? 0);
}

function judge(status: number): ConnectionRequestResult {
  if (status >= 200 && status < 300) return { outcome: 'reached', status, message: `The CPE accepted the connection request (HTTP ${status})` };
  if (status === 403) return { outcome: 'auth-failed', status, message: 'The CPE refused the connection request (HTTP 403)' };
  return { outcome: 'error', status, message: `The CPE answered HTTP ${status}` };
}

function failure(a: Attempt, timeoutMs: number): ConnectionRequestResult {
  if (a.errorCode === 'ETIMEDOUT') return { outcome: 'timed-out', message: `No answer within ${timeoutMs} ms` };
  if (a.errorCode === 'ECONNREFUSED') return { outcome: 'refused', message: `Connection refused: ${a.error}` };
  return { outcome: 'error', message: a.error ?? 'unknown error' };
}

function attempt(
  url: URL,
  authorization: string | undefined,
  options: { timeoutMs: number; deviceId: string; record: (exchange: Exchange) => void },
): Promise<Attempt> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = { 'User-Agent': 'cwmp-workbench', Accept: '*/*' };
    if (authorization) headers.Authorization = authorization;
    const path = `${url.pathname}${url.search}`;
    const exchange: Exchange = {
      id: newExchangeId(),
      kind: 'connection-request',
      source: 'acs',
      startedAt: Date.now(),
      connection: { id: '', remoteAddress: url.hostname, remotePort: Number(url.port) || (url.protocol === 'https:' ? 443 : 80), localAddress: '', localPort: 0 },
      deviceId: options.deviceId,
      request: { method: 'GET', url: path, httpVersion: '1.1', headers: [['Host', url.host], ...Object.entries(headers)], body: EMPTY_BODY },
      notes: authorization ? ['auth-response'] : [],
    };
    options.record(exchange);
    let done = false;
    const finish = (a: Attempt, extra: Partial<Exchange>): void => {
      if (done) return;
      done = true;
      options.record({ ...exchange, ...extra, finishedAt: Date.now() });
      resolve(a);
    };
    const lib = url.protocol === 'https:' ? https : http;
    const req = lib.request(
      url,
      { method: 'GET', headers, agent: false, ...(url.protocol === 'https:' ? { rejectUnauthorized: false } : {}) },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= 65_536) chunks.push(c);
        });
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          finish(
            { status, wwwAuthenticate: res.headers['www-authenticate'] },
            {
              connection: req.socket ? connectionInfo(req.socket) : exchange.connection,
              response: { status, statusText: res.statusMessage ?? '', headers: headerList(res.headers), body: recordBody(Buffer.concat(chunks), 65_536, size) },
              ...(status === 401 ? { notes: [...(exchange.notes ?? []), 'auth-challenge'] } : {}),
            },
          );
        });
        res.on('error', (err) => finish({ error: err.message, errorCode: (err as NodeJS.ErrnoException).code }, { error: err.message }));
      },
    );
    req.setTimeout(options.timeoutMs, () => {
      req.destroy(Object.assign(new Error(`No answer within ${options.timeoutMs} ms`), { code: 'ETIMEDOUT' }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => finish({ error: err.message, errorCode: err.code }, { error: err.message }));
    req.end();
  });
}
