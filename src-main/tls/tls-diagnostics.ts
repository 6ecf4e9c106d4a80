import type { Socket } from 'node:net';
import type { Server as TlsServer, TLSSocket } from 'node:tls';
import type { Exchange, TlsPeerCertificate } from '../../src-shared/traffic/exchange';
import type { TrafficSink } from '../runtime/traffic-sink';
import { createKeyLogWriter, type KeyLogWriter } from './key-log';
import { describeTlsError, describeVerifyCode } from './tls-errors';

export type ClientCertVerdict = TlsPeerCertificate;

export interface TlsDiagnosticsOptions {
  /** `acs`, or `proxy:<name>`. */
  source?: string;
  /** Our own verdict on a client certificate (the trust store's view); else Node's `authorized`. */
  verifyClientCertificate?: (der: Buffer) => ClientCertVerdict;
}

export interface TlsDiagnostics {
  /** Starts (writer) or stops (null) the NSS key log. Off costs nothing: no `keylog` listener. */
  setKeyLog(writer: KeyLogWriter | null): void;
  /** The same, by file name (what `AcsTlsOptions.keyLogFile` carries); undefined stops it. */
  setKeyLogFile(path: string | undefined): void;
  detach(): void;
}

interface Peer {
  remoteAddress: string;
  remotePort: number;
  localAddress: string;
  localPort: number;
}

let counter = 0;
const peers = new WeakMap<Socket, Peer>();

/**
 * Hooks a TLS (or HTTPS) server so that every failed handshake becomes a `tls-failure` exchange with the
 * peer's address and the reason in words, and (opt-in) its secrets go to an NSS key log.
 */
export function attachTlsDiagnostics(server: TlsServer, sink: TrafficSink, options: TlsDiagnosticsOptions = {}): TlsDiagnostics {
  const source = options.source ?? 'acs';
  // Addresses are read when the TCP connection arrives: a socket Node destroys for an untrusted client
  // certificate no longer knows them when the error is reported.
  const onConnection = (raw: Socket): void => {
    peers.set(raw, {
      remoteAddress: normalize(raw.remoteAddress ?? ''),
      remotePort: raw.remotePort ?? 0,
      localAddress: normalize(raw.localAddress ?? ''),
      localPort: raw.localPort ?? 0,
    });
  };
  const onClientError = (err: Error & { code?: string }, socket: TLSSocket): void => {
    const raw = (socket as TLSSocket & { _parent?: Socket })._parent;
    const peer = (raw && peers.get(raw)) ?? {
      remoteAddress: normalize(socket.remoteAddress ?? ''),
      remotePort: socket.remotePort ?? 0,
      localAddress: normalize(socket.localAddress ?? ''),
      localPort: socket.localPort ?? 0,
    };
    const authorizationError = socket.authorizationError ? String(socket.authorizationError) : undefined;
    const reason = describeTlsError(Object.assign(err, authorizationError ? { authorizationError } : {}));
    const now = Date.now();
    const exchange: Exchange = {
      id: `t${now.toString(36)}-${(++counter).toString(36)}`,
      kind: 'tls-failure',
      source,
      startedAt: now,
      finishedAt: now,
      connection: { id: `tls-${counter.toString(36)}-${process.pid.toString(36)}`, ...peer },
      error: reason,
    };
    const servername = (socket as TLSSocket & { servername?: string | false }).servername;
    if (servername) exchange.connection.tls = { servername };
    try {
      sink.record(exchange);
    } catch {
      // recording must never take the listener down
    }
  };
  let keyLog: KeyLogWriter | null = null;
  const onKeyLog = (line: Buffer): void => keyLog?.write(line);
  server.on('connection', onConnection);
  server.on('tlsClientError', onClientError);
  const setKeyLog = (writer: KeyLogWriter | null): void => {
    if (writer && !keyLog) server.on('keylog', onKeyLog);
    if (!writer && keyLog) server.off('keylog', onKeyLog);
    if (keyLog && keyLog !== writer) void keyLog.close();
    keyLog = writer;
  };
  return {
    setKeyLog,
    setKeyLogFile(path: string | undefined): void {
      if (path === keyLog?.path) return;
      setKeyLog(path ? createKeyLogWriter(path) : null);
    },
    detach(): void {
      server.off('connection', onConnection);
      server.off('tlsClientError', onClientError);
      server.off('keylog', onKeyLog);
      void keyLog?.close();
      keyLog = null;
    },
  };
}

/**
 * The client certificate of an established TLS connection with a verdict, for recording with its traffic.
 * Undefined when the connection is not TLS; verdict `none` when the client sent no certificate.
 */
export function clientCertificateOf(socket: TLSSocket, verify?: (der: Buffer) => ClientCertVerdict): ClientCertVerdict | undefined {
  if (!socket.encrypted) return undefined;
  const peer = socket.getPeerCertificate?.();
  if (!peer || !peer.raw) return { subject: '', issuer: '', fingerprint256: '', validTo: '', verdict: 'none', reason: 'no client certificate' };
  if (verify) return verify(peer.raw);
  const error = socket.authorizationError ? String(socket.authorizationError) : undefined;
  return {
    subject: flatName(peer.subject),
    issuer: flatName(peer.issuer),
    fingerprint256: peer.fingerprint256 ?? '',
    validTo: peer.valid_to ? new Date(peer.valid_to).toISOString() : '',
    verdict: socket.authorized ? 'trusted' : error === 'CERT_HAS_EXPIRED' ? 'expired' : 'untrusted',
    ...(error ? { reason: describeVerifyCode(error) } : {}),
  };
}

function flatName(name: unknown): string {
  if (!name || typeof name !== 'object') return '';
  return Object.entries(name as Record<string, string | string[]>)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
    .join(', ');
}

function normalize(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/**
 * For a listener that enforces "mutual TLS required" itself (Node's `rejectUnauthorized: false`, checked
 * on 'secureConnection'): why this connection must be refused, in words, or undefined if it may stay.
 */
export function clientCertificateRefusal(socket: TLSSocket): string | undefined {
  if (socket.authorized) return undefined;
  const peer = socket.getPeerCertificate?.();
  if (!peer || !peer.raw) return 'no client certificate (mutual TLS is required)';
  const code = socket.authorizationError ? String(socket.authorizationError) : 'UNABLE_TO_VERIFY_LEAF_SIGNATURE';
  return `client certificate rejected: ${describeVerifyCode(code)} (${code})`;
}
