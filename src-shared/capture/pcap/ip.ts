/**
 * IPv4 / IPv6 and TCP headers: just enough to find a TCP segment, its endpoints and its bytes. The IP
 * length field bounds the segment (Ethernet pads short frames; that padding is not TCP data).
 */

export interface TcpSegment {
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: number;
  payload: Uint8Array;
  /** IP payload bytes the capture did not keep (snap length): the segment is incomplete. */
  missing: number;
}

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_ACK = 0x10;

export type IpResult = { segment: TcpSegment } | { skip: string } | null;

export function ipv4String(b: Uint8Array, at: number): string {
  return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
}

/** RFC 5952 text form: lower case, longest run of zero groups (two or more) as `::`. */
export function ipv6String(b: Uint8Array, at: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push((b[at + 2 * i] << 8) | b[at + 2 * i + 1]);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) return `::ffff:${ipv4String(b, at + 12)}`;
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

function tcp(src: string, dst: string, b: Uint8Array, at: number, end: number, missing: number): IpResult {
  if (end - at < 20) return { skip: 'TCP header cut short' };
  const off = (b[at + 12] >> 4) * 4;
  if (off < 20 || at + off > end) return { skip: 'TCP header cut short' };
  return {
    segment: {
      src,
      dst,
      srcPort: (b[at] << 8) | b[at + 1],
      dstPort: (b[at + 2] << 8) | b[at + 3],
      seq: ((b[at + 4] << 24) | (b[at + 5] << 16) | (b[at + 6] << 8) | b[at + 7]) >>> 0,
      ack: ((b[at + 8] << 24) | (b[at + 9] << 16) | (b[at + 10] << 8) | b[at + 11]) >>> 0,
      flags: b[at + 13],
      payload: b.subarray(at + off, end),
      missing,
    },
  };
}

/** The TCP segment in an IP packet; `{skip}` for what we cannot use and should mention; null for non-TCP. */
export function tcpOfIp(p: Uint8Array): IpResult {
  if (p.length < 1) return null;
  const version = p[0] >> 4;
  if (version === 4) {
    if (p.length < 20) return { skip: 'IPv4 header cut short' };
    const ihl = (p[0] & 0x0f) * 4;
    const total = (p[2] << 8) | p[3];
    if (p[9] !== 6) return null;
    if (((p[6] & 0x20) !== 0 || ((p[6] & 0x1f) << 8) + p[7] !== 0)) return { skip: 'IPv4 fragment (fragment reassembly is not supported)' };
    // A total length of 0 is what TCP segmentation offload leaves: the packet is as long as captured.
    const declared = total === 0 ? p.length : total;
    const end = Math.min(declared, p.length);
    return tcp(ipv4String(p, 12), ipv4String(p, 16), p, ihl, end, Math.max(0, declared - p.length));
  }
  if (version === 6) {
    if (p.length < 40) return { skip: 'IPv6 header cut short' };
    const payloadLen = (p[4] << 8) | p[5];
    const declared = payloadLen === 0 ? p.length : 40 + payloadLen;
    const end = Math.min(declared, p.length);
    let next = p[6];
    let at = 40;
    // Walk extension headers to the upper-layer header.
    for (;;) {
      if (next === 6) return tcp(ipv6String(p, 8), ipv6String(p, 24), p, at, end, Math.max(0, declared - p.length));
      if (next === 0 || next === 43 || next === 60) {
        if (at + 8 > end) return { skip: 'IPv6 extension header cut short' };
        const len = (p[at + 1] + 1) * 8;
        next = p[at];
        at += len;
      } else if (next === 51) {
        if (at + 8 > end) return { skip: 'IPv6 extension header cut short' };
        const len = (p[at + 1] + 2) * 4;
        next = p[at];
        at += len;
      } else if (next === 44) {
        return { skip: 'IPv6 fragment (fragment reassembly is not supported)' };
      } else return null;
    }
  }
  return null;
}
