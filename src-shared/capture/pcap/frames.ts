/**
 * Building packets (the export writes synthetic TCP/IP for recorded exchanges): IPv4 or IPv6 + TCP with
 * valid checksums, wrapped in Ethernet. Addresses that do not parse fall back to documentation ones.
 */

export interface TcpPacketSpec {
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: number;
  payload?: Uint8Array;
  window?: number;
}

/** `a.b.c.d` → 4 bytes, or null. */
export function parseIpv4(text: string): Uint8Array | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return null;
  const b = m.slice(1).map(Number);
  return b.every((n) => n <= 255) ? Uint8Array.from(b) : null;
}

/** IPv6 text (with `::`, optional embedded IPv4, no zone) → 16 bytes, or null. */
export function parseIpv6(text: string): Uint8Array | null {
  let t = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!t.includes(':')) return null;
  const out = new Uint8Array(16);
  const tail = /(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(t);
  let v4: Uint8Array | null = null;
  if (tail) {
    v4 = parseIpv4(tail[1]);
    if (!v4) return null;
    t = `${t.slice(0, -tail[1].length)}0:0`;
  }
  const halves = t.split('::');
  if (halves.length > 2) return null;
  const parse = (s: string): number[] | null => {
    if (s === '') return [];
    const g = s.split(':').map((x) => (/^[0-9a-fA-F]{1,4}$/.test(x) ? parseInt(x, 16) : NaN));
    return g.some(Number.isNaN) ? null : g;
  };
  const head = parse(halves[0]);
  const rest = halves.length === 2 ? parse(halves[1]) : [];
  if (!head || !rest) return null;
  const fill = 8 - head.length - rest.length;
  if ((halves.length === 1 && fill !== 0) || fill < 0) return null;
  const groups = [...head, ...new Array(halves.length === 2 ? fill : 0).fill(0), ...rest];
  groups.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  if (v4) out.set(v4, 12);
  return out;
}

/** One's-complement sum of 16-bit words (not yet folded or inverted). */
function sum16(b: Uint8Array, from: number, to: number, acc = 0): number {
  let s = acc;
  let i = from;
  for (; i + 1 < to; i += 2) s += (b[i] << 8) | b[i + 1];
  if (i < to) s += b[i] << 8;
  return s;
}

function fold(s: number): number {
  let x = s;
  while (x > 0xffff) x = (x & 0xffff) + Math.floor(x / 0x10000);
  return ~x & 0xffff;
}

/** Parsed addresses, kept: an export names the same few endpoints in every packet. */
const addressCache = new Map<string, Uint8Array | null>();
function cached(text: string, parse: (t: string) => Uint8Array | null): Uint8Array | null {
  const key = `${parse === parseIpv4 ? 4 : 6}${text}`;
  let v = addressCache.get(key);
  if (v === undefined) {
    if (addressCache.size > 10_000) addressCache.clear();
    v = parse(text);
    addressCache.set(key, v);
  }
  return v;
}

/**
 * An IP packet (v4 when both addresses are IPv4, else v6) carrying one TCP segment, checksums filled in;
 * `headroom` bytes are left free in front for a link-layer header (no copy to add one).
 */
export function tcpIpPacket(spec: TcpPacketSpec, headroom = 0): Uint8Array {
  const payload = spec.payload ?? new Uint8Array(0);
  const s4 = cached(spec.src, parseIpv4);
  const d4 = cached(spec.dst, parseIpv4);
  const v4 = s4 !== null && d4 !== null;
  const src = v4 ? s4 : (cached(spec.src, parseIpv6) ?? cached('2001:db8::2', parseIpv6)!);
  const dst = v4 ? d4 : (cached(spec.dst, parseIpv6) ?? cached('2001:db8::1', parseIpv6)!);
  const ipLen = v4 ? 20 : 40;
  const tcpLen = 20 + payload.length;
  const frame = new Uint8Array(headroom + ipLen + tcpLen);
  const p = frame.subarray(headroom);
  const view = new DataView(frame.buffer, headroom);
  if (v4) {
    p[0] = 0x45;
    view.setUint16(2, ipLen + tcpLen);
    view.setUint16(6, 0x4000); // don't fragment
    p[8] = 64;
    p[9] = 6;
    p.set(src, 12);
    p.set(dst, 16);
    view.setUint16(10, fold(sum16(p, 0, 20)));
  } else {
    p[0] = 0x60;
    view.setUint16(4, tcpLen);
    p[6] = 6;
    p[7] = 64;
    p.set(src, 8);
    p.set(dst, 24);
  }
  const t = ipLen;
  view.setUint16(t, spec.srcPort);
  view.setUint16(t + 2, spec.dstPort);
  view.setUint32(t + 4, spec.seq >>> 0);
  view.setUint32(t + 8, spec.ack >>> 0);
  p[t + 12] = 5 << 4;
  p[t + 13] = spec.flags;
  view.setUint16(t + 14, spec.window ?? 65535);
  p.set(payload, t + 20);
  // Pseudo-header: addresses, protocol, TCP length.
  let acc = sum16(src, 0, src.length);
  acc = sum16(dst, 0, dst.length, acc);
  acc += 6 + tcpLen;
  view.setUint16(t + 16, fold(sum16(p, t, p.length, acc)));
  return headroom === 0 ? p : frame;
}

const CLIENT_MAC = [0x02, 0, 0, 0, 0, 0x02];
const SERVER_MAC = [0x02, 0, 0, 0, 0, 0x01];

/** Fills in the Ethernet II header of a frame whose IP packet starts at byte 14 (made-up, locally administered MACs). */
function ethernetHeader(f: Uint8Array, fromClient: boolean): Uint8Array {
  f.set(fromClient ? SERVER_MAC : CLIENT_MAC, 0);
  f.set(fromClient ? CLIENT_MAC : SERVER_MAC, 6);
  const v6 = f[14] >> 4 === 6;
  f[12] = v6 ? 0x86 : 0x08;
  f[13] = v6 ? 0xdd : 0x00;
  return f;
}

/** Wraps an IP packet in Ethernet II. */
export function ethernetFrame(ip: Uint8Array, fromClient: boolean): Uint8Array {
  const f = new Uint8Array(14 + ip.length);
  f.set(ip, 14);
  return ethernetHeader(f, fromClient);
}

/** A TCP segment framed in Ethernet, built in one buffer. */
export function ethernetTcpFrame(spec: TcpPacketSpec, fromClient: boolean): Uint8Array {
  return ethernetHeader(tcpIpPacket(spec, 14), fromClient);
}
