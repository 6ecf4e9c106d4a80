/**
 * pcapng: a sequence of sections (Section Header Block, each with its own byte order), each holding
 * Interface Description Blocks and packets (Enhanced, Simple, or the obsolete Packet Block) that name
 * their interface by index within the section. Blocks we have no use for (name resolution, statistics,
 * custom) are skipped by their length. Interfaces are gathered over the whole section before packets are
 * resolved, so a writer that emits blocks out of the usual order still reads.
 */
import type { PacketFile, RawPacket } from './packets';

const SHB = 0x0a0d0d0a;
const IDB = 1;
const OPB = 2;
const SPB = 3;
const EPB = 6;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const MAX_BLOCK = 64 * 1024 * 1024;

interface Interface {
  linkType: number;
  snapLen: number;
  /** Timestamp units per second. */
  unitsPerSecond: number;
  /** Seconds added to every timestamp (if_tsoffset). */
  offsetSeconds: number;
}

interface Pending {
  section: number;
  iface: number;
  tsHigh: number;
  tsLow: number;
  data: Uint8Array;
  origLen: number;
  order: number;
}

/** True when the bytes start with a pcapng Section Header Block. */
export function isPcapng(bytes: Uint8Array): boolean {
  return bytes.length >= 12 && bytes[0] === 0x0a && bytes[1] === 0x0d && bytes[2] === 0x0d && bytes[3] === 0x0a;
}

function readOptions(view: DataView, start: number, end: number, little: boolean, iface: Interface): void {
  let at = start;
  while (at + 4 <= end) {
    const code = view.getUint16(at, little);
    const len = view.getUint16(at + 2, little);
    const value = at + 4;
    if (code === 0 || value + len > end) return;
    if (code === 9 && len >= 1) {
      // if_tsresol: high bit clear = negative power of 10, set = negative power of 2.
      const r = view.getUint8(value);
      iface.unitsPerSecond = r & 0x80 ? 2 ** (r & 0x7f) : 10 ** r;
    } else if (code === 14 && len >= 8) {
      const hi = view.getInt32(value + (little ? 4 : 0), little);
      const lo = view.getUint32(value + (little ? 0 : 4), little);
      iface.offsetSeconds = hi * 2 ** 32 + lo;
    }
    at = value + ((len + 3) & ~3);
  }
}

export function readPcapng(bytes: Uint8Array): PacketFile {
  const warnings: string[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sections: Interface[][] = [];
  const pending: Pending[] = [];
  let little = true;
  let at = 0;
  let blockNo = 0;
  while (at < bytes.length) {
    blockNo++;
    if (at + 12 > bytes.length) {
      warnings.push(`the file ends inside block ${blockNo} (byte ${at}; ${bytes.length - at} bytes left): the capture was cut short`);
      break;
    }
    let type = view.getUint32(at, little);
    if (view.getUint32(at, true) === SHB) {
      type = SHB;
      const bom = view.getUint32(at + 8, true);
      if (bom === BYTE_ORDER_MAGIC) little = true;
      else if (view.getUint32(at + 8, false) === BYTE_ORDER_MAGIC) little = false;
      else {
        warnings.push(`block ${blockNo} (byte ${at}) is a section header with an unknown byte-order mark: the rest was not read`);
        break;
      }
    }
    const len = view.getUint32(at + 4, little);
    if (len < 12 || len % 4 !== 0 || len > MAX_BLOCK) {
      warnings.push(`block ${blockNo} (byte ${at}) has an impossible length ${len}: the file is damaged from here on; the rest was not read`);
      break;
    }
    if (at + len > bytes.length) {
      const what = type === EPB || type === SPB || type === OPB ? 'a packet' : 'a block';
      warnings.push(`the file ends inside block ${blockNo} (${what} at byte ${at}; ${bytes.length - at} of ${len} bytes): the capture was cut short; that block was not read`);
      break;
    }
    if (view.getUint32(at + len - 4, little) !== len) {
      warnings.push(`block ${blockNo} (byte ${at}): its trailing length does not match: the file is damaged from here on; the rest was not read`);
      break;
    }
    const body = at + 8;
    const end = at + len - 4;
    if (type === SHB) {
      sections.push([]);
    } else if (sections.length === 0) {
      warnings.push(`block ${blockNo} (byte ${at}) comes before any section header: the file is not pcapng`);
      break;
    } else if (type === IDB && end - body >= 8) {
      const iface: Interface = { linkType: view.getUint16(body, little), snapLen: view.getUint32(body + 4, little), unitsPerSecond: 1e6, offsetSeconds: 0 };
      readOptions(view, body + 8, end, little, iface);
      sections[sections.length - 1].push(iface);
    } else if (type === EPB && end - body >= 20) {
      const capLen = view.getUint32(body + 12, little);
      if (body + 20 + capLen > end) {
        warnings.push(`packet block ${blockNo} (byte ${at}) claims more data than it holds; skipped`);
      } else {
        pending.push({
          section: sections.length - 1,
          iface: view.getUint32(body, little),
          tsHigh: view.getUint32(body + 4, little),
          tsLow: view.getUint32(body + 8, little),
          data: bytes.subarray(body + 20, body + 20 + capLen),
          origLen: view.getUint32(body + 16, little),
          order: pending.length,
        });
      }
    } else if (type === OPB && end - body >= 20) {
      const capLen = view.getUint32(body + 12, little);
      if (body + 20 + capLen <= end) {
        pending.push({
          section: sections.length - 1,
          iface: view.getUint16(body, little),
          tsHigh: view.getUint32(body + 4, little),
          tsLow: view.getUint32(body + 8, little),
          data: bytes.subarray(body + 20, body + 20 + capLen),
          origLen: view.getUint32(body + 16, little),
          order: pending.length,
        });
      }
    } else if (type === SPB && end - body >= 4) {
      // No timestamp and interface 0; the captured length is what the block holds (trimmed by snaplen later).
      const origLen = view.getUint32(body, little);
      pending.push({ section: sections.length - 1, iface: 0, tsHigh: -1, tsLow: 0, data: bytes.subarray(body + 4, Math.min(end, body + 4 + origLen)), origLen, order: pending.length });
    }
    at += len;
  }
  const packets: RawPacket[] = [];
  let lastTs = 0;
  const unknown = new Set<string>();
  for (const p of pending) {
    const iface = sections[p.section]?.[p.iface];
    if (!iface) {
      unknown.add(`${p.section + 1}/${p.iface}`);
      continue;
    }
    let ts = lastTs;
    if (p.tsHigh >= 0) ts = ((p.tsHigh * 2 ** 32 + p.tsLow) / iface.unitsPerSecond + iface.offsetSeconds) * 1000;
    lastTs = ts;
    const data = iface.snapLen > 0 && p.data.length > iface.snapLen ? p.data.subarray(0, iface.snapLen) : p.data;
    packets.push({ index: packets.length + 1, ts, linkType: iface.linkType, data, origLen: p.origLen });
  }
  if (unknown.size > 0) warnings.push(`packets naming an interface the file never describes (section/interface ${[...unknown].join(', ')}) were skipped`);
  return { format: 'pcapng', packets, warnings };
}
