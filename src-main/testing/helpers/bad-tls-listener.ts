/**
 * A listener for the secure-CWMP cases: the CPE is pointed at it and first meets a deliberately bad
 * certificate. A CPE that refuses the handshake (right) is let through on its next attempt: later
 * connections are passed, untouched, to the ACS's real HTTPS listener, so the session goes on with the
 * good certificate and the case can put the ACS URL back. A CPE that accepts the bad certificate (wrong)
 * is counted, and its requests are passed on in plain text to the ACS's HTTP listener, for the same reason.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { CertStore } from '../../tls/cert-store';
import { badServerCertificate, type BadCertCase } from './bad-certs';

export type BadTlsKind = BadCertCase;

export interface BadTlsListener {
  url: string;
  /** TLS handshakes completed with the bad certificate (the CPE accepted it). */
  accepted: number;
  /** Handshakes the CPE broke off. */
  refused: number;
  close(): Promise<void>;
}

export async function startBadTlsListener(options: { kind: BadTlsKind; store: CertStore; acsHttpsUrl: string; acsHttpUrl: string }): Promise<BadTlsListener> {
  const { cert, key } = await badServerCertificate(options.store, options.kind);
  const https = new URL(options.acsHttpsUrl);
  const plain = new URL(options.acsHttpUrl);
  const state = { accepted: 0, refused: 0 };
  const sockets = new Set<net.Socket>();
  const pipeTo = (socket: net.Socket | tls.TLSSocket, port: number, host: string): void => {
    const upstream = net.connect(port, host);
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    socket.pipe(upstream).pipe(socket);
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  };
  const bad = new tls.Server({ cert, key }, (secure) => {
    state.accepted++;
    pipeTo(secure, Number(plain.port), plain.hostname);
  });
  bad.on('tlsClientError', () => {
    state.refused++;
  });
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    // Until the CPE has refused once, it meets the bad certificate; afterwards, the real ACS.
    if (state.refused === 0) bad.emit('connection', socket);
    else pipeTo(socket, Number(https.port), https.hostname);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}/`,
    get accepted() {
      return state.accepted;
    },
    get refused() {
      return state.refused;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
