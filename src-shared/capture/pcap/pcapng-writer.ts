/**
 * Writing pcapng: a Section Header Block, Interface Description Blocks and Enhanced Packet Blocks, in
 * little-endian, µs timestamps (the default resolution, so every reader agrees).
 */
import { utf8Encode } from '../bytes';

function pad4(n: number): number {
  return (n + 3) & ~3;
}

/** Options as (code, bytes) pairs, ending with opt_endofopt. */
function options(list: Array<[number, Uint8Array]>): Uint8Array {
  if (list.length === 0) return new Uint8Array(0);
  const size = list.reduce((n, [, v]) => n + 4 + pad4(v.length), 4);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const [code, v] of list) {
    view.setUint16(at, code, true);
    view.setUint16(at + 2, v.length, true);
    out.set(v, at + 4);
    at += 4 + pad4(v.length);
  }
  return out;
}

function block(type: number, body: Uint8Array): Uint8Array {
  const len = 12 + pad4(body.length);
  const out = new Uint8Array(len);
  const view = new DataView(out.buffer);
  view.setUint32(0, type, true);
  view.setUint32(4, len, true);
  out.set(body, 8);
  view.setUint32(len - 4, len, true);
  return out;
}

export class PcapngWriter {
  private parts: Uint8Array[] = [];
  private interfaces = 0;

  constructor(o: { application?: string; comment?: string } = {}) {
    const opts: Array<[number, Uint8Array]> = [];
    if (o.comment) opts.push([1, utf8Encode(o.comment)]);
    if (o.application) opts.push([4, utf8Encode(o.application)]);
    const o2 = options(opts);
    const body = new Uint8Array(16 + o2.length);
    const view = new DataView(body.buffer);
    view.setUint32(0, 0x1a2b3c4d, true);
    view.setUint16(4, 1, true);
    view.setUint16(6, 0, true);
    // Section length unknown (-1).
    view.setInt32(8, -1, true);
    view.setInt32(12, -1, true);
    body.set(o2, 16);
    this.parts.push(block(0x0a0d0d0a, body));
  }

  /** Adds an interface; returns its index for `packet`. */
  addInterface(linkType: number, name?: string): number {
    const o = options(name ? [[2, utf8Encode(name)]] : []);
    const body = new Uint8Array(8 + o.length);
    const view = new DataView(body.buffer);
    view.setUint16(0, linkType, true);
    view.setUint32(4, 0, true);
    body.set(o, 8);
    this.parts.push(block(1, body));
    return this.interfaces++;
  }

  /** An Enhanced Packet Block; `ts` in ms since the epoch. */
  packet(iface: number, ts: number, data: Uint8Array): void {
    // Written straight into the block (the hot path of an export: one allocation, one copy).
    const us = Math.max(0, Math.round(ts * 1000));
    const len = 32 + pad4(data.length);
    const b = new Uint8Array(len);
    const view = new DataView(b.buffer);
    view.setUint32(0, 6, true);
    view.setUint32(4, len, true);
    view.setUint32(8, iface, true);
    view.setUint32(12, Math.floor(us / 2 ** 32), true);
    view.setUint32(16, us % 2 ** 32, true);
    view.setUint32(20, data.length, true);
    view.setUint32(24, data.length, true);
    b.set(data, 28);
    view.setUint32(len - 4, len, true);
    this.parts.push(b);
  }

  bytes(): Uint8Array {
    const size = this.parts.reduce((n, p) => n + p.length, 0);
    const out = new Uint8Array(size);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}
