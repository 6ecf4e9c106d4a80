/**
 * STUN messages (RFC 5389, read back to RFC 3489 as TR-111 CPEs speak it) with the TR-111 Part 2
 * attributes: a CPE's Binding Request carries CONNECTION-REQUEST-BINDING (and BINDING-CHANGE when its
 * binding changed) so the STUN server beside the ACS learns where UDP connection requests reach it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isIPv4 } from 'node:net';

export const MAGIC_COOKIE = 0x2112a442;
export const BINDING_REQUEST = 0x0001;
export const BINDING_SUCCESS = 0x0101;
export const BINDING_ERROR = 0x0111;

export const ATTR = {
  MAPPED_ADDRESS: 0x0001,
  USERNAME: 0x0006,
  MESSAGE_INTEGRITY: 0x0008,
  ERROR_CODE: 0x0009,
  XOR_MAPPED_ADDRESS: 0x0020,
  SOFTWARE: 0x8022,
  /** TR-111: the binding the CPE listens on for UDP connection requests. */
  CONNECTION_REQUEST_BINDING: 0xc001,
  /** TR-111: the binding changed since the last one reported. */
  BINDING_CHANGE: 0xc002,
} as const;

/** The value TR-111 fixes for CONNECTION-REQUEST-BINDING: 20 bytes, the last a space. */
export const CONNECTION_REQUEST_BINDING_VALUE = 'dslforum.org/TR-111 ';

export interface StunAttribute {
  type: number;
  value: Buffer;
  /** Where the attribute starts in the decoded message (set by `decodeStun`). */
  offset?: number;
}

export interface StunMessage {
  type: number;
  /** 12 bytes (RFC 5389) or 16 (RFC 3489, whose header has no magic cookie). */
  transactionId: Buffer;
  /** False for an RFC 3489 message. */
  cookie: boolean;
  attributes: StunAttribute[];
}

/** True when the bytes look like a STUN message (first two bits zero, length a multiple of 4). */
export function looksLikeStun(b: Buffer): boolean {
  return b.length >= 20 && (b[0] & 0xc0) === 0 && b.readUInt16BE(2) % 4 === 0 && b.readUInt16BE(2) + 20 === b.length;
}

/** Decodes a STUN message; throws on anything malformed (the server drops it). */
export function decodeStun(b: Buffer): StunMessage {
  if (!looksLikeStun(b)) throw new Error('not a STUN message');
  const type = b.readUInt16BE(0);
  const cookie = b.readUInt32BE(4) === MAGIC_COOKIE;
  const transactionId = Buffer.from(cookie ? b.subarray(8, 20) : b.subarray(4, 20));
  const attributes: StunAttribute[] = [];
  let at = 20;
  while (at < b.length) {
    if (at + 4 > b.length) throw new Error('truncated STUN attribute header');
    const t = b.readUInt16BE(at);
    const len = b.readUInt16BE(at + 2);
    if (at + 4 + len > b.length) throw new Error('truncated STUN attribute');
    attributes.push({ type: t, value: Buffer.from(b.subarray(at + 4, at + 4 + len)), offset: at });
    at += 4 + len + ((4 - (len % 4)) % 4);
  }
  return { type, transactionId, cookie, attributes };
}

/** Encodes a STUN message; with `integrityKey`, MESSAGE-INTEGRITY (HMAC-SHA1) is appended last. */
export function encodeStun(m: Omit<StunMessage, 'cookie'> & { cookie?: boolean }, integrityKey?: string): Buffer {
  const cookie = m.cookie ?? m.transactionId.length === 12;
  const parts: Buffer[] = [];
  for (const a of m.attributes) parts.push(attributeBytes(a));
  const header = Buffer.alloc(20);
  header.writeUInt16BE(m.type, 0);
  if (cookie) {
    header.writeUInt32BE(MAGIC_COOKIE, 4);
    m.transactionId.copy(header, 8, 0, 12);
  } else m.transactionId.copy(header, 4, 0, 16);
  let body = Buffer.concat(parts);
  if (integrityKey !== undefined) {
    // The HMAC covers the header (its length already counting the MESSAGE-INTEGRITY attribute) and the attributes before it.
    header.writeUInt16BE(body.length + 24, 2);
    const mac = createHmac('sha1', integrityKey).update(Buffer.concat([header, body])).digest();
    body = Buffer.concat([body, attributeBytes({ type: ATTR.MESSAGE_INTEGRITY, value: mac })]);
  }
  header.writeUInt16BE(body.length, 2);
  return Buffer.concat([header, body]);
}

function attributeBytes(a: StunAttribute): Buffer {
  const pad = (4 - (a.value.length % 4)) % 4;
  const out = Buffer.alloc(4 + a.value.length + pad);
  out.writeUInt16BE(a.type, 0);
  out.writeUInt16BE(a.value.length, 2);
  a.value.copy(out, 4);
  return out;
}

export function attribute(m: StunMessage, type: number): Buffer | undefined {
  return m.attributes.find((a) => a.type === type)?.value;
}

/** MAPPED-ADDRESS (or, with `xor`, XOR-MAPPED-ADDRESS) for an IPv4 address. */
export function addressAttribute(address: string, port: number, xor: boolean): StunAttribute {
  if (!isIPv4(address)) throw new Error(`only IPv4 bindings are reported (${address})`);
  const v = Buffer.alloc(8);
  v[1] = 0x01;
  const ip = Buffer.from(address.split('.').map(Number));
  if (xor) {
    v.writeUInt16BE(port ^ (MAGIC_COOKIE >>> 16), 2);
    v.writeUInt32BE((ip.readUInt32BE(0) ^ MAGIC_COOKIE) >>> 0, 4);
  } else {
    v.writeUInt16BE(port, 2);
    ip.copy(v, 4);
  }
  return { type: xor ? ATTR.XOR_MAPPED_ADDRESS : ATTR.MAPPED_ADDRESS, value: v };
}

/** The address a Binding Response reports: XOR-MAPPED-ADDRESS when present, else MAPPED-ADDRESS. */
export function mappedAddress(m: StunMessage): { address: string; port: number } | undefined {
  const xor = attribute(m, ATTR.XOR_MAPPED_ADDRESS);
  const plain = attribute(m, ATTR.MAPPED_ADDRESS);
  const v = xor ?? plain;
  if (!v || v.length < 8 || v[1] !== 0x01) return undefined;
  let port = v.readUInt16BE(2);
  let ip = v.readUInt32BE(4);
  if (xor) {
    port ^= MAGIC_COOKIE >>> 16;
    ip = (ip ^ MAGIC_COOKIE) >>> 0;
  }
  return { address: [ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join('.'), port };
}

/**
 * Checks MESSAGE-INTEGRITY (RFC 5389 15.4, short-term credentials: the key is the password): the HMAC-SHA1
 * of the message up to the attribute, with the header's length counting through it. `absent` when the
 * message carries none.
 */
export function checkIntegrity(raw: Buffer, m: StunMessage, key: string): 'ok' | 'bad' | 'absent' {
  const mi = m.attributes.find((a) => a.type === ATTR.MESSAGE_INTEGRITY);
  if (!mi || mi.offset === undefined) return 'absent';
  if (mi.value.length !== 20) return 'bad';
  const covered = Buffer.from(raw.subarray(0, mi.offset));
  covered.writeUInt16BE(mi.offset + 24 - 20, 2);
  const mac = createHmac('sha1', key).update(covered).digest();
  return timingSafeEqual(mac, mi.value) ? 'ok' : 'bad';
}
