import { readFileSync } from 'node:fs';
import { connect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { dispatch } from '../../../src-shared/api/dispatch';
import type { ApiHandlers } from '../../../src-shared/api/client';
import type { Exchange } from '../../../src-shared/traffic/exchange';
import type { Workbench } from '../../../src-main/app/workbench';

/** Calls an API method the way the UI does (params validated by the contract); throws the API error. */
export async function call<T = any>(wb: { handlers: ApiHandlers }, method: string, params: unknown = {}): Promise<T> {
  const out = await dispatch(wb.handlers, method, params);
  if (!out.ok) throw new Error(`${method}: ${out.error.code} ${out.error.message}`);
  return out.result as T;
}

export interface Handshake {
  ok: boolean;
  authorized: boolean;
  authorizationError?: string;
  error?: string;
  /** SHA-256 fingerprint of the certificate the server presented. */
  fingerprint256?: string;
  protocol?: string | null;
  /** The secrets this client logged (NSS key-log lines), to compare with the server's key log. */
  keylog: string[];
}

/** One TLS handshake on a fresh connection (no session reuse); the socket is closed once it settles. */
export function handshake(port: number, options: ConnectionOptions = {}): Promise<Handshake> {
  return new Promise((resolve) => {
    const keylog: string[] = [];
    let settled = false;
    const socket: TLSSocket = connect({ host: '127.0.0.1', port, servername: 'localhost', ...options });
    socket.on('keylog', (line: Buffer) => keylog.push(line.toString('latin1').trim()));
    const done = (h: Omit<Handshake, 'keylog'>): void => {
      if (settled) return;
      settled = true;
      // Let TLS 1.3 post-handshake messages (tickets, a server's alert) arrive before closing.
      setTimeout(() => {
        socket.destroy();
        resolve({ ...h, keylog });
      }, 50);
    };
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      done({
        ok: true,
        authorized: socket.authorized,
        ...(socket.authorizationError ? { authorizationError: String(socket.authorizationError) } : {}),
        fingerprint256: cert?.fingerprint256,
        protocol: socket.getProtocol(),
      });
    });
    socket.once('error', (err: Error & { code?: string }) => done({ ok: false, authorized: false, error: `${err.code ?? ''} ${err.message}` }));
  });
}

/** Polls until `probe` returns something, or fails after `ms`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The workbench's `tls-failure` exchanges, oldest first. */
export function tlsFailures(wb: Workbench): Exchange[] {
  return wb.traffic
    .list({ limit: 10_000 })
    .exchanges.filter((x) => x.kind === 'tls-failure')
    .sort((a, b) => a.startedAt - b.startedAt);
}

/** A certificate and its key, PEM, out of the store (the key through `certs/export`, as a user would). */
export async function keyedCert(wb: Workbench, id: string): Promise<{ cert: string; key: string; fingerprint256: string }> {
  const detail = await call(wb, 'certs/get', { id });
  const exported = await call<{ data: string }>(wb, 'certs/export', { id, format: 'pem-key' });
  return { cert: detail.pem, key: exported.data, fingerprint256: detail.fingerprint256 };
}

/** Node spells fingerprints `AB:CD:…`; the store may too, but compare without caring. */
export function sameFingerprint(a: string | undefined, b: string | undefined): boolean {
  const norm = (s: string | undefined): string => (s ?? '').replace(/:/g, '').toUpperCase();
  return norm(a) !== '' && norm(a) === norm(b);
}
