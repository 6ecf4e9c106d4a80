/**
 * A helper listener for the HTTP redirect cases (TR-069 3.4.5): answers every request with a 302 or 307
 * to the ACS, so a CPE pointed at it must follow the redirect for its session.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Redirector {
  url: string;
  /** Requests redirected so far. */
  hits: number;
  close(): Promise<void>;
}

export async function startRedirector(options: { status: number; target: string }): Promise<Redirector> {
  const state = { hits: 0 };
  const server = http.createServer((req, res) => {
    req.resume();
    state.hits++;
    res.writeHead(options.status, { Location: options.target, 'Content-Length': '0' });
    res.end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/redirect`,
    get hits() {
      return state.hits;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
