/**
 * The escaping xmlbuilder2 leaves to us. Its serializer (4.0.x) escapes `<`, `>` (and `"` in
 * attributes) but:
 * - leaves any `&` that starts something entity-like (`&amp;`, `&lt;`, `&foo;`, `&#13;`) as it is,
 *   so a value that literally contains `&amp;` would come back as `&`, and `&foo;` would make the
 *   XML ill-formed (an undeclared entity);
 * - writes carriage returns raw, which every parser turns into LF (and TAB/LF in attribute values
 *   into spaces);
 * - writes characters XML cannot carry at all (C0 controls, U+FFFE/U+FFFF, lone surrogates) raw.
 *
 * So xmlbuilder2 never sees those characters from a value: `toXmlText` / `toXmlAttr` drop the
 * illegal ones and stand a C0 marker in for each of the others, and `finishXml` turns the markers
 * in the serialized document into `&amp;` and character references. The markers are themselves
 * characters no value can bring in (they are dropped), so each one in the output is ours.
 */

const AMP = '\u0001';
const CR = '\u0002';
const LF = '\u0003';
const TAB = '\u0004';

const MARK_TO_REF: Record<string, string> = {
  [AMP]: '&amp;',
  [CR]: '&#xD;',
  [LF]: '&#xA;',
  [TAB]: '&#x9;',
};

// Illegal in XML 1.0: C0 controls except TAB/LF/CR, U+FFFE, U+FFFF and unpaired surrogates.
const TEXT_SPECIAL =
  /[&\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const ATTR_SPECIAL =
  /[&\r\n\t\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const TEXT_SPECIAL_G = new RegExp(TEXT_SPECIAL.source, 'g');
const ATTR_SPECIAL_G = new RegExp(ATTR_SPECIAL.source, 'g');
const MARKS_G = /[\u0001-\u0004]/g;

function mark(c: string): string {
  switch (c) {
    case '&':
      return AMP;
    case '\r':
      return CR;
    case '\n':
      return LF;
    case '\t':
      return TAB;
    default:
      return '';
  }
}

/** A value as element text for xmlbuilder2 (`txt`): see the module comment. */
export function toXmlText(s: string): string {
  return TEXT_SPECIAL.test(s) ? s.replace(TEXT_SPECIAL_G, mark) : s;
}

/** A value as an attribute value for xmlbuilder2 (`att`): also keeps TAB and LF. */
export function toXmlAttr(s: string): string {
  return ATTR_SPECIAL.test(s) ? s.replace(ATTR_SPECIAL_G, mark) : s;
}

/** The serialized document with every marker replaced by its reference. */
export function finishXml(xml: string): string {
  return xml.replace(MARKS_G, (c) => MARK_TO_REF[c]);
}
