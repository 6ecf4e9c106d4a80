import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { rootCertificates } from 'node:tls';
import type { ProxyProfile } from '../../src-shared/api/proxy';

/** Where and how upstream requests go. */
export interface UpstreamTarget {
  transport: typeof http | typeof https;
  upstream: URL;
}

/** Request options naming the upstream host and port. */
export function upstreamAddress(u: URL): { protocol: string; hostname: string; port: string | number } {
  return { protocol: u.protocol, hostname: u.hostname.replace(/^\[|\]$/g, ''), port: u.port || (u.protocol === 'https:' ? 443 : 80) };
}

/**
 * The agent for one CPE connection: one keep-alive socket, never shared, so the ACS sees one connection
 * per CPE connection. For HTTPS: verification as configured, extra CAs beside the system's, client certificate.
 */
export function makeAgent(upstream: URL, up: ProxyProfile['upstream']): http.Agent {
  if (upstream.protocol !== 'https:') return new http.Agent({ keepAlive: true, maxSockets: 1, maxFreeSockets: 1 });
  const host = upstream.hostname.replace(/^\[|\]$/g, '');
  return new https.Agent({
    keepAlive: true,
    maxSockets: 1,
    maxFreeSockets: 1,
    rejectUnauthorized: up.verify,
    ca: up.caPem?.length ? [...rootCertificates, ...up.caPem] : undefined,
    cert: up.clientCert?.certPem,
    key: up.clientCert?.keyPem,
    servername: isIP(host) ? undefined : host,
  });
}

/** Content-Length follows an edited body; chunked bodies stay chunked. */
export function editedLengthHeaders(raw: string[], length: number): Record<string, string | null> {
  const hasLength = raw.some((h, i) => i % 2 === 0 && h.toLowerCase() === 'content-length');
  return hasLength ? { 'Content-Length': String(length) } : {};
}

/** An upstream error in words; TLS failures say so. */
export function describeError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO|HOSTNAME|ALTNAME/i.test(e.code)) return `TLS handshake failed: ${e.code} ${e.message}`;
  if (e.code && e.message && !e.message.includes(e.code)) return `${e.code} ${e.message}`;
  return e.message ?? String(err);
}
