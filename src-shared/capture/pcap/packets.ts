/**
 * What the file readers hand on: link-layer frames with their time, whatever the file format. The bytes
 * are views into the file (no copies), so a 100 MB capture costs no second 100 MB.
 */

export interface RawPacket {
  /** 1-based, in file order. */
  index: number;
  /** Milliseconds since the epoch (fractional: pcap carries µs or ns). */
  ts: number;
  /** LINKTYPE_* value of the packet's interface. */
  linkType: number;
  /** The captured bytes (may be fewer than `origLen` when the capture used a snap length). */
  data: Uint8Array;
  origLen: number;
}

export interface PacketFile {
  format: 'pcap' | 'pcapng';
  packets: RawPacket[];
  /** What could not be read (a file cut short, a damaged block), in words. */
  warnings: string[];
}

/** Reads a 32-bit value either way round (DataView bound checks are what we want: no silent garbage). */
export function u32(view: DataView, at: number, little: boolean): number {
  return view.getUint32(at, little);
}
