/**
 * From a link-layer frame to the IP packet it carries. Only IP matters here: ARP, LLDP and the like are
 * not errors, just nothing to read (`null`).
 */

export const LINKTYPE = {
  NULL: 0,
  ETHERNET: 1,
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

/** Link types whose frames are bare IP (101 is the LINKTYPE; 12 and 14 are DLT_RAW on some systems). */
const RAW_TYPES = new Set<number>([LINKTYPE.RAW, 12, 14, LINKTYPE.IPV4, LINKTYPE.IPV6]);

export function isSupportedLinkType(linkType: number): boolean {
  return (
    RAW_TYPES.has(linkType) ||
    linkType === LINKTYPE.ETHERNET ||
    linkType === LINKTYPE.NULL ||
    linkType === LINKTYPE.LOOP ||
    linkType === LINKTYPE.LINUX_SLL ||
    linkType === LINKTYPE.LINUX_SLL2
  );
}

function ipOfEtherType(type: number, frame: Uint8Array, at: number): Uint8Array | null {
  return type === 0x0800 || type === 0x86dd ? frame.subarray(at) : null;
}

/** The IP packet inside a frame, or null when the frame carries something else (or is too short). */
export function ipPayload(linkType: number, frame: Uint8Array): Uint8Array | null {
  switch (linkType) {
    case LINKTYPE.ETHERNET: {
      if (frame.length < 14) return null;
      let at = 12;
      let type = (frame[at] << 8) | frame[at + 1];
      // 802.1Q / 802.1ad tags (possibly stacked) sit between the addresses and the real type.
      while ((type === 0x8100 || type === 0x88a8 || type === 0x9100) && at + 6 <= frame.length) {
        at += 4;
        type = (frame[at] << 8) | frame[at + 1];
      }
      return ipOfEtherType(type, frame, at + 2);
    }
    case LINKTYPE.LINUX_SLL:
      return frame.length < 16 ? null : ipOfEtherType((frame[14] << 8) | frame[15], frame, 16);
    case LINKTYPE.LINUX_SLL2:
      return frame.length < 20 ? null : ipOfEtherType((frame[0] << 8) | frame[1], frame, 20);
    case LINKTYPE.NULL:
    case LINKTYPE.LOOP: {
      // A 4-byte address family, in the capturing host's byte order for NULL: AF_INET6 differs between
      // systems (10, 24, 28, 30), so the IP version nibble decides instead.
      if (frame.length < 5) return null;
      const v = frame[4] >> 4;
      return v === 4 || v === 6 ? frame.subarray(4) : null;
    }
    default:
      if (RAW_TYPES.has(linkType)) {
        const v = frame.length > 0 ? frame[0] >> 4 : 0;
        return v === 4 || v === 6 ? frame : null;
      }
      return null;
  }
}
