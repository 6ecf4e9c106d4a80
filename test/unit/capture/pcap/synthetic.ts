/**
 * Synthetic packet captures for the pcap tests: an HTTP conversation as TCP segments, framed for any link
 * type and written as classic pcap (either byte order, µs or ns) or pcapng (either byte order, several
 * interfaces, blocks in unusual order).
 */
import { tcpIpPacket, type TcpPacketSpec } from '../../../../src-shared/capture/pcap/frames';
import { TCP_ACK, TCP_FIN, TCP_SYN } from '../../../../src-shared/capture/pcap/ip';

export interface Pkt {
  ts: number;
  spec: TcpPacketSpec;
}

export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

export function httpRequest(body: string, o: { chunked?: number[]; headers?: string[] } = {}): Uint8Array {
  const b = enc(body);
  const head = ['POST /acs HTTP/1.1', 'Host: acs.example:7547', 'Content-Type: text/xml; charset="utf-8"', ...(o.headers ?? [])];
  if (o.chunked) return enc(`${head.join('\r\n')}\r\nTransfer-Encoding: chunked\r\n\r\n${chunks(body, o.chunked)}`);
  return concat(enc(`${head.join('\r\n')}\r\nContent-Length: ${b.length}\r\n\r\n`), b);
}

export function httpResponse(body: string, o: { status?: string; chunked?: number[] } = {}): Uint8Array {
  const b = enc(body);
  const status = o.status ?? (body ? '200 OK' : '204 No Content');
  if (o.chunked) return enc(`HTTP/1.1 ${status}\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n${chunks(body, o.chunked)}`);
  return concat(enc(`HTTP/1.1 ${status}\r\nContent-Type: text/xml\r\nContent-Length: ${b.length}\r\n\r\n`), b);
}

/** The body split into chunks of the given sizes (the rest in one more), with an extension and a trailer. */
function chunks(body: string, sizes: number[]): string {
  let out = '';
  let at = 0;
  for (const n of [...sizes, body.length]) {
    const part = body.slice(at, at + n);
    if (!part) continue;
    out += `${new TextEncoder().encode(part).length.toString(16)};ext=1\r\n${part}\r\n`;
    at += part.length;
  }
  return `${out}0\r\nX-Trailer: yes\r\n\r\n`;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A keep-alive TCP connection carrying request/response pairs, segmented at `mss`. */
export function conversation(o: {
  client: string;
  server: string;
  clientPort?: number;
  serverPort?: number;
  pairs: Array<[Uint8Array, Uint8Array | null]>;
  mss?: number;
  t0?: number;
  isnClient?: number;
  isnServer?: number;
  handshake?: boolean;
}): Pkt[] {
  const mss = o.mss ?? 500;
  const cp = o.clientPort ?? 51000;
  const sp = o.serverPort ?? 7547;
  let cseq = o.isnClient ?? 1000;
  let sseq = o.isnServer ?? 900_000;
  let t = o.t0 ?? 1_700_000_000_000;
  const out: Pkt[] = [];
  const push = (fromClient: boolean, flags: number, payload?: Uint8Array): void => {
    out.push({
      ts: t,
      spec: {
        src: fromClient ? o.client : o.server,
        dst: fromClient ? o.server : o.client,
        srcPort: fromClient ? cp : sp,
        dstPort: fromClient ? sp : cp,
        seq: fromClient ? cseq : sseq,
        ack: fromClient ? sseq : cseq,
        flags,
        payload,
      },
    });
    const adv = (payload?.length ?? 0) + (flags & (TCP_SYN | TCP_FIN) ? 1 : 0);
    if (fromClient) cseq = (cseq + adv) >>> 0;
    else sseq = (sseq + adv) >>> 0;
    t += 1;
  };
  if (o.handshake !== false) {
    push(true, TCP_SYN);
    push(false, TCP_SYN | TCP_ACK);
    push(true, TCP_ACK);
  }
  for (const [req, res] of o.pairs) {
    for (let i = 0; i < req.length; i += mss) push(true, TCP_ACK, req.subarray(i, i + mss));
    if (res) for (let i = 0; i < res.length; i += mss) push(false, TCP_ACK, res.subarray(i, i + mss));
    t += 10;
  }
  push(true, TCP_FIN | TCP_ACK);
  push(false, TCP_FIN | TCP_ACK);
  return out;
}

/** Frames an IP packet for a link type. */
export function frame(linkType: number, ip: Uint8Array, o: { vlan?: boolean } = {}): Uint8Array {
  const v6 = ip[0] >> 4 === 6;
  const etherType = v6 ? [0x86, 0xdd] : [0x08, 0x00];
  switch (linkType) {
    case 1: {
      const tag = o.vlan ? [0x81, 0x00, 0x00, 0x2a] : [];
      return concat(Uint8Array.from([2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, ...tag, ...etherType]), ip);
    }
    case 113:
      return concat(Uint8Array.from([0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 2, 0, 0, ...etherType]), ip);
    case 276:
      return concat(Uint8Array.from([...etherType, 0, 0, 0, 0, 0, 1, 0, 1, 0, 6, 2, 0, 0, 0, 0, 2, 0, 0]), ip);
    case 0: // host byte order (little-endian here), AF_INET6 as on Linux
      return concat(Uint8Array.from(v6 ? [10, 0, 0, 0] : [2, 0, 0, 0]), ip);
    case 108: // network byte order, AF_INET6 as on OpenBSD
      return concat(Uint8Array.from(v6 ? [0, 0, 0, 24] : [0, 0, 0, 2]), ip);
    default:
      return ip;
  }
}

export function ipOf(p: Pkt): Uint8Array {
  return tcpIpPacket(p.spec);
}

/** A classic pcap file. */
export function pcapFile(pkts: Array<{ ts: number; data: Uint8Array; origLen?: number }>, o: { linkType: number; little?: boolean; nano?: boolean }): Uint8Array {
  const little = o.little ?? true;
  const parts: Uint8Array[] = [];
  const h = new DataView(new ArrayBuffer(24));
  h.setUint32(0, o.nano ? 0xa1b23c4d : 0xa1b2c3d4, little);
  h.setUint16(4, 2, little);
  h.setUint16(6, 4, little);
  h.setUint32(16, 262144, little);
  h.setUint32(20, o.linkType, little);
  parts.push(new Uint8Array(h.buffer));
  for (const p of pkts) {
    const r = new DataView(new ArrayBuffer(16));
    const sec = Math.floor(p.ts / 1000);
    const ms = p.ts - sec * 1000;
    r.setUint32(0, sec, little);
    r.setUint32(4, Math.round(o.nano ? ms * 1e6 : ms * 1e3), little);
    r.setUint32(8, p.data.length, little);
    r.setUint32(12, p.origLen ?? p.data.length, little);
    parts.push(new Uint8Array(r.buffer), p.data);
  }
  return concat(...parts);
}

/** pcapng blocks, written by hand so tests control byte order, resolution and block order. */
export class NgBuilder {
  blocks: Uint8Array[] = [];
  constructor(private little = true) {}
  private block(type: number, body: Uint8Array): this {
    const len = 12 + ((body.length + 3) & ~3);
    const b = new Uint8Array(len);
    const v = new DataView(b.buffer);
    v.setUint32(0, type, this.little);
    v.setUint32(4, len, this.little);
    b.set(body, 8);
    v.setUint32(len - 4, len, this.little);
    this.blocks.push(b);
    return this;
  }
  shb(): this {
    const b = new Uint8Array(16);
    const v = new DataView(b.buffer);
    v.setUint32(0, 0x1a2b3c4d, this.little);
    v.setUint16(4, 1, this.little);
    v.setInt32(8, -1, this.little);
    v.setInt32(12, -1, this.little);
    return this.block(0x0a0d0d0a, b);
  }
  /** `tsresol`: the if_tsresol byte (6 = µs, 9 = ns), omitted when undefined. */
  idb(linkType: number, tsresol?: number): this {
    const b = new Uint8Array(tsresol === undefined ? 8 : 20);
    const v = new DataView(b.buffer);
    v.setUint16(0, linkType, this.little);
    if (tsresol !== undefined) {
      v.setUint16(8, 9, this.little);
      v.setUint16(10, 1, this.little);
      b[12] = tsresol;
    }
    return this.block(1, b);
  }
  epb(iface: number, ts: number, data: Uint8Array, tsresol = 6): this {
    const units = BigInt(Math.round(ts * 10 ** (tsresol - 3)));
    const b = new Uint8Array(20 + ((data.length + 3) & ~3));
    const v = new DataView(b.buffer);
    v.setUint32(0, iface, this.little);
    v.setUint32(4, Number(units >> 32n), this.little);
    v.setUint32(8, Number(units & 0xffffffffn), this.little);
    v.setUint32(12, data.length, this.little);
    v.setUint32(16, data.length, this.little);
    b.set(data, 20);
    return this.block(6, b);
  }
  /** A block of a type the reader should skip (name resolution). */
  nrb(): this {
    return this.block(4, new Uint8Array(4));
  }
  bytes(): Uint8Array {
    return concat(...this.blocks);
  }
}
