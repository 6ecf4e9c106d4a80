import { spawn } from 'node:child_process';
import { createServer, request, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { TrafficStore } from '../../../src-main/traffic/traffic-store';
import { attachTlsDiagnostics, clientCertificateOf, type CertService, type TlsDiagnostics } from '../../../src-main/tls/index';
import type { AcsTlsOptions } from '../../../src-main/tls/acs-tls';
import type { Exchange } from '../../../src-shared/traffic/exchange';

/**
 * An HTTPS listener wired the way the ACS wires its own: options from the cert service, hot-swapped on
 * change, diagnostics attached, and each request answered with the client certificate's verdict.
 */
export interface TestAcs {
  port: number;
  traffic: TrafficStore;
  diagnostics: TlsDiagnostics;
  close(): Promise<void>;
}

export async function startTestAcs(svc: CertService): Promise<TestAcs> {
  const opts = await svc.acsTlsOptions();
  const traffic = new TrafficStore();
  const server: Server = createServer(secureOptions(opts), (req, res) => {
    const peer = clientCertificateOf(req.socket as TLSSocket, (der) => svc.verifyClientCertificate(der));
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ peer: peer ?? null, authorized: (req.socket as TLSSocket).authorized }));
  });
  const diagnostics = attachTlsDiagnostics(server, traffic, { source: 'acs' });
  diagnostics.setKeyLogFile(opts.keyLogFile);
  const off = svc.onAcsTlsChange((o) => {
    server.setSecureContext(secureOptions(o));
    const s = server as Server & { requestCert: boolean; rejectUnauthorized: boolean };
    s.requestCert = o.requestCert;
    s.rejectUnauthorized = o.rejectUnauthorized;
    diagnostics.setKeyLogFile(o.keyLogFile);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    traffic,
    diagnostics,
    close: async () => {
      off();
      diagnostics.detach();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function secureOptions(o: AcsTlsOptions): { key: string; cert: string; ca?: string[]; requestCert: boolean; rejectUnauthorized: boolean } {
  return { key: o.key, cert: o.cert, ...(o.ca ? { ca: o.ca } : {}), requestCert: o.requestCert, rejectUnauthorized: o.rejectUnauthorized };
}

export type Outcome = { ok: true; status: number; body: { peer: { verdict: string; subject: string; reason?: string } | null; authorized: boolean } } | { ok: false; error: Error & { code?: string } };

/** One HTTPS GET on a fresh connection (no agent, no session reuse). */
export function get(port: number, tls: { ca?: string; cert?: string; key?: string; servername?: string; rejectUnauthorized?: boolean }): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/', method: 'GET', agent: false, ...tls, ...(tls.servername ? { servername: tls.servername } : {}) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ ok: true, status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as never }));
        res.on('error', (error) => resolve({ ok: false, error }));
      },
    );
    req.on('error', (error) => resolve({ ok: false, error }));
    req.end();
  });
}

/** Waits for the n-th `tls-failure` exchange to be recorded (the server learns of a failure after the client). */
export async function nextFailure(traffic: TrafficStore, count: number, timeoutMs = 3000): Promise<Exchange> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const failures = traffic.list().exchanges.filter((x) => x.kind === 'tls-failure');
    if (failures.length >= count) return failures[count - 1];
    if (Date.now() > deadline) throw new Error(`no tls-failure #${count} recorded within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Runs openssl with the given stdin; resolves with its exit code and output (never rejects). */
export function openssl(args: string[], input = ''): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('openssl', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: -1, out: String(err) });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, out });
    });
    // openssl may exit before reading its stdin (s_client after a failed handshake): that is not an error.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}
