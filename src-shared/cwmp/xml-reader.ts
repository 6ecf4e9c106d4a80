/**
 * fast-xml-parser set up for CWMP, and small helpers to read its object tree with prefixes ignored.
 *
 * Tree shape (ignoreAttributes off, no value parsing, no trimming): a leaf with only text is a
 * string; an element with attributes or children is an object whose attributes are `@_name`, whose
 * text is `#text` and whose children are keyed by their raw (prefixed) names; repeats are arrays.
 */
import { XMLParser } from 'fast-xml-parser';

export type XmlObject = { [key: string]: unknown };

const ATTR = '@_';
const TEXT = '#text';

/** Hard backstop only: the scan in xml-scan.ts enforces the configured depth first. */
const PARSER_MAX_NESTED_TAGS = 10_000;

let parser: XMLParser | undefined;

/** One shared parser: building an XMLParser costs more than parsing a small message. */
export function xmlParser(): XMLParser {
  parser ??= new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: ATTR,
    textNodeName: TEXT,
    parseTagValue: false,
    parseAttributeValue: false,
    // Values are kept exactly as sent; whitespace-only text between elements lands in '#text'.
    trimValues: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    // An (empty) entity table switches on numeric character references (&#233;) besides XML's five
    // named ones, without HTML's names. Typed boolean, but the parser takes a table. No DTD reaches
    // the parser (see xml-scan).
    htmlEntities: {} as unknown as boolean,
    processEntities: { enabled: true, maxTotalExpansions: Number.MAX_SAFE_INTEGER, maxExpandedLength: Number.MAX_SAFE_INTEGER },
    maxNestedTags: PARSER_MAX_NESTED_TAGS,
    jPath: false,
  });
  return parser;
}

/** The name without its prefix: `cwmp:Inform` → `Inform`. */
export function localName(raw: string): string {
  const c = raw.indexOf(':');
  return c === -1 ? raw : raw.slice(c + 1);
}

/** The prefix of a raw name, `''` when unprefixed. */
export function prefixOf(raw: string): string {
  const c = raw.indexOf(':');
  return c === -1 ? '' : raw.slice(0, c);
}

/** True for keys that are child elements (not attributes, text, or processing instructions). */
export function isElementKey(key: string): boolean {
  const c = key.charCodeAt(0);
  // '@' attribute, '#' text, '?' PI
  return c !== 0x40 && c !== 0x23 && c !== 0x3f;
}

export function isObject(v: unknown): v is XmlObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An element's text: the string itself, an object's `#text`, or `''`. */
export function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (isObject(v)) {
    const t = v[TEXT];
    return typeof t === 'string' ? t : t === undefined ? '' : String(t);
  }
  return '';
}

/** True when the element has element children. */
export function hasChildElements(v: unknown): boolean {
  if (!isObject(v)) return false;
  for (const k in v) if (isElementKey(k)) return true;
  return false;
}

/** Attribute by local name (`arrayType` finds `@_SOAP-ENC:arrayType`, `@_soapenc:arrayType`, …). */
export function attrByLocalName(v: unknown, local: string): string | undefined {
  if (!isObject(v)) return undefined;
  for (const k in v) {
    if (k.charCodeAt(0) !== 0x40) continue;
    const name = k.slice(ATTR.length);
    if (name === local || (name.endsWith(local) && name.charCodeAt(name.length - local.length - 1) === 0x3a)) {
      const val = v[k];
      return typeof val === 'string' ? val : String(val);
    }
  }
  return undefined;
}

/** Namespace declarations on one element: prefix (`''` for the default) → URI. */
export function namespaceDeclarations(v: unknown, into: Map<string, string>): void {
  if (!isObject(v)) return;
  for (const k in v) {
    if (!k.startsWith('@_xmlns')) continue;
    const rest = k.slice('@_xmlns'.length);
    const val = v[k];
    if (rest === '') into.set('', String(val));
    else if (rest.charCodeAt(0) === 0x3a) into.set(rest.slice(1), String(val));
  }
}

/** The element children of an object as [rawName, value] pairs, repeats flattened in order. */
export function childElements(v: unknown): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  if (!isObject(v)) return out;
  for (const k in v) {
    if (!isElementKey(k)) continue;
    const val = v[k];
    if (Array.isArray(val)) for (const item of val) out.push([k, item]);
    else out.push([k, val]);
  }
  return out;
}
