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

/** An IP packet (v4 when both addresses are IPv4, else v6) carrying one TCP segment, checksums filled in. */
export function tcpIpPacket(spec: TcpPacketSpec): Uint8Array {
  const payload = spec.payload ?? new Uint8Array(0);
  const s4 = parseIpv4(spec.src);
  const d4 = parseIpv4(spec.dst);
  const v4 = s4 !== null && d4 !== null;
  const src = v4 ? s4 : (parseIpv6(spec.src) ?? parseIpv6('2001:db8::2')!);
  const dst = v4 ? d4 : (parseIpv6(spec.dst) ?? parseIpv6('2001:db8::1')!);
  const ipLen = v4 ? 20 : 40;
  const tcpLen = 20 + payload.length;
  const p = new Uint8Array(ipLen + tcpLen);
  const view = new DataView(p.buffer);
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
  return p;
}

/** Wraps an IP packet in Ethernet II (locally administered MACs: the addresses are made up). */
export function ethernetFrame(ip: Uint8Array, fromClient: boolean): Uint8Array {
  const f = new Uint8Array(14 + ip.length);
  const client = [0x02, 0, 0, 0, 0, 0x02];
  const server = [0x02, 0, 0, 0, 0, 0x01];
  f.set(fromClient ? server : client, 0);
  f.set(fromClient ? client : server, 6);
  const v6 = ip[0] >> 4 === 6;
  f[12] = v6 ? 0x86 : 0x08;
  f[13] = v6 ? 0xdd : 0x00;
  f.set(ip, 14);
  return f;
}
