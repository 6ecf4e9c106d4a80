/**
 * TLS handshakes per second on a listener set up the way the ACS sets up its HTTPS listener (the cert
 * service's options: lab-CA-issued RSA 2048 chain, diagnostics attached), with and without session
 * resumption, beside a bare Node `https` server with the same certificate and key. Loopback only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type TLSSocket } from 'node:tls';
import { createCertService } from '../src-main/tls/index';
import { attachTlsDiagnostics } from '../src-main/tls/tls-diagnostics';
import { TrafficStore } from '../src-main/traffic/traffic-store';
import type { BenchLine } from './types';

const DURATION_MS = 500;
const CONCURRENCY = 8;

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Handshakes completed in DURATION_MS by CONCURRENCY clients in a loop; `resume` reuses tickets. */
async function measure(port: number, ca: string, resume: boolean): Promise<{ perSecond: number; reusedShare: number }> {
  let done = 0;
  let reused = 0;
  const deadline = Date.now() + DURATION_MS;
  const started = Date.now();
  const worker = async (): Promise<void> => {
    let session: Buffer | undefined;
    while (Date.now() < deadline) {
      await new Promise<void>((resolve, reject) => {
        const socket: TLSSocket = connect({ host: '127.0.0.1', port, ca, servername: 'localhost', ...(resume && session ? { session } : {}) });
        let finished = false;
        const finish = (): void => {
          if (finished) return;
          finished = true;
          socket.destroy();
          resolve();
        };
        socket.resume(); // read, so the NewSessionTicket is processed
        socket.once('secureConnect', () => {
          done++;
          if (socket.isSessionReused()) reused++;
          // A resumed session can be used again (Node's server sends no new ticket then).
          if (!resume || socket.isSessionReused()) finish();
        });
        // TLS 1.3 tickets arrive after the handshake: keep the newest for the next connection.
        socket.on('session', (s: Buffer) => {
          session = s;
          finish();
        });
        socket.once('error', (err) => {
          if (!finished) reject(err);
        });
        const timer = setTimeout(finish, 1000);
        socket.once('close', () => clearTimeout(timer));
      });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = (Date.now() - started) / 1000;
  return { perSecond: done / elapsed, reusedShare: done ? reused / done : 0 };
}

export async function run(): Promise<BenchLine[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-tls-'));
  const servers: Server[] = [];
  try {
    const svc = await createCertService({ dataDir: dir });
    const opts = await svc.acsTlsOptions();
    const caId = (await svc.handlers['certs/acs-tls-get']({})).cert?.issuerId ?? '';
    const ca = (await svc.handlers['certs/get']({ id: caId })).pem;

    const acs = createServer({ key: opts.key, cert: opts.cert, ...(opts.ca ? { ca: opts.ca } : {}), requestCert: opts.requestCert, rejectUnauthorized: opts.rejectUnauthorized }, (_q, r) => r.end());
    attachTlsDiagnostics(acs, new TrafficStore(), { source: 'acs' });
    const bare = createServer({ key: opts.key, cert: opts.cert }, (_q, r) => r.end());
    servers.push(acs, bare);
    const acsPort = await listen(acs);
    const barePort = await listen(bare);

    // Warm-up: JIT and OpenSSL's first-use costs out of the way.
    await measure(barePort, ca, false);
    const lines: BenchLine[] = [];
    for (const resume of [false, true]) {
      // Alternate and keep each side's best of two: a shared machine's noise hits both alike.
      const base1 = await measure(barePort, ca, resume);
      const ours1 = await measure(acsPort, ca, resume);
      const ours2 = await measure(acsPort, ca, resume);
      const base2 = await measure(barePort, ca, resume);
      const base = base1.perSecond >= base2.perSecond ? base1 : base2;
      const ours = ours1.perSecond >= ours2.perSecond ? ours1 : ours2;
      lines.push({
        name: `TLS handshakes, ACS options, resumption ${resume ? 'on' : 'off'}`,
        value: ours.perSecond,
        unit: 'handshakes/s',
        baseline: base.perSecond,
        ratio: ours.perSecond / base.perSecond,
        note: `baseline: bare https, same cert; ${CONCURRENCY} clients, ${DURATION_MS} ms${resume ? `; resumed ${(ours.reusedShare * 100).toFixed(0)}% / ${(base.reusedShare * 100).toFixed(0)}%` : ''}`,
      });
    }
    return lines;
  } finally {
    for (const s of servers) {
      s.closeAllConnections();
      s.close();
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
