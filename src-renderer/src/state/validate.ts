/**
 * Checks a value against its xsd type before anything is sent. The data model (range, enumeration,
 * pattern, size) adds its own check through `ValueCheck` when it knows the parameter.
 */

/** Returns an error in words, or null when the value is acceptable. */
export type ValueCheck = (path: string, value: string, type: string | undefined) => string | null;

const INT_RANGES: Record<string, [bigint, bigint]> = {
  int: [-(2n ** 31n), 2n ** 31n - 1n],
  unsignedInt: [0n, 2n ** 32n - 1n],
  long: [-(2n ** 63n), 2n ** 63n - 1n],
  unsignedLong: [0n, 2n ** 64n - 1n],
};

export function baseTypeOf(type: string | undefined): string {
  if (!type) return 'string';
  const at = type.indexOf(':');
  return at >= 0 ? type.slice(at + 1) : type;
}

export const checkXsdValue: ValueCheck = (_path, value, type) => {
  const base = baseTypeOf(type);
  const range = INT_RANGES[base];
  if (range) {
    if (!/^[+-]?\d+$/.test(value.trim())) return `${base} expects a whole number`;
    const n = BigInt(value.trim());
    if (n < range[0] || n > range[1]) return `${base} must be between ${range[0]} and ${range[1]}`;
    return null;
  }
  switch (base) {
    case 'boolean':
      return /^(true|false|0|1)$/.test(value) ? null : 'boolean expects true, false, 1 or 0';
    case 'dateTime':
      return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.test(value)
        ? null
        : 'dateTime expects e.g. 2024-01-31T12:00:00Z';
    case 'base64':
      return /^[A-Za-z0-9+/\s]*={0,2}$/.test(value) ? null : 'base64 expects A–Z, a–z, 0–9, +, / and = padding';
    case 'hexBinary':
      return /^([0-9A-Fa-f]{2})*$/.test(value) ? null : 'hexBinary expects an even number of hex digits';
    case 'decimal':
      return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(value) ? null : 'decimal expects a number';
    default:
      return null;
  }
};

/** Runs checks in order and returns the first complaint. */
export function combineChecks(...checks: ValueCheck[]): ValueCheck {
  return (path, value, type) => {
    for (const c of checks) {
      const e = c(path, value, type);
      if (e) return e;
    }
    return null;
  };
}
