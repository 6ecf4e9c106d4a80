import { samplePattern } from './pattern-sample';
import type { BaseType, ParameterDefJson, ParameterSyntax, RangeFacet, SizeFacet } from './schema';

/**
 * Value validation against a parameter's syntax (TR-106 base types and facets), and a plausible
 * valid value for a definition (what a simulated CPE reports).
 */

const INTEGER_BOUNDS: Partial<Record<BaseType, [bigint, bigint]>> = {
  int: [-(2n ** 31n), 2n ** 31n - 1n],
  unsignedInt: [0n, 2n ** 32n - 1n],
  long: [-(2n ** 63n), 2n ** 63n - 1n],
  unsignedLong: [0n, 2n ** 64n - 1n],
};

const patternCache = new Map<string, RegExp | null>();

/** XSD patterns match the whole value. `null` for a pattern JavaScript cannot compile (ignored). */
function compilePattern(p: string): RegExp | null {
  let re = patternCache.get(p);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${p})$`, 'u');
    } catch {
      re = null;
    }
    patternCache.set(p, re);
  }
  return re;
}

function article(type: string): string {
  return /^[aeiouAEIOU]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describeRange(r: RangeFacet): string {
  const step = r.step !== undefined && r.step !== 1 ? ` in steps of ${r.step}` : '';
  if (r.min !== undefined && r.max !== undefined) {
    return String(r.min) === String(r.max) ? `${r.min}` : `between ${r.min} and ${r.max}${step}`;
  }
  if (r.min !== undefined) return `at least ${r.min}${step}`;
  if (r.max !== undefined) return `at most ${r.max}${step}`;
  return 'any value';
}

function describeSize(s: SizeFacet, unit: string): string {
  if (s.min !== undefined && s.max !== undefined) {
    return s.min === s.max ? `exactly ${s.min} ${unit}` : `between ${s.min} and ${s.max} ${unit}`;
  }
  if (s.min !== undefined) return `at least ${s.min} ${unit}`;
  if (s.max !== undefined) return `at most ${s.max} ${unit}`;
  return `any number of ${unit}`;
}

function sizeOk(len: number, sizes: SizeFacet[]): boolean {
  return sizes.some((s) => (s.min === undefined || len >= s.min) && (s.max === undefined || len <= s.max));
}

function quote(v: string): string {
  return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
}

function checkIntegerRange(n: bigint, ranges: RangeFacet[]): boolean {
  return ranges.some((r) => {
    const lo = r.min === undefined ? undefined : BigInt(r.min);
    const hi = r.max === undefined ? undefined : BigInt(r.max);
    if (lo !== undefined && n < lo) return false;
    if (hi !== undefined && n > hi) return false;
    if (r.step !== undefined && r.step > 1) return (n - (lo ?? 0n)) % BigInt(r.step) === 0n;
    return true;
  });
}

function checkDecimalRange(n: number, ranges: RangeFacet[]): boolean {
  return ranges.some((r) => {
    if (r.min !== undefined && n < Number(r.min)) return false;
    if (r.max !== undefined && n > Number(r.max)) return false;
    if (r.step !== undefined && r.step > 0) {
      const k = (n - Number(r.min ?? 0)) / r.step;
      return Math.abs(k - Math.round(k)) < 1e-9;
    }
    return true;
  });
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DATE_TIME = /^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))?$/;

/** TR-106 dateTime: xsd:dateTime; a missing zone is allowed (local time), `0001-01-01T00:00:00Z` means unknown. */
export function isDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  if (!m) return false;
  const [month, day, hour, minute, second] = [m[2], m[3], m[4], m[5], m[6]].map(Number);
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]) return false;
  if (month === 2 && day === 29) {
    const y = Number(m[1]);
    if (!(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return false;
  }
  if (hour === 24) return minute === 0 && second === 0 && !m[7];
  if (hour > 23 || minute > 59 || second > 59) return false;
  if (m[9] !== undefined && (Number(m[9]) > 14 || Number(m[10]) > 59)) return false;
  return true;
}

/** Validates one (non-list) value against the syntax's base type and facets. */
function validateScalar(def: ParameterSyntax, value: string): string | null {
  const type = def.type;
  switch (type) {
    case 'boolean':
      return /^(true|false|0|1)$/.test(value) ? null : `must be a boolean (true, false, 0 or 1), got ${quote(value)}`;
    case 'int':
    case 'unsignedInt':
    case 'long':
    case 'unsignedLong': {
      const signed = type === 'int' || type === 'long';
      // A negative whole number for an unsigned type is a range error: say the model's range when it has one.
      if (!/^[+-]?\d+$/.test(value)) {
        return `must be ${article(type)}${signed ? '' : ' (a whole number ≥ 0)'}, got ${quote(value)}`;
      }
      const n = BigInt(value.replace(/^\+/, ''));
      const [lo, hi] = INTEGER_BOUNDS[type] as [bigint, bigint];
      if (def.range && !checkIntegerRange(n, def.range)) {
        return `must be ${article(type)} ${def.range.map(describeRange).join(' or ')}, got ${value}`;
      }
      if (n < lo || n > hi) return `must be ${article(type)} between ${lo} and ${hi}, got ${value}`;
      if (def.range && !checkIntegerRange(n, def.range)) {
        return `must be ${article(type)} ${def.range.map(describeRange).join(' or ')}, got ${value}`;
      }
      return enumCheck(def, value);
    }
    case 'decimal': {
      if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(value)) return `must be a decimal number, got ${quote(value)}`;
      if (def.range && !checkDecimalRange(Number(value), def.range)) {
        return `must be a decimal ${def.range.map(describeRange).join(' or ')}, got ${value}`;
      }
      return enumCheck(def, value);
    }
    case 'dateTime':
      return isDateTime(value)
        ? null
        : `must be a dateTime (YYYY-MM-DDThh:mm:ss[.ffffff][Z|±hh:mm]), got ${quote(value)}`;
    case 'hexBinary': {
      if (!/^([0-9A-Fa-f]{2})*$/.test(value)) return `must be hexBinary (pairs of hex digits), got ${quote(value)}`;
      const bytes = value.length / 2;
      if (def.size && !sizeOk(bytes, def.size)) {
        return `must be ${def.size.map((s) => describeSize(s, 'bytes')).join(' or ')} of hexBinary, got ${bytes}`;
      }
      return enumCheck(def, value) ?? patternCheck(def, value);
    }
    case 'base64': {
      const compact = value.replace(/\s+/g, '');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) {
        return `must be base64, got ${quote(value)}`;
      }
      const padding = compact.endsWith('==') ? 2 : compact.endsWith('=') ? 1 : 0;
      const bytes = (compact.length / 4) * 3 - padding;
      if (def.size && !sizeOk(bytes, def.size)) {
        return `must be ${def.size.map((s) => describeSize(s, 'bytes')).join(' or ')} of base64 data, got ${bytes}`;
      }
      return enumCheck(def, value) ?? patternCheck(def, value);
    }
    case 'string': {
      const len = [...value].length;
      if (def.size && !sizeOk(len, def.size)) {
        return `must be ${def.size.map((s) => describeSize(s, 'characters')).join(' or ')} long, got ${len}`;
      }
      return enumCheck(def, value) ?? patternCheck(def, value);
    }
    default: {
      const never: never = type;
      return `unknown type ${String(never)}`;
    }
  }
}

function enumCheck(def: ParameterSyntax, value: string): string | null {
  if (!def.enum || def.enum.includes(value)) return null;
  const shown = def.enum.slice(0, 12).map(quote).join(', ');
  return `must be one of ${shown}${def.enum.length > 12 ? ', …' : ''}; got ${quote(value)}`;
}

function patternCheck(def: ParameterSyntax, value: string): string | null {
  if (!def.pattern) return null;
  const compiled = def.pattern.map(compilePattern);
  // Patterns JavaScript cannot compile are skipped rather than failing every value.
  if (compiled.some((re) => re === null || re.test(value))) return null;
  const what = def.dataType ? `${article(def.dataType)} (${def.type} matching` : `${def.type} matching`;
  const shown = def.pattern.filter((p) => p !== '').join(' | ') || '""';
  return `must be ${what} ${shown}${def.dataType ? ')' : ''}, got ${quote(value)}`;
}

/**
 * Splits a TR-106 comma-separated list. Whitespace around items is not significant; an item that
 * itself contains commas is enclosed in brackets (`[7,7,6],[5,5,4]`), which are removed.
 */
export function splitList(value: string): string[] {
  if (value.trim() === '') return [];
  if (!value.includes('[')) return value.split(',').map((s) => s.trim());
  const items: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= value.length; i++) {
    const c = value[i];
    if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if ((c === ',' && depth === 0) || i === value.length) {
      const item = value.slice(start, i).trim();
      items.push(/^\[.*\]$/s.test(item) ? item.slice(1, -1) : item);
      start = i + 1;
    }
  }
  return items;
}

/** Joins list items, bracketing those that contain commas. */
export function joinList(items: readonly string[]): string {
  return items.map((s) => (s.includes(',') ? `[${s}]` : s)).join(',');
}

/**
 * Validates a value (the lexical form a CPE reports or an ACS sets) against a parameter's syntax.
 * Returns `null` when valid, else a message such as `must be an unsignedInt between 1 and 4094, got 0`.
 */
export function validateValue(def: ParameterSyntax, value: string): string | null {
  if (!def.list) return validateScalar(def, value);
  const { list, ...item } = def;
  const len = [...value].length;
  if (list.size && !sizeOk(len, list.size)) {
    return `must be a list ${list.size.map((s) => describeSize(s, 'characters')).join(' or ')} long, got ${len}`;
  }
  const items = splitList(value);
  if (list.minItems !== undefined && items.length < list.minItems) {
    return `must be a list of at least ${list.minItems} items, got ${items.length}`;
  }
  if (list.maxItems !== undefined && items.length > list.maxItems) {
    return `must be a list of at most ${list.maxItems} items, got ${items.length}`;
  }
  for (let i = 0; i < items.length; i++) {
    const err = validateScalar(item, items[i]);
    if (err) return `item ${i + 1} ${err}`;
  }
  return null;
}

/** Known-good samples for named data types whose pattern a blank or filler value cannot meet. */
const SAMPLES: Record<string, string> = {
  MACAddress: '00:00:5E:00:53:01',
  IPAddress: '192.0.2.1',
  IPv4Address: '192.0.2.1',
  IPv6Address: '2001:db8::1',
  IPPrefix: '192.0.2.0/24',
  IPv4Prefix: '192.0.2.0/24',
  IPv6Prefix: '2001:db8::/32',
  UUID: '123e4567-e89b-42d3-a456-426614174000',
  URL: 'http://example.com/',
  URI: 'http://example.com/',
  Alias: 'cpe-1',
  _AliasCWMP: 'cpe-1',
  _AliasCommon: 'cpe-1',
  IEEE_EUI64: '00:00:5E:EF:10:00:00:01',
  ZigBeeNetworkAddress: '0000',
};

/** Base64 of `n` zero bytes. */
function base64Zeros(n: number): string {
  const rest = n % 3;
  return 'AAAA'.repeat(Math.floor(n / 3)) + (rest === 1 ? 'AA==' : rest === 2 ? 'AAA=' : '');
}

function scalarCandidates(def: ParameterSyntax): string[] {
  const out: string[] = [];
  if (def.enum?.length) out.push(...def.enum.filter((e) => !def.enumReadOnly?.includes(e)), ...def.enum);
  switch (def.type) {
    case 'boolean':
      out.push('false');
      break;
    case 'int':
    case 'unsignedInt':
    case 'long':
    case 'unsignedLong':
    case 'decimal':
      out.push('0');
      for (const r of def.range ?? []) out.push(String(r.min ?? r.max ?? 0));
      break;
    case 'dateTime':
      out.push('0001-01-01T00:00:00Z');
      break;
    case 'hexBinary':
      out.push('', ...(def.size ?? []).map((s) => '00'.repeat(s.min ?? 1)));
      break;
    case 'base64':
      out.push('', ...(def.size ?? []).map((s) => base64Zeros(s.min ?? 1)));
      break;
    case 'string':
      if (def.dataType && SAMPLES[def.dataType]) out.push(SAMPLES[def.dataType]);
      out.push('');
      for (const p of def.pattern ?? []) {
        if (p === '') continue;
        out.push(samplePattern(p));
        for (const s of def.size ?? []) if (s.min) out.push(samplePattern(p, s.min));
      }
      for (const s of def.size ?? []) if (s.min) out.push('x'.repeat(s.min));
      out.push('x');
      break;
    default: {
      const never: never = def.type;
      throw new Error(`unknown type ${String(never)}`);
    }
  }
  return out;
}

/**
 * A plausible valid value for the definition: its default when that is valid, else the first of a
 * few type-aware candidates that validates (else the first candidate: patterns can defeat us).
 */
export function defaultValueFor(def: ParameterDefJson): string {
  if (def.default !== undefined && validateValue(def, def.default) === null) return def.default;
  const { list, ...item } = def;
  const scalars = scalarCandidates(item);
  const candidates = list
    ? ['', ...scalars.map((s) => joinList(Array.from({ length: Math.max(1, list.minItems ?? 1) }, () => s)))]
    : scalars;
  return candidates.find((c) => validateValue(def, c) === null) ?? candidates[0] ?? '';
}
