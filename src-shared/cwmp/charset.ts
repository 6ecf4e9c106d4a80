/**
 * Body bytes → text, honouring a BOM, the XML declaration's `encoding` and the HTTP charset.
 * Real CPEs send ISO-8859-1, sometimes while declaring UTF-8; a body that is not valid in the
 * declared UTF-8 is read as Windows-1252 (a superset of ISO-8859-1) with a warning.
 */
import type { DecodeWarning } from './types';

// The pure lib (ES2022) has no TextDecoder type; every runtime we target (Node, browsers) has one.
interface TextDecoderLike {
  decode(input: Uint8Array): string;
}
type TextDecoderCtor = new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }) => TextDecoderLike;
const TextDecoderImpl = (globalThis as unknown as { TextDecoder: TextDecoderCtor }).TextDecoder;

const decoders = new Map<string, TextDecoderLike | null>();

/** A cached decoder for a label, or null when the runtime does not know the label. */
function decoderFor(label: string, fatal: boolean): TextDecoderLike | null {
  const key = `${label}|${fatal ? 1 : 0}`;
  let d = decoders.get(key);
  if (d === undefined) {
    try {
      d = new TextDecoderImpl(label, { fatal, ignoreBOM: true });
    } catch {
      d = null;
    }
    decoders.set(key, d);
  }
  return d;
}

/** The `charset` parameter of a Content-Type header value, lower-cased. */
export function charsetFromContentType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return m ? m[1].toLowerCase() : undefined;
}

/** The `encoding` of an XML declaration at the start of the bytes (ASCII-compatible encodings only). */
export function charsetFromXmlDeclaration(bytes: Uint8Array): string | undefined {
  let i = 0;
  const n = Math.min(bytes.length, 512);
  while (i < n && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  // "<?xml"
  if (bytes[i] !== 0x3c || bytes[i + 1] !== 0x3f || bytes[i + 2] !== 0x78 || bytes[i + 3] !== 0x6d || bytes[i + 4] !== 0x6c) {
    return undefined;
  }
  let decl = '';
  for (let j = i; j < n; j++) {
    decl += String.fromCharCode(bytes[j]);
    if (bytes[j] === 0x3e) break;
  }
  const m = /encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(decl);
  return m ? m[1].toLowerCase() : undefined;
}

function isUtf8Label(label: string): boolean {
  return label === 'utf-8' || label === 'utf8' || label === 'unicode-1-1-utf-8';
}

export interface DecodedText {
  text: string;
  /** The encoding actually used. */
  charset: string;
  warnings: DecodeWarning[];
}

/** Decodes body bytes to text. Never throws. */
export function decodeBytes(bytes: Uint8Array, contentType?: string): DecodedText {
  const warnings: DecodeWarning[] = [];
  let start = 0;
  let bomCharset: string | undefined;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    bomCharset = 'utf-8';
    start = 3;
  } else if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    bomCharset = 'utf-16le';
    start = 2;
  } else if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    bomCharset = 'utf-16be';
    start = 2;
  }
  // XML autodetection without a BOM (XML 1.0 appendix F): '<' followed or preceded by a zero byte.
  let sniffed: string | undefined;
  if (!bomCharset && bytes.length >= 2) {
    if (bytes[0] === 0x3c && bytes[1] === 0x00) sniffed = 'utf-16le';
    else if (bytes[0] === 0x00 && bytes[1] === 0x3c) sniffed = 'utf-16be';
  }
  if (bomCharset) {
    warnings.push({ code: 'byte-order-mark', message: `The body starts with a ${bomCharset.toUpperCase()} byte order mark` });
  }
  const body = start > 0 ? bytes.subarray(start) : bytes;
  const httpCharset = charsetFromContentType(contentType);
  const declCharset = bomCharset || sniffed ? undefined : charsetFromXmlDeclaration(body);

  let label = bomCharset ?? sniffed ?? declCharset ?? httpCharset ?? 'utf-8';
  if (label.startsWith('utf-16') && !bomCharset && !sniffed) {
    // A UTF-16 label on bytes that are plainly 8-bit ('<?xml' read as ASCII): the label is wrong.
    warnings.push({ code: 'charset-mismatch', message: `The body is labelled ${label} but is 8-bit text; read as UTF-8` });
    label = 'utf-8';
  }
  if (!bomCharset && declCharset && httpCharset && declCharset !== httpCharset && !(isUtf8Label(declCharset) && isUtf8Label(httpCharset))) {
    warnings.push({
      code: 'charset-mismatch',
      message: `The HTTP charset (${httpCharset}) and the XML declaration (${declCharset}) disagree; using the declaration`,
    });
  }
  if (decoderFor(label, false) === null) {
    warnings.push({ code: 'unknown-charset', message: `Unknown charset '${label}'; reading the body as UTF-8` });
    label = 'utf-8';
  }
  if (isUtf8Label(label)) {
    const strict = decoderFor('utf-8', true) as TextDecoderLike;
    try {
      return { text: strict.decode(body), charset: 'utf-8', warnings };
    } catch {
      warnings.push({
        code: 'invalid-utf8',
        message: 'The body is not valid UTF-8; read as Windows-1252 (ISO-8859-1), as CPEs that mislabel their charset mean',
      });
      return { text: (decoderFor('windows-1252', false) as TextDecoderLike).decode(body), charset: 'windows-1252', warnings };
    }
  }
  return { text: (decoderFor(label, false) as TextDecoderLike).decode(body), charset: label, warnings };
}
