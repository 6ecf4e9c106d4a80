import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { ConnectionInfo, HttpHeaders, RecordedBody, TlsInfo, TlsPeerCertificate } from '../../src-shared/traffic/exchange';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Raw bytes as the exchange keeps them: UTF-8 text when valid, else base64; `keep` caps what is stored. */
export function recordBody(bytes: Uint8Array, keep = Number.POSITIVE_INFINITY, size = bytes.length): RecordedBody {
  const kept = bytes.length > keep ? bytes.subarray(0, keep) : bytes;
  const truncated = kept.length < size;
  try {
    return { encoding: 'utf8', data: utf8.decode(kept), size, ...(truncated ? { truncated } : {}) };
  } catch {
    return { encoding: 'base64', data: Buffer.from(kept.buffer, kept.byteOffset, kept.byteLength).toString('base64'), size, ...(truncated ? { truncated } : {}) };
  }
}

export const EMPTY_BODY: RecordedBody = { encoding: 'utf8', data: '', size: 0 };

/** Request headers in wire order and case. */
export function requestHeaders(req: IncomingMessage): HttpHeaders {
  const out: HttpHeaders = [];
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i], raw[i + 1]]);
  return out;
}

export function headerList(headers: OutgoingHttpHeaders | IncomingHttpHeaders): HttpHeaders {
  const out: HttpHeaders = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) out.push([name, String(v)]);
    else out.push([name, String(value)]);
  }
  return out;
}

let connectionCounter = 0;
const connectionIds = new WeakMap<Socket, string>();

/** A stable id per TCP connection, so keep-alive sessions can be followed in the traffic list. */
export function connectionId(socket: Socket): string {
  let id = connectionIds.get(socket);
  if (!id) {
    id = `c${(++connectionCounter).toString(36)}-${process.pid.toString(36)}`;
    connectionIds.set(socket, id);
  }
  return id;
}

export function connectionInfo(socket: Socket): ConnectionInfo {
  const info: ConnectionInfo = {
    id: connectionId(socket),
    remoteAddress: normalizeAddress(socket.remoteAddress ?? ''),
    remotePort: socket.remotePort ?? 0,
    localAddress: normalizeAddress(socket.localAddress ?? ''),
    localPort: socket.localPort ?? 0,
  };
  if ((socket as TLSSocket).encrypted) info.tls = tlsInfo(socket as TLSSocket);
  return info;
}

const clientCertificates = new WeakMap<Socket, TlsPeerCertificate>();

/**
 * The verdict on a connection's client certificate, judged once when the handshake completes (by the
 * certificate store's trust rules); every exchange on that connection records it.
 */
export function setClientCertificate(socket: TLSSocket, verdict: TlsPeerCertificate): void {
  clientCertificates.set(socket, verdict);
}

function tlsInfo(socket: TLSSocket): TlsInfo {
  const info: TlsInfo = {};
  const protocol = socket.getProtocol?.();
  if (protocol) info.protocol = protocol;
  const cipher = socket.getCipher?.();
  if (cipher) info.cipher = cipher.name;
  const servername = (socket as TLSSocket & { servername?: string | false }).servername;
  if (servername) info.servername = servername;
  const judged = clientCertificates.get(socket);
  if (judged) {
    info.peerCertificate = judged;
    return info;
  }
  const peer = socket.getPeerCertificate?.();
  if (peer && Object.keys(peer).length > 0) {
    const error = socket.authorizationError ? String(socket.authorizationError) : undefined;
    info.peerCertificate = {
      subject: flatName(peer.subject),
      issuer: flatName(peer.issuer),
      fingerprint256: peer.fingerprint256 ?? '',
      validTo: peer.valid_to ?? '',
      verdict: socket.authorized ? 'trusted' : error === 'CERT_HAS_EXPIRED' ? 'expired' : 'untrusted',
      ...(error ? { reason: error } : {}),
    };
  }
  return info;
}

function flatName(name: unknown): string {
  if (!name || typeof name !== 'object') return '';
  return Object.entries(name as Record<string, string | string[]>)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
    .join(', ');
}

export function normalizeAddress(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

let exchangeCounter = 0;
/** Exchange ids sort by creation within one process run. */
export function newExchangeId(): string {
  return `x${Date.now().toString(36)}-${(++exchangeCounter).toString(36)}`;
}
