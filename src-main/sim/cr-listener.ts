/**
 * A device's connection-request listener (TR-069 3.2.2): an HTTP GET on its own port and secret path,
 * Digest-protected when the device has ConnectionRequestUsername/Password, answered at once; the
 * session with `6 CONNECTION REQUEST` starts after the reply.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DigestVerifier, type Credentials } from './http-auth';

export interface CrListenerOptions {
  host: string;
  path: string;
  /** Current credentials (they can change through SetParameterValues); null: no authentication. */
  credentials: () => Credentials | null;
  /** false while the device is rebooting: it answers 503. */
  available: () => boolean;
  onRequest: () => void;
}

export class CrListener {
  private readonly server: http.Server;
  private readonly digest: DigestVerifier;
  /** Accepted connection requests. */
  accepted = 0;
  /** Requests refused for bad or missing credentials. */
  rejected = 0;

  constructor(private readonly options: CrListenerOptions) {
    this.digest = new DigestVerifier('CWMP Workbench simulated CPE');
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 1000;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    req.resume();
    const path = (req.url ?? '').split('?')[0];
    if (path !== this.options.path) {
      res.writeHead(404).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET' }).end();
      return;
    }
    const creds = this.options.credentials();
    if (creds) {
      const verdict = this.digest.verify(req.headers.authorization, req.method, creds);
      if (verdict !== 'ok') {
        if (verdict === 'bad' && req.headers.authorization) this.rejected++;
        res.writeHead(401, { 'WWW-Authenticate': this.digest.challenge(verdict === 'stale'), 'Content-Length': '0' }).end();
        return;
      }
    }
    if (!this.options.available()) {
      res.writeHead(503, { 'Retry-After': '5', 'Content-Length': '0' }).end();
      return;
    }
    this.accepted++;
    res.writeHead(200, { 'Content-Length': '0' }).end();
    this.options.onRequest();
  }

  /** Listens on a free port; resolves with it. */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, this.options.host, () => {
        this.server.off('error', reject);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
