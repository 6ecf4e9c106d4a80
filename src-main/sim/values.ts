/** Value checks a CPE applies before SetParameterValues: the xsd type and the data model's facets. */
import type { ParamSchema, ParamType } from './schema';

const INT_LIMITS: Record<'unsignedInt' | 'int' | 'unsignedLong' | 'long', [bigint, bigint]> = {
  unsignedInt: [0n, 4294967295n],
  int: [-2147483648n, 2147483647n],
  unsignedLong: [0n, 18446744073709551615n],
  long: [-9223372036854775808n, 9223372036854775807n],
};

const DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/** The lexical value a parameter of this type has when nothing else is known. */
export function typeDefault(type: ParamType): string {
  switch (type) {
    case 'string':
    case 'base64':
    case 'hexBinary':
      return '';
    case 'boolean':
      return 'false';
    case 'unsignedInt':
    case 'int':
    case 'unsignedLong':
    case 'long':
    case 'decimal':
      return '0';
    case 'dateTime':
      return '0001-01-01T00:00:00Z';
    default: {
      const never: never = type;
      return String(never);
    }
  }
}

/**
 * The value a parameter starts with when the data model gives no default: the type's zero, moved into the
 * first allowed range, or the first enumerated value, so a fresh device never holds an invalid value.
 */
export function initialValue(p: ParamSchema): string {
  if (p.default !== undefined) return p.default;
  if (p.enumeration && p.enumeration.length > 0 && !p.list) return p.enumeration[0];
  const zero = typeDefault(p.type);
  const r = p.ranges?.[0];
  if (r && p.type !== 'string' && invalidReason(p, zero) !== null) {
    if (r.min !== undefined) return String(r.min);
    if (r.max !== undefined) return String(r.max);
  }
  return zero;
}

/** `xsd:unsignedInt` for unsignedInt, `xsd:base64Binary` for base64. */
export function xsiType(type: ParamType): string {
  return type === 'base64' ? 'xsd:base64Binary' : `xsd:${type}`;
}

/** A type as sent in `xsi:type` (`xsd:int`, `int`, `xs:int`) → ParamType, or null if not a CWMP type. */
export function parseXsiType(sent: string): ParamType | null {
  const local = sent.slice(sent.indexOf(':') + 1);
  switch (local) {
    case 'string':
    case 'boolean':
    case 'unsignedInt':
    case 'int':
    case 'unsignedLong':
    case 'long':
    case 'dateTime':
    case 'hexBinary':
    case 'decimal':
      return local;
    case 'base64Binary':
    case 'base64':
      return 'base64';
    default:
      return null;
  }
}

function checkLexical(type: ParamType, v: string): string | null {
  switch (type) {
    case 'string':
      return null;
    case 'boolean':
      return v === 'true' || v === 'false' || v === '0' || v === '1' ? null : 'not a boolean (true, false, 1, 0)';
    case 'unsignedInt':
    case 'int':
    case 'unsignedLong':
    case 'long': {
      if (!/^[+-]?\d+$/.test(v)) return `not an integer (${type})`;
      const n = BigInt(v);
      const [lo, hi] = INT_LIMITS[type];
      return n < lo || n > hi ? `out of range for ${type}` : null;
    }
    case 'decimal':
      return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(v) ? null : 'not a decimal';
    case 'dateTime':
      return DATE_TIME.test(v) && !Number.isNaN(Date.parse(v.replace(/^0001-/, '2001-'))) ? null : 'not an ISO 8601 dateTime';
    case 'base64':
      return /^[A-Za-z0-9+/\s]*={0,2}$/.test(v) ? null : 'not base64';
    case 'hexBinary':
      return /^([0-9A-Fa-f]{2})*$/.test(v) ? null : 'not hexBinary';
    default: {
      const never: never = type;
      return String(never);
    }
  }
}

/** TR-106: sizes of hexBinary and base64 count decoded bytes; of strings, characters. */
function lengthOf(type: ParamType, v: string): number {
  if (type === 'hexBinary') return v.length / 2;
  if (type === 'base64') return Buffer.from(v, 'base64').length;
  return [...v].length;
}

function checkItem(schema: ParamSchema, item: string): string | null {
  const lexical = checkLexical(schema.type, item);
  if (lexical) return lexical;
  if (schema.enumeration && schema.enumeration.length > 0 && !schema.enumeration.includes(item)) {
    return `not one of ${schema.enumeration.join(', ')}`;
  }
  if (schema.ranges && schema.ranges.length > 0 && schema.type !== 'string') {
    const n = Number(item);
    const inSome = schema.ranges.some((r) => (r.min === undefined || n >= r.min) && (r.max === undefined || n <= r.max));
    if (!inSome) {
      const text = schema.ranges.map((r) => `[${r.min ?? ''}..${r.max ?? ''}]`).join(' or ');
      return `outside the allowed range ${text}`;
    }
  }
  if (schema.patterns && !schema.patterns.some((re) => re.test(item))) return 'does not match the required pattern';
  if (!schema.list) {
    const len = lengthOf(schema.type, item);
    if (schema.maxLength !== undefined && len > schema.maxLength) return `longer than ${schema.maxLength}`;
    if (schema.minLength !== undefined && len < schema.minLength) return `shorter than ${schema.minLength}`;
  }
  return null;
}

/** Why `value` is not acceptable for this parameter, or null when it is. */
export function invalidReason(schema: ParamSchema, value: string): string | null {
  if (schema.list) {
    if (schema.maxLength !== undefined && value.length > schema.maxLength) return `longer than ${schema.maxLength} characters`;
    if (value === '') return null;
    for (const item of value.split(',')) {
      const reason = checkItem(schema, item.trim());
      if (reason) return `item "${item.trim()}" ${reason}`;
    }
    return null;
  }
  return checkItem(schema, value);
}
