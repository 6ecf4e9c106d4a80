/**
 * The semantic difference between what a recorded CPE answered and what the bench CPE answered to the
 * same request: parameters by name (order does not matter), values, types, writability, attributes,
 * faults, instance numbers, statuses — not the XML text.
 */
import type { RecordedAnswer } from './script';
import { volatileMatcher } from './volatile';

export type DifferenceKind =
  /** A parameter's value. */
  | 'value'
  /** A parameter's xsi:type. */
  | 'type'
  /** In the recorded answer, not in the replayed one. */
  | 'missing'
  /** In the replayed answer, not in the recorded one. */
  | 'extra'
  | 'writable'
  | 'notification'
  | 'access-list'
  /** A fault code (of the whole answer, or of one parameter of a SetParameterValues fault). */
  | 'fault'
  | 'status'
  /** AddObject gave another instance number. */
  | 'instance'
  /** A different kind of answer altogether (a fault for a response, another RPC, no answer). */
  | 'response'
  /** Any other field of the answer. */
  | 'field';

export type DiffValue = string | number | boolean | null;

export interface Difference {
  /** The parameter name, or the field (`status`, `methodList`), or `''` for the answer as a whole. */
  path: string;
  kind: DifferenceKind;
  recorded: DiffValue;
  replayed: DiffValue;
}

export interface DiffResult {
  differences: Difference[];
  /** Differences left out because their path is volatile. */
  ignored: number;
}

type Obj = Record<string, unknown>;

function nameOf(a: RecordedAnswer): string | null {
  if (!a) return null;
  if (a.name === 'Fault') return `Fault ${a.faultCode}`;
  return a.name === 'Unknown' ? a.method : a.name;
}

/** `xsd:unsignedInt` and `unsignedInt` are the same type; a missing type says nothing. */
function normType(t: unknown): string {
  return typeof t === 'string' ? t.replace(/^[A-Za-z0-9_-]+:/, '') : '';
}

function byName<T extends { name: string }>(list: unknown): Map<string, T> {
  const m = new Map<string, T>();
  if (Array.isArray(list)) for (const item of list as T[]) if (item && typeof item.name === 'string') m.set(item.name, item);
  return m;
}

function scalar(v: unknown): DiffValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

/** Missing and extra entries of two named lists, plus what `same` says about the common ones. */
function compareLists<T extends { name: string }>(
  recorded: unknown,
  replayed: unknown,
  out: Difference[],
  same: (path: string, a: T, b: T) => void,
): void {
  const a = byName<T>(recorded);
  const b = byName<T>(replayed);
  for (const [name, ra] of a) {
    const rb = b.get(name);
    if (!rb) out.push({ path: name, kind: 'missing', recorded: scalar((ra as Obj).value ?? name), replayed: null });
    else same(name, ra, rb);
  }
  for (const [name, rb] of b) if (!a.has(name)) out.push({ path: name, kind: 'extra', recorded: null, replayed: scalar((rb as Obj).value ?? name) });
}

/** Every leaf of a JSON value by path (`a/b/0`), for answers without a dedicated rule. */
function flatten(v: unknown, prefix: string, out: Map<string, DiffValue>): void {
  if (v !== null && typeof v === 'object') {
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v as Obj);
    if (entries.length === 0) out.set(prefix, Array.isArray(v) ? '[]' : '{}');
    for (const [k, x] of entries) flatten(x, prefix ? `${prefix}/${k}` : k, out);
    return;
  }
  out.set(prefix, scalar(v));
}

function compareFields(a: Obj, b: Obj, out: Difference[]): void {
  const fa = new Map<string, DiffValue>();
  const fb = new Map<string, DiffValue>();
  for (const [k, v] of Object.entries(a)) if (k !== 'name') flatten(v, k, fa);
  for (const [k, v] of Object.entries(b)) if (k !== 'name') flatten(v, k, fb);
  for (const key of new Set([...fa.keys(), ...fb.keys()])) {
    const x = fa.get(key) ?? null;
    const y = fb.get(key) ?? null;
    if (x === y) continue;
    const kind = key === 'status' ? 'status' : key === 'instanceNumber' ? 'instance' : 'field';
    out.push({ path: key, kind, recorded: x, replayed: y });
  }
}

function compareSame(a: Obj, b: Obj, out: Difference[]): void {
  switch (a.name) {
    case 'GetParameterValuesResponse':
      compareLists<{ name: string; value: string; type: string }>(a.parameterList, b.parameterList, out, (path, x, y) => {
        if (x.value !== y.value) out.push({ path, kind: 'value', recorded: x.value, replayed: y.value });
        const tx = normType(x.type);
        const ty = normType(y.type);
        if (tx && ty && tx !== ty) out.push({ path, kind: 'type', recorded: x.type, replayed: y.type });
      });
      return;
    case 'GetParameterNamesResponse':
      compareLists<{ name: string; writable: boolean }>(a.parameterList, b.parameterList, out, (path, x, y) => {
        if (x.writable !== y.writable) out.push({ path, kind: 'writable', recorded: x.writable, replayed: y.writable });
      });
      return;
    case 'GetParameterAttributesResponse':
      compareLists<{ name: string; notification: number; accessList: string[] }>(a.parameterList, b.parameterList, out, (path, x, y) => {
        if (x.notification !== y.notification) out.push({ path, kind: 'notification', recorded: x.notification, replayed: y.notification });
        const la = [...(x.accessList ?? [])].sort().join(',');
        const lb = [...(y.accessList ?? [])].sort().join(',');
        if (la !== lb) out.push({ path, kind: 'access-list', recorded: la, replayed: lb });
      });
      return;
    case 'GetRPCMethodsResponse': {
      const ma = new Set((a.methodList as string[] | undefined) ?? []);
      const mb = new Set((b.methodList as string[] | undefined) ?? []);
      for (const m of ma) if (!mb.has(m)) out.push({ path: `methodList/${m}`, kind: 'missing', recorded: m, replayed: null });
      for (const m of mb) if (!ma.has(m)) out.push({ path: `methodList/${m}`, kind: 'extra', recorded: null, replayed: m });
      return;
    }
    case 'Fault': {
      if (a.faultCode !== b.faultCode) out.push({ path: '', kind: 'fault', recorded: scalar(a.faultCode), replayed: scalar(b.faultCode) });
      const fa = new Map(((a.setParameterValuesFault as Obj[] | undefined) ?? []).map((f) => [String(f.parameterName), f.faultCode]));
      const fb = new Map(((b.setParameterValuesFault as Obj[] | undefined) ?? []).map((f) => [String(f.parameterName), f.faultCode]));
      for (const name of new Set([...fa.keys(), ...fb.keys()])) {
        const x = scalar(fa.get(name));
        const y = scalar(fb.get(name));
        if (x !== y) out.push({ path: name, kind: 'fault', recorded: x, replayed: y });
      }
      return;
    }
    default:
      compareFields(a, b, out);
  }
}

/** The differences between two answers to the same request; volatile paths (see volatile.ts) are counted, not listed. */
export function diffAnswers(recorded: RecordedAnswer, replayed: RecordedAnswer, options: { ignore?: readonly string[] } = {}): DiffResult {
  const all: Difference[] = [];
  const na = nameOf(recorded);
  const nb = nameOf(replayed);
  if (recorded && replayed && recorded.name === replayed.name && (recorded.name !== 'Unknown' || na === nb)) {
    compareSame(recorded as unknown as Obj, replayed as unknown as Obj, all);
  } else if (na !== nb) {
    all.push({ path: '', kind: 'response', recorded: na, replayed: nb });
  }
  const isVolatile = volatileMatcher(options.ignore ?? []);
  const differences = all.filter((d) => d.path === '' || !isVolatile(d.path));
  return { differences, ignored: all.length - differences.length };
}
