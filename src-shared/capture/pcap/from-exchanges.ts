/**
 * Exchanges → a pcapng file Wireshark dissects as HTTP: for each recorded connection a synthetic TCP
 * connection (handshake, the requests and responses in MSS-sized segments with their ACKs, FIN) between
 * the recorded addresses and ports, at the recorded times. Bodies are written as recorded (after any
 * Content-Encoding was undone), so the headers are adjusted to match: Content-Length set, chunked and
 * Content-Encoding dropped.
 */
import type { Exchange, HttpHeaders, RecordedBody } from '../../traffic/exchange';
import { bodyBytes } from '../bytes';
import { ethernetTcpFrame, parseIpv4, parseIpv6 } from './frames';
import { TCP_ACK, TCP_FIN, TCP_SYN } from './ip';
import { LINKTYPE } from './link-layer';
import { PcapngWriter } from './pcapng-writer';

const MSS = 1460;
const PUSH = 0x08;
/** Spacing of the synthetic packets inside one recorded instant (ms): 1 µs. */
const TICK = 0.001;

interface Frame {
  ts: number;
  order: number;
  data: Uint8Array;
}

function latin1Bytes(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0xff;
  return b;
}

/**
 * Headers for the body as it will be written (decoded, unchunked): the length goes where the recorded
 * Content-Length or Transfer-Encoding stood, so a recording's header order survives the round trip.
 */
function fixHeaders(headers: HttpHeaders, body: RecordedBody, size: number, status?: number): HttpHeaders {
  const out: HttpHeaders = [];
  let placed = false;
  for (const [n, v] of headers) {
    const name = n.toLowerCase();
    if (name === 'content-length' || name === 'transfer-encoding') {
      if (!placed) out.push([name === 'content-length' ? n : 'Content-Length', String(size)]);
      placed = true;
    } else if (!(name === 'content-encoding' && body.contentEncoding)) out.push([n, v]);
  }
  // A response needs its length (or it runs to the close); 1xx, 204 and 304 never carry one.
  const bodiless = status !== undefined && (status < 200 || status === 204 || status === 304);
  if (!placed && !bodiless && (size > 0 || status !== undefined)) out.push(['Content-Length', String(size)]);
  return out;
}

function message(startLine: string, headers: HttpHeaders, body: RecordedBody, status?: number): Uint8Array {
  const b = bodyBytes(body);
  const head = `${startLine}\r\n${fixHeaders(headers, body, b.length, status)
    .map(([n, v]) => `${n}: ${v}\r\n`)
    .join('')}\r\n`;
  const h = latin1Bytes(head);
  const out = new Uint8Array(h.length + b.length);
  out.set(h, 0);
  out.set(b, h.length);
  return out;
}

function noMapped(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m ? m[1] : address;
}

/** Recorded endpoints, or documentation addresses / plausible ports where the recording has none. */
function endpoints(x: Exchange, n: number): { client: string; server: string; clientPort: number; serverPort: number } {
  const c = x.connection;
  const reverse = x.kind === 'connection-request';
  let client = noMapped(reverse ? c.localAddress : c.remoteAddress);
  let server = noMapped(reverse ? c.remoteAddress : c.localAddress);
  const clientPort = (reverse ? c.localPort : c.remotePort) || 49152 + (n % 16000);
  const serverPort = (reverse ? c.remotePort : c.localPort) || (reverse ? 7547 : 80);
  const v4 = (a: string): boolean => parseIpv4(a) !== null;
  const v6 = (a: string): boolean => parseIpv6(a) !== null;
  if (!v4(client) && !v6(client)) client = v6(server) ? '2001:db8::2' : '192.0.2.2';
  if (!v4(server) && !v6(server)) server = v6(client) ? '2001:db8::1' : '192.0.2.1';
  // One family per connection: an IPv4 peer of an IPv6 one becomes IPv4-mapped.
  if (v4(client) !== v4(server)) {
    if (v4(client)) client = `::ffff:${client}`;
    else server = `::ffff:${server}`;
  }
  return { client, server, clientPort, serverPort };
}

export interface PcapngExportOptions {
  application?: string;
  comment?: string;
}

/** The exchanges as a pcapng file (Ethernet, one interface). Exchanges without an HTTP request are left out. */
export function exchangesToPcapng(exchanges: Exchange[], o: PcapngExportOptions = {}): Uint8Array {
  const byConnection = new Map<string, Exchange[]>();
  let unnamed = 0;
  for (const x of [...exchanges].sort((a, b) => a.startedAt - b.startedAt)) {
    if (!x.request) continue;
    const key = x.connection.id ? `${x.source}|${x.connection.id}` : `unnamed-${++unnamed}`;
    let list = byConnection.get(key);
    if (!list) byConnection.set(key, (list = []));
    list.push(x);
  }
  const frames: Frame[] = [];
  let order = 0;
  let n = 0;
  for (const list of byConnection.values()) {
    n++;
    const e = endpoints(list[0], n);
    let cseq = (0x1000_0000 + n * 0x10_0000) >>> 0;
    let sseq = (0x7000_0000 + n * 0x10_0000) >>> 0;
    let t = list[0].startedAt - 3 * TICK;
    const push = (fromClient: boolean, flags: number, payload?: Uint8Array): void => {
      const data = ethernetTcpFrame(
        {
        src: fromClient ? e.client : e.server,
        dst: fromClient ? e.server : e.client,
        srcPort: fromClient ? e.clientPort : e.serverPort,
        dstPort: fromClient ? e.serverPort : e.clientPort,
        seq: fromClient ? cseq : sseq,
        ack: flags & TCP_ACK ? (fromClient ? sseq : cseq) : 0,
        flags,
        payload,
        },
        fromClient,
      );
      frames.push({ ts: t, order: order++, data });
      const advance = (payload?.length ?? 0) + (flags & (TCP_SYN | TCP_FIN) ? 1 : 0);
      if (fromClient) cseq = (cseq + advance) >>> 0;
      else sseq = (sseq + advance) >>> 0;
      t += TICK;
    };
    const send = (fromClient: boolean, bytes: Uint8Array): void => {
      for (let i = 0; i < bytes.length; i += MSS) push(fromClient, TCP_ACK | PUSH, bytes.subarray(i, Math.min(bytes.length, i + MSS)));
      push(!fromClient, TCP_ACK);
    };
    push(true, TCP_SYN);
    push(false, TCP_SYN | TCP_ACK);
    push(true, TCP_ACK);
    let ended = false;
    for (const x of list) {
      const req = x.request!;
      t = Math.max(t, x.startedAt);
      send(true, message(`${req.method} ${req.url || '/'} HTTP/${req.httpVersion || '1.1'}`, req.headers, req.body));
      if (x.response) {
        const res = x.response;
        t = Math.max(t, x.finishedAt ?? x.startedAt);
        send(false, message(`HTTP/${req.httpVersion || '1.1'} ${res.status} ${res.statusText}`.trimEnd(), res.headers, res.body, res.status));
      } else {
        // No answer was recorded: the connection ended there.
        ended = true;
        break;
      }
    }
    const last = list[list.length - 1];
    t = Math.max(t, last.finishedAt ?? last.startedAt);
    push(!ended, TCP_FIN | TCP_ACK);
    push(ended, TCP_FIN | TCP_ACK);
    push(!ended, TCP_ACK);
  }
  frames.sort((a, b) => a.ts - b.ts || a.order - b.order);
  const w = new PcapngWriter({ application: o.application ?? 'cwmp-workbench', comment: o.comment });
  const iface = w.addInterface(LINKTYPE.ETHERNET, 'cwmp-workbench');
  for (const f of frames) w.packet(iface, f.ts, f.data);
  return w.bytes();
}

