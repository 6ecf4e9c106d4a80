/**
 * Classic libpcap files: a 24-byte header, then records of 16-byte header + frame. The magic says the
 * byte order (the writer's own) and the time resolution (µs, or ns for 0xa1b23c4d).
 */
import type { PacketFile, RawPacket } from './packets';

const MAGIC_US = 0xa1b2c3d4;
const MAGIC_NS = 0xa1b23c4d;
/** A record claiming more than this is a damaged file, not a packet (libpcap's own ceiling is 256 KiB). */
const MAX_RECORD = 16 * 1024 * 1024;

/** True when the bytes start like a classic pcap file (either byte order, µs or ns). */
export function isPcap(bytes: Uint8Array): boolean {
  if (bytes.length < 4) return false;
  const v = new DataView(bytes.buffer, bytes.byteOffset, 4);
  const be = v.getUint32(0, false);
  const le = v.getUint32(0, true);
  return be === MAGIC_US || be === MAGIC_NS || le === MAGIC_US || le === MAGIC_NS;
}

export function readPcap(bytes: Uint8Array): PacketFile {
  const warnings: string[] = [];
  const packets: RawPacket[] = [];
  if (bytes.length < 24) {
    return { format: 'pcap', packets, warnings: [`the file ends inside the pcap file header (${bytes.length} of 24 bytes)`] };
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magicBe = view.getUint32(0, false);
  const little = !(magicBe === MAGIC_US || magicBe === MAGIC_NS);
  const magic = view.getUint32(0, little);
  const tick = magic === MAGIC_NS ? 1e-6 : 1e-3; // ms per fraction unit
  // The upper bits of the link type field carry FCS information; the type is the low 16 bits.
  const linkType = view.getUint32(20, little) & 0xffff;
  let at = 24;
  while (at < bytes.length) {
    if (at + 16 > bytes.length) {
      warnings.push(`the file ends inside the header of packet ${packets.length + 1} (byte ${at}; ${bytes.length - at} of 16 bytes): the capture was cut short`);
      break;
    }
    const sec = view.getUint32(at, little);
    const frac = view.getUint32(at + 4, little);
    const incl = view.getUint32(at + 8, little);
    const orig = view.getUint32(at + 12, little);
    if (incl > MAX_RECORD) {
      warnings.push(`packet ${packets.length + 1} (byte ${at}) claims ${incl} bytes: the file is damaged from here on; the rest was not read`);
      break;
    }
    if (at + 16 + incl > bytes.length) {
      warnings.push(
        `the file ends inside packet ${packets.length + 1} (byte ${at}; ${bytes.length - at - 16} of ${incl} bytes): the capture was cut short; that packet was not read`,
      );
      break;
    }
    packets.push({ index: packets.length + 1, ts: sec * 1000 + frac * tick, linkType, data: bytes.subarray(at + 16, at + 16 + incl), origLen: orig });
    at += 16 + incl;
  }
  return { format: 'pcap', packets, warnings };
}
