/**
 * TR-111 Part 2 UDP connection requests: an HTTP 1.1 GET carried in one UDP datagram, whose query
 * authenticates it — `ts` (seconds since 1970), `id` (the same in every copy of one request), `un`
 * (the ConnectionRequestUsername), `cn` (a random cnonce) and `sig`, the HMAC-SHA1 of ts, id, un and
 * cn concatenated, keyed with the ConnectionRequestPassword, in hex.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface UdpCrFields {
  ts: number;
  id: string;
  un: string;
  cn: string;
}

export function udpCrSignature(f: UdpCrFields, password: string): string {
  return createHmac('sha1', password).update(`${f.ts}${f.id}${f.un}${f.cn}`).digest('hex').toUpperCase();
}

/** The datagram for one UDP connection request to `host:port` (each copy of a request is the same bytes). */
export function buildUdpConnectionRequest(target: { host: string; port: number }, credentials: { username: string; password: string }, now = Date.now(), id = String(randomBytes(4).readUInt32BE(0))): { text: string; fields: UdpCrFields } {
  const fields: UdpCrFields = { ts: Math.floor(now / 1000), id, un: credentials.username, cn: randomBytes(10).toString('hex').toUpperCase() };
  const sig = udpCrSignature(fields, credentials.password);
  const q = new URLSearchParams({ ts: String(fields.ts), id: fields.id, un: fields.un, cn: fields.cn, sig });
  const host = `${target.host}:${target.port}`;
  return { text: `GET http://${host}?${q.toString()} HTTP/1.1\r\nHost: ${host}\r\n\r\n`, fields };
}

/** Reads a UDP connection request; null when the datagram is not one (not an HTTP GET with the five fields). */
export function parseUdpConnectionRequest(datagram: Buffer | string): (UdpCrFields & { sig: string }) | null {
  const text = typeof datagram === 'string' ? datagram : datagram.toString('latin1');
  const line = /^GET (\S+) HTTP\/1\.1\r?\n/.exec(text);
  if (!line) return null;
  const target = line[1];
  const q = target.indexOf('?');
  if (q < 0) return null;
  const p = new URLSearchParams(target.slice(q + 1));
  const ts = p.get('ts');
  const id = p.get('id');
  const un = p.get('un');
  const cn = p.get('cn');
  const sig = p.get('sig');
  if (ts === null || id === null || un === null || cn === null || sig === null || !/^\d{1,12}$/.test(ts)) return null;
  return { ts: Number(ts), id, un, cn, sig };
}

export type UdpCrVerdict = 'accept' | 'duplicate' | 'replayed' | 'bad-signature' | 'not-a-request';

/**
 * What a CPE does with each datagram on its UDP connection-request port: acts on a correctly signed
 * request once; ignores further copies of it (same `id`), requests no newer than the last one acted on
 * (a replay), and anything badly signed or for another username.
 */
export class UdpCrVerifier {
  private lastTs = -1;
  private readonly seenIds = new Set<string>();

  constructor(private readonly credentials: () => { username: string; password: string } | null) {}

  check(datagram: Buffer | string): UdpCrVerdict {
    const m = parseUdpConnectionRequest(datagram);
    if (!m) return 'not-a-request';
    const creds = this.credentials() ?? { username: '', password: '' };
    const want = Buffer.from(udpCrSignature(m, creds.password), 'latin1');
    const got = Buffer.from(m.sig.toUpperCase(), 'latin1');
    if (m.un !== creds.username || want.length !== got.length || !timingSafeEqual(want, got)) return 'bad-signature';
    if (this.seenIds.has(m.id) && m.ts === this.lastTs) return 'duplicate';
    if (m.ts < this.lastTs || this.seenIds.has(m.id)) return 'replayed';
    if (m.ts > this.lastTs) this.seenIds.clear();
    this.lastTs = m.ts;
    this.seenIds.add(m.id);
    return 'accept';
  }
}
