/**
 * One cheap pass over the text before fast-xml-parser sees it. fast-xml-parser is lenient: it
 * accepts mismatched and missing end tags (a truncated body parses "fine") and expands DTD
 * entities. This pass rejects any DOCTYPE/ENTITY, checks that tags nest and close, and bounds depth.
 * It jumps from '<' to '<' with indexOf and compares names in place, so it costs little next to the parse.
 */
import type { DecodeError, DecodeWarning } from './types';

export interface ScanResult {
  ok: true;
  warnings: DecodeWarning[];
}

export type ScanOutcome = ScanResult | { ok: false; error: DecodeError };

/** 1-based line and column of an index in the text. */
export function lineColumn(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(index, text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: end - lineStart + 1 };
}

function fail(text: string, index: number, code: string, message: string): { ok: false; error: DecodeError } {
  const { line, column } = lineColumn(text, index);
  return { ok: false, error: { code, message: `${message} (line ${line}, column ${column})`, line, column } };
}

function isNameEnd(c: number): boolean {
  // whitespace, '/', '>'
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x2f || c === 0x3e || Number.isNaN(c);
}

function isWhitespaceOnly(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
  }
  return true;
}

const ENTITY_RE = /^&(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z_][\w.-]*);/;
const XML_ENTITIES = new Set(['&amp;', '&lt;', '&gt;', '&quot;', '&apos;']);

/**
 * A bare `&` (CPEs that forget to escape URLs: `?a=1&b=2`) and named entities XML does not define
 * are kept literally by the parser; say so. `indexOf` makes this nearly free when there are none.
 */
function checkAmpersands(text: string, warnings: DecodeWarning[]): void {
  let bare = 0;
  let unknown = 0;
  for (let i = text.indexOf('&'); i !== -1; i = text.indexOf('&', i + 1)) {
    const m = ENTITY_RE.exec(text.slice(i, i + 40));
    if (!m) bare++;
    else if (m[0].charCodeAt(1) !== 0x23 && !XML_ENTITIES.has(m[0])) unknown++;
  }
  if (bare > 0) {
    warnings.push({ code: 'unescaped-ampersand', message: `${bare} unescaped '&' kept as text (should be &amp;)` });
  }
  if (unknown > 0) {
    warnings.push({ code: 'unknown-entity', message: `${unknown} reference(s) to entities XML does not define, kept as text` });
  }
}

const ATTRIBUTE_RE = /([^\s=/>]+)\s*=\s*(?:"[^"]*"|'[^']*')/g;

/**
 * The first attribute name a start tag (its text from after the name to `end`) repeats, or null. The
 * scan calls it only for tags with two or more `=` outside quotes, so most tags cost nothing.
 */
function duplicateAttribute(text: string, from: number, end: number): string | null {
  const seen = new Set<string>();
  const attrs = text.slice(from, end);
  ATTRIBUTE_RE.lastIndex = 0;
  for (let m = ATTRIBUTE_RE.exec(attrs); m; m = ATTRIBUTE_RE.exec(attrs)) {
    if (seen.has(m[1])) return m[1];
    seen.add(m[1]);
  }
  return null;
}

/**
 * Checks the text's element structure. Errors: `dtd-forbidden`, `truncated`, `mismatched-tag`,
 * `too-deep`, `not-xml`. Warnings: `leading-whitespace` (before the XML declaration),
 * `trailing-content` (anything but whitespace, comments and PIs after the root element),
 * `unescaped-ampersand`, `unknown-entity`, `duplicate-attribute` (not well-formed XML; reported once).
 */
export function scanXml(text: string, maxDepth: number): ScanOutcome {
  const warnings: DecodeWarning[] = [];
  const len = text.length;
  // Open elements as (start, length) of their names in the text: no substring per tag.
  let cap = 64;
  let starts = new Int32Array(cap);
  let lens = new Int32Array(cap);
  let depth = 0;
  let rootSeen = false;
  let rootClosed = false;
  let trailingWarned = false;
  let duplicateWarned = false;
  let textEnd = 0; // end of the previous markup, to inspect text outside the root

  let i = text.indexOf('<');
  if (i === -1) return fail(text, 0, 'not-xml', 'The body is not XML: no element found');
  if (i > 0 && !isWhitespaceOnly(text, 0, i)) return fail(text, 0, 'not-xml', 'The body is not XML: text before the first element');
  if (i > 0 && text.startsWith('<?xml', i)) {
    warnings.push({ code: 'leading-whitespace', message: 'Whitespace before the XML declaration' });
  }
  while (i !== -1) {
    if (depth === 0 && i > textEnd && !isWhitespaceOnly(text, textEnd, i)) {
      if (!rootSeen) return fail(text, textEnd, 'not-xml', 'Text before the root element');
      if (!trailingWarned) {
        trailingWarned = true;
        warnings.push({ code: 'trailing-content', message: 'Text after the root element was ignored' });
      }
    }
    const c = text.charCodeAt(i + 1);
    if (c === 0x2f) {
      // '</name>'
      const close = text.indexOf('>', i + 2);
      if (close === -1) return fail(text, i, 'truncated', 'The body ends inside an end tag (truncated?)');
      if (depth === 0) return fail(text, i, 'mismatched-tag', 'An end tag with no open element');
      const s = starts[depth - 1];
      const l = lens[depth - 1];
      let same = close - (i + 2) >= l;
      for (let k = 0; same && k < l; k++) same = text.charCodeAt(s + k) === text.charCodeAt(i + 2 + k);
      if (same && !isWhitespaceOnly(text, i + 2 + l, close)) same = false;
      if (!same) {
        return fail(
          text,
          i,
          'mismatched-tag',
          `End tag </${text.slice(i + 2, close).trim().slice(0, 80)}> does not match <${text.slice(s, s + l)}>`,
        );
      }
      depth--;
      if (depth === 0) rootClosed = true;
      i = close + 1;
    } else if (c === 0x21) {
      // '<!'
      if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i + 4);
        if (end === -1) return fail(text, i, 'truncated', 'The body ends inside a comment (truncated?)');
        i = end + 3;
      } else if (text.startsWith('<![CDATA[', i)) {
        if (depth === 0) return fail(text, i, 'not-xml', 'CDATA outside the root element');
        const end = text.indexOf(']]>', i + 9);
        if (end === -1) return fail(text, i, 'truncated', 'The body ends inside a CDATA section (truncated?)');
        i = end + 3;
      } else {
        const word = text.slice(i + 2, i + 9).toUpperCase();
        if (word.startsWith('DOCTYPE') || word.startsWith('ENTITY') || word.startsWith('ELEMENT') || word.startsWith('ATTLIST')) {
          return fail(
            text,
            i,
            'dtd-forbidden',
            'The body contains a DTD (<!DOCTYPE or <!ENTITY); CWMP forbids DTDs and they are rejected to prevent entity expansion attacks',
          );
        }
        return fail(text, i, 'not-xml', 'Malformed markup after "<!"');
      }
    } else if (c === 0x3f) {
      // '<?pi ?>'
      const end = text.indexOf('?>', i + 2);
      if (end === -1) return fail(text, i, 'truncated', 'The body ends inside a processing instruction (truncated?)');
      i = end + 2;
    } else {
      // start tag: name, then attributes (quotes may hide '>'), then '>' or '/>'
      const nameStart = i + 1;
      let j = nameStart;
      while (j < len && !isNameEnd(text.charCodeAt(j))) j++;
      if (j === nameStart) {
        if (j >= len) return fail(text, i, 'truncated', 'The body ends inside a start tag (truncated?)');
        return fail(text, i, 'not-xml', 'A "<" that starts no element (unescaped "<" in text?)');
      }
      let quote = 0;
      let end = -1;
      let equals = 0;
      for (let k = j; k < len; k++) {
        const ch = text.charCodeAt(k);
        if (quote !== 0) {
          if (ch === quote) quote = 0;
        } else if (ch === 0x22 || ch === 0x27) {
          quote = ch;
        } else if (ch === 0x3d) {
          equals++;
        } else if (ch === 0x3e) {
          end = k;
          break;
        } else if (ch === 0x3c) {
          return fail(text, k, 'not-xml', `Malformed start tag <${text.slice(nameStart, j)}>`);
        }
      }
      if (end === -1) return fail(text, i, 'truncated', 'The body ends inside a start tag (truncated?)');
      if (rootClosed && depth === 0) {
        if (!trailingWarned) {
          trailingWarned = true;
          warnings.push({ code: 'trailing-content', message: 'Elements after the root element were ignored' });
        }
      }
      rootSeen = true;
      if (!duplicateWarned && equals > 1) {
        const dup = duplicateAttribute(text, j, end);
        if (dup !== null) {
          duplicateWarned = true;
          const { line } = lineColumn(text, i);
          warnings.push({ code: 'duplicate-attribute', message: `<${text.slice(nameStart, j)}> has the attribute "${dup}" more than once (line ${line}); the parser kept one value` });
        }
      }
      const selfClosing = text.charCodeAt(end - 1) === 0x2f;
      if (!selfClosing) {
        if (depth >= maxDepth) return fail(text, i, 'too-deep', `Elements nest deeper than ${maxDepth} levels`);
        if (depth === cap) {
          cap *= 2;
          const s2 = new Int32Array(cap);
          s2.set(starts);
          starts = s2;
          const l2 = new Int32Array(cap);
          l2.set(lens);
          lens = l2;
        }
        starts[depth] = nameStart;
        lens[depth] = j - nameStart;
        depth++;
      } else if (depth === 0) {
        rootClosed = true;
      }
      i = end + 1;
    }
    textEnd = i;
    i = text.indexOf('<', i);
  }
  if (depth > 0) {
    const s = starts[depth - 1];
    return fail(text, len, 'truncated', `The body ends inside <${text.slice(s, s + lens[depth - 1])}> (truncated?)`);
  }
  if (!rootSeen) return fail(text, 0, 'not-xml', 'The body is not XML: no element found');
  checkAmpersands(text, warnings);
  if (textEnd < len && !isWhitespaceOnly(text, textEnd, len) && !trailingWarned) {
    warnings.push({ code: 'trailing-content', message: 'Text after the root element was ignored' });
  }
  return { ok: true, warnings };
}
