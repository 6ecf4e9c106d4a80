/**
 * UTF-8 and base64 without Node or DOM globals, so capture code runs in main and renderer alike.
 */
import type { RecordedBody } from '../traffic/exchange';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = (() => {
  const t = new Int16Array(128).fill(-1);
  for (let i = 0; i < B64.length; i++) t[B64.charCodeAt(i)] = i;
  t['-'.charCodeAt(0)] = 62;
  t['_'.charCodeAt(0)] = 63;
  return t;
})();

/** Encodes bytes as standard base64 with padding. */
export function toBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += B64[n >> 18] + B64[(n >> 12) & 63] + '==';
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + '=';
  }
  return out;
}

/** Decodes base64 (standard or URL-safe, padding optional; whitespace ignored). Throws on other characters. */
export function fromBase64(text: string): Uint8Array {
  const clean = text.replace(/[\s=]+/g, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    const c = clean.charCodeAt(i);
    const v = c < 128 ? B64_INDEX[c] : -1;
    if (v < 0) throw new Error(`invalid base64 character at ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}

// The platform's codecs where there are some (Node and browsers both have them; the ES lib types do not
// declare them): the hand-written loops below are the fallback and 20-50x slower on large bodies.
declare const TextEncoder: (new () => { encode(s: string): Uint8Array }) | undefined;
declare const TextDecoder: (new (label: string, o: { fatal: boolean; ignoreBOM: boolean }) => { decode(b: Uint8Array): string }) | undefined;
const nativeEncoder = typeof TextEncoder === 'function' ? new TextEncoder() : undefined;
// Strict (fatal) like the loop below, and keeping a BOM as the loop does.
const nativeDecoder = typeof TextDecoder === 'function' ? new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }) : undefined;

/** Encodes a string as UTF-8 (lone surrogates become U+FFFD). */
export function utf8Encode(text: string): Uint8Array {
  if (nativeEncoder) return nativeEncoder.encode(text);
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        i++;
      } else cp = 0xfffd;
    } else if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return Uint8Array.from(out);
}

/** Decodes strict UTF-8; returns null when the bytes are not valid UTF-8. */
export function utf8Decode(bytes: Uint8Array): string | null {
  if (nativeDecoder) {
    try {
      return nativeDecoder.decode(bytes);
    } catch {
      return null;
    }
  }
  let out = '';
  const parts: string[] = [];
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let cp: number;
    let need: number;
    if (b < 0x80) {
      cp = b;
      need = 0;
    } else if (b >= 0xc2 && b <= 0xdf) {
      cp = b & 0x1f;
      need = 1;
    } else if (b >= 0xe0 && b <= 0xef) {
      cp = b & 0x0f;
      need = 2;
    } else if (b >= 0xf0 && b <= 0xf4) {
      cp = b & 0x07;
      need = 3;
    } else return null;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return null;
      cp = (cp << 6) | (c & 0x3f);
    }
    if ((need === 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (need === 3 && (cp < 0x10000 || cp > 0x10ffff))) {
      return null;
    }
    out += String.fromCodePoint(cp);
    if (out.length > 8192) {
      parts.push(out);
      out = '';
    }
    i += need + 1;
  }
  parts.push(out);
  return parts.join('');
}

/** A recorded body's bytes. */
export function bodyBytes(body: RecordedBody | undefined): Uint8Array {
  if (!body || body.data === '') return new Uint8Array(0);
  return body.encoding === 'utf8' ? utf8Encode(body.data) : fromBase64(body.data);
}

/** A recorded body as text for display: UTF-8 as is; base64 bodies decoded as Latin-1 so nothing is lost. */
export function bodyText(body: RecordedBody | undefined): string {
  if (!body) return '';
  if (body.encoding === 'utf8') return body.data;
  const bytes = fromBase64(body.data);
  const asUtf8 = utf8Decode(bytes);
  if (asUtf8 !== null) return asUtf8;
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

/** Builds a recorded body from bytes: UTF-8 text when valid, else base64. */
export function recordBody(bytes: Uint8Array, wireSize = bytes.length, truncated = false): RecordedBody {
  const text = utf8Decode(bytes);
  const body: RecordedBody =
    text !== null ? { encoding: 'utf8', data: text, size: wireSize } : { encoding: 'base64', data: toBase64(bytes), size: wireSize };
  if (truncated) body.truncated = true;
  return body;
}

/** A recorded body from text the caller already holds. */
export function textBody(text: string): RecordedBody {
  return { encoding: 'utf8', data: text, size: utf8Encode(text).length };
}
