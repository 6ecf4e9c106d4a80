/**
 * Escaping for the XML we write. We build strings directly rather than through xmlbuilder2: its
 * serializer leaves carriage returns and control characters raw, which a parser then normalises
 * or rejects, so values would not survive a round trip. C0 control characters other than TAB, LF
 * and CR cannot appear in XML 1.0 at all, not even as references, so they are dropped.
 */

const TEXT_SPECIAL = /[&<>\r\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
const TEXT_SPECIAL_G = /[&<>\r\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;
const ATTR_SPECIAL = /[&<>"'\t\n\r\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
const ATTR_SPECIAL_G = /[&<>"'\t\n\r\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

function replaceChar(c: string): string {
  switch (c) {
    case '&':
      return '&amp;';
    case '<':
      return '&lt;';
    case '>':
      return '&gt;';
    case '"':
      return '&quot;';
    case "'":
      return '&apos;';
    case '\r':
    case '\n':
    case '\t':
      // A raw CR (and, in attributes, TAB/LF) would be normalised away by the reader.
      return `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`;
    default:
      return '';
  }
}

/** Escapes element text. */
export function escapeText(s: string): string {
  return TEXT_SPECIAL.test(s) ? s.replace(TEXT_SPECIAL_G, replaceChar) : s;
}

/** Escapes an attribute value (for double quotes). */
export function escapeAttr(s: string): string {
  return ATTR_SPECIAL.test(s) ? s.replace(ATTR_SPECIAL_G, replaceChar) : s;
}

/** `<name>text</name>`, or `<name/>` for empty text. */
export function leaf(name: string, text: string): string {
  return text === '' ? `<${name}/>` : `<${name}>${escapeText(text)}</${name}>`;
}
