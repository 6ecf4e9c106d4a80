/**
 * Lexical forms of the XML Schema types CWMP uses, read tolerantly. Each reader returns the value
 * and reports what it tolerated through `warn`, so the decoder stays one walk.
 */

/** Where readers report what they tolerated; `path` locates it in the message. */
export interface WarnSink {
  warn(code: string, message: string, path: string): void;
}

const INT_RE = /^[+-]?\d+$/;
const DATE_TIME_RE = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
// Control characters (C0, DEL) anywhere in a name, whitespace at either end or beside a dot.
const NAME_DIRT_RE = /[\u0000-\u001f\u007f]|^\s|\s$|\s\.|\.\s/;
const NAME_CONTROL_RE = /[\u0000-\u001f\u007f]/g;
const NAME_DOT_SPACE_RE = /\s*\.\s*/g;

/** xsd:int / xsd:unsignedInt. Invalid ⇒ 0 with `invalid-number`; `05` ⇒ 5 with `leading-zeros`. */
export function readInt(text: string, sink: WarnSink, path: string): number {
  const t = text.trim();
  if (!INT_RE.test(t)) {
    sink.warn('invalid-number', t === '' ? 'Empty number, read as 0' : `Not an integer: '${t.slice(0, 40)}', read as 0`, path);
    return 0;
  }
  const digits = t.charCodeAt(0) === 0x2b || t.charCodeAt(0) === 0x2d ? t.slice(1) : t;
  if (digits.length > 1 && digits.charCodeAt(0) === 0x30) sink.warn('leading-zeros', `Number with leading zeros: '${t}'`, path);
  const n = Number(t);
  if (!Number.isSafeInteger(n)) {
    sink.warn('invalid-number', `Integer out of range: '${t.slice(0, 40)}'`, path);
  }
  return n;
}

/**
 * xsd:boolean: `true`/`false`/`1`/`0` are all standard. Other casings (`True`) are tolerated with
 * `nonstandard-boolean`; anything else is false with `invalid-boolean`.
 */
export function readBool(text: string, sink: WarnSink, path: string): boolean {
  const t = text.trim();
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0') return false;
  const l = t.toLowerCase();
  if (l === 'true' || l === 'yes' || l === 'on') {
    sink.warn('nonstandard-boolean', `Boolean written '${t}', read as true`, path);
    return true;
  }
  if (l === 'false' || l === 'no' || l === 'off') {
    sink.warn('nonstandard-boolean', `Boolean written '${t}', read as false`, path);
    return false;
  }
  sink.warn('invalid-boolean', `Not a boolean: '${t.slice(0, 40)}', read as false`, path);
  return false;
}

/**
 * xsd:dateTime, kept as sent. Fractional seconds (microseconds) and `0001-01-01T00:00:00Z` (the
 * spec's "unknown time") are valid; a missing zone gives `datetime-no-zone`, garbage `invalid-datetime`.
 */
export function checkDateTime(text: string, sink: WarnSink, path: string): string {
  const m = DATE_TIME_RE.exec(text.trim());
  if (!m) {
    if (text.trim() !== '') sink.warn('invalid-datetime', `Not a dateTime: '${text.slice(0, 40)}'`, path);
    else sink.warn('invalid-datetime', 'Empty dateTime', path);
  } else if (m[2] === undefined) {
    sink.warn('datetime-no-zone', `dateTime without a time zone: '${text.trim()}'`, path);
  }
  return text;
}

/** A parameter or object path: control characters and surrounding whitespace removed. */
export function cleanName(text: string, sink: WarnSink, path: string): string {
  if (!NAME_DIRT_RE.test(text)) return text;
  const cleaned = text.replace(NAME_CONTROL_RE, '').trim().replace(NAME_DOT_SPACE_RE, '.');
  sink.warn('name-trimmed', `Whitespace or control characters removed from name '${cleaned}'`, path);
  return cleaned;
}

/**
 * Checks a ParameterValueStruct value against its xsi:type (local part: `xsd:unsignedInt` →
 * `unsignedInt`). Unknown types give `unknown-xsi-type`; a mismatch gives `value-type-mismatch`.
 */
export function checkTypedValue(value: string, type: string, sink: WarnSink, path: string): void {
  const c = type.indexOf(':');
  const local = c === -1 ? type : type.slice(c + 1);
  let ok: boolean;
  switch (local) {
    case 'string':
    case 'anySimpleType':
    case 'anyURI':
    case 'base64':
    case 'base64Binary':
    case 'hexBinary':
      return;
    case 'int':
    case 'long':
    case 'integer':
      ok = INT_RE.test(value.trim());
      break;
    case 'unsignedInt':
    case 'unsignedLong':
    case 'unsignedShort':
    case 'unsignedByte':
      ok = INT_RE.test(value.trim()) && value.trim().charCodeAt(0) !== 0x2d;
      break;
    case 'boolean': {
      const t = value.trim();
      ok = t === 'true' || t === 'false' || t === '1' || t === '0';
      break;
    }
    case 'dateTime':
      ok = DATE_TIME_RE.test(value.trim());
      break;
    default:
      sink.warn('unknown-xsi-type', `Unknown xsi:type '${type}'`, path);
      return;
  }
  if (!ok) sink.warn('value-type-mismatch', `Value '${value.slice(0, 40)}' is not a valid ${type}`, path);
}
