/**
 * TCP connections out of segments: each direction's bytes put back in sequence order. Retransmitted
 * segments and overlaps keep the bytes that arrived first (what the receiver most likely took); bytes
 * that never arrived are left out and their places listed (`breaks`), so a reader can pick up again
 * after them. Sequence numbers are compared as signed 32-bit distances, so wrap-around needs no special
 * case.
 */
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN, type TcpSegment } from './ip';

export interface Endpoint {
  address: string;
  port: number;
}

interface Piece {
  seq: number;
  data: Uint8Array;
  ts: number;
  arrival: number;
  /** Offset from the stream's start, set when assembling. */
  rel: number;
}

class Side {
  isn?: number;
  first?: number;
  pieces: Piece[] = [];
  fin = false;
  rst = false;
  bytes = 0;
  cutShort = 0;
}

/** One direction of a connection, reassembled. */
export interface Stream {
  bytes: Uint8Array;
  /** Offsets where a new segment's bytes start, with its capture time: `timeAt` looks up a byte's time. */
  marks: Array<{ offset: number; ts: number }>;
  /** Bytes that were never captured (lost, or before the capture started), in all; 0 when whole. */
  gap: number;
  /** Offsets in `bytes` where captured data resumes after missing bytes, with how many went missing. */
  breaks: Array<{ at: number; missing: number }>;
  /** Segments that repeated bytes already seen (retransmissions, overlaps). */
  retransmitted: number;
  /** Overlapping bytes whose content differed from what arrived first. */
  conflicting: number;
  /** Segments the capture cut short (snap length). */
  cutShort: number;
  fin: boolean;
  rst: boolean;
}

export interface TcpConnection {
  /** 1-based, in order of first packet. */
  index: number;
  a: Endpoint;
  b: Endpoint;
  /** Which side opened (sent the SYN), when the capture saw it. */
  opener?: 'a' | 'b';
  firstTs: number;
  lastTs: number;
  fromA: Stream;
  fromB: Stream;
}

/** Time of the byte at `offset` of a stream (the capture time of the segment that carried it). */
export function timeAt(stream: Stream, offset: number): number {
  const m = stream.marks;
  if (m.length === 0) return 0;
  let lo = 0;
  let hi = m.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (m[mid].offset <= offset) lo = mid;
    else hi = mid - 1;
  }
  return m[lo].ts;
}

function assemble(side: Side): Stream {
  const out: Stream = { bytes: new Uint8Array(0), marks: [], gap: 0, breaks: [], retransmitted: 0, conflicting: 0, cutShort: side.cutShort, fin: side.fin, rst: side.rst };
  if (side.pieces.length === 0) return out;
  const base = side.isn !== undefined ? (side.isn + 1) >>> 0 : (side.first as number);
  const rel = (seq: number): number => (seq - base) | 0;
  const pieces = side.pieces;
  for (const p of pieces) p.rel = rel(p.seq);
  pieces.sort((x, y) => x.rel - y.rel || x.arrival - y.arrival);
  // Without the SYN the stream starts at the lowest sequence number seen.
  let expected = side.isn !== undefined ? 0 : Math.min(0, pieces[0].rel);
  const start = expected;
  const buffer = new Uint8Array(side.bytes);
  let o = 0;
  // Where each break sits in sequence space, to map a sequence offset to its place in `buffer`.
  const breakRels: Array<{ rel: number; missing: number }> = [];
  const at = (rel: number): number => {
    let skipped = 0;
    for (const b of breakRels) if (b.rel <= rel) skipped += b.missing;
    return rel - start - skipped;
  };
  for (const p of pieces) {
    const end = p.rel + p.data.length;
    if (end <= expected) {
      out.retransmitted++;
      // Compare what overlaps with what was taken, to flag a sender that changed its mind.
      if (differs(buffer, at(p.rel), p.data)) out.conflicting++;
      continue;
    }
    if (p.rel > expected) {
      out.gap += p.rel - expected;
      out.breaks.push({ at: o, missing: p.rel - expected });
      breakRels.push({ rel: p.rel, missing: p.rel - expected });
      expected = p.rel;
    }
    let data = p.data;
    if (p.rel < expected) {
      out.retransmitted++;
      if (differs(buffer, at(p.rel), p.data.subarray(0, expected - p.rel))) out.conflicting++;
      data = p.data.subarray(expected - p.rel);
    }
    out.marks.push({ offset: o, ts: p.ts });
    buffer.set(data, o);
    o += data.length;
    expected = end;
  }
  out.bytes = buffer.subarray(0, o);
  return out;
}

function differs(buffer: Uint8Array, at: number, data: Uint8Array): boolean {
  if (at < 0) return false;
  for (let i = 0; i < data.length; i++) if (buffer[at + i] !== data[i]) return true;
  return false;
}

interface Building {
  index: number;
  a: Endpoint;
  b: Endpoint;
  opener?: 'a' | 'b';
  firstTs: number;
  lastTs: number;
  sides: [Side, Side];
}

/** Collects segments into connections; `finish()` reassembles them. */
export class TcpReassembler {
  private open = new Map<string, Building>();
  private done: Building[] = [];
  private count = 0;
  private arrival = 0;

  add(seg: TcpSegment, ts: number): void {
    const ab = seg.src < seg.dst || (seg.src === seg.dst && seg.srcPort <= seg.dstPort);
    const key = ab ? `${seg.src}|${seg.srcPort}|${seg.dst}|${seg.dstPort}` : `${seg.dst}|${seg.dstPort}|${seg.src}|${seg.srcPort}`;
    let c = this.open.get(key);
    const syn = (seg.flags & TCP_SYN) !== 0;
    const pureSyn = syn && (seg.flags & TCP_ACK) === 0;
    if (c && pureSyn) {
      // A new SYN on a 4-tuple that already carried a connection: the port was reused.
      const s = c.sides[c.a.address === seg.src && c.a.port === seg.srcPort ? 0 : 1];
      if (s.isn !== seg.seq && (s.pieces.length > 0 || s.fin || s.rst || c.sides[0].fin || c.sides[1].fin)) {
        this.done.push(c);
        this.open.delete(key);
        c = undefined;
      }
    }
    if (!c) {
      c = { index: ++this.count, a: { address: seg.src, port: seg.srcPort }, b: { address: seg.dst, port: seg.dstPort }, firstTs: ts, lastTs: ts, sides: [new Side(), new Side()] };
      this.open.set(key, c);
    }
    const fromA = c.a.address === seg.src && c.a.port === seg.srcPort;
    const side = c.sides[fromA ? 0 : 1];
    c.lastTs = Math.max(c.lastTs, ts);
    if (syn) {
      side.isn = seg.seq;
      if (pureSyn) c.opener = fromA ? 'a' : 'b';
    }
    if (seg.flags & TCP_FIN) side.fin = true;
    if (seg.flags & TCP_RST) side.rst = true;
    if (seg.missing > 0) side.cutShort++;
    if (seg.payload.length === 0) return;
    // A SYN's data (TCP Fast Open) starts one past its sequence number.
    const seq = syn ? (seg.seq + 1) >>> 0 : seg.seq;
    if (side.first === undefined || ((seq - side.first) | 0) < 0) side.first = seq;
    side.pieces.push({ seq, data: seg.payload, ts, arrival: this.arrival++, rel: 0 });
    side.bytes += seg.payload.length;
  }

  finish(): TcpConnection[] {
    const all = [...this.done, ...this.open.values()].sort((x, y) => x.index - y.index);
    return all.map((c) => ({
      index: c.index,
      a: c.a,
      b: c.b,
      ...(c.opener ? { opener: c.opener } : {}),
      firstTs: c.firstTs,
      lastTs: c.lastTs,
      fromA: assemble(c.sides[0]),
      fromB: assemble(c.sides[1]),
    }));
  }
}
