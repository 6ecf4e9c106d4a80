/** Filling `${var}` placeholders, and checking responses against matchers: pure helpers of the engine. */
import type { CaptureSpec, EventExpectation, Failure, FaultExpectation, FieldMatcher, Matcher, ParamMatcher } from './types';
import type { EventStruct, Fault } from '../cwmp/types';

export class UnknownVariableError extends Error {}

const PLACEHOLDER = /\$\{([A-Za-z_][\w.-]*)\}/g;

/** Replaces `${name}` in every string inside `value` (deeply); an unknown name throws UnknownVariableError. */
export function fill<T>(value: T, vars: Readonly<Record<string, string>>): T {
  if (typeof value === 'string') {
    return value.replace(PLACEHOLDER, (_, name: string) => {
      const v = vars[name];
      if (v === undefined) throw new UnknownVariableError(`unknown variable \${${name}}`);
      return v;
    }) as T;
  }
  if (Array.isArray(value)) return value.map((v) => fill(v, vars)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    // Keys too: a fault's per-parameter codes are keyed by parameter name, which may be a placeholder.
    for (const [k, v] of Object.entries(value)) out[fill(k, vars)] = typeof v === 'function' ? v : fill(v, vars);
    return out as T;
  }
  return value;
}

/** A dotted path into a value: `status`, `parameterList.0.name`, `methodList.length`. */
export function fieldAt(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const part of path.split('.')) {
    if (cur === null || cur === undefined) return undefined;
    if (part === 'length' && (Array.isArray(cur) || typeof cur === 'string')) cur = cur.length;
    else cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

interface ParamEntry {
  name: string;
  value?: string;
  type?: string;
  writable?: boolean;
  notification?: number;
}

function paramList(value: unknown): ParamEntry[] | null {
  const list = (value as { parameterList?: unknown })?.parameterList;
  return Array.isArray(list) ? (list as ParamEntry[]) : null;
}

export function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : v === undefined ? '(absent)' : JSON.stringify(v);
}

function isParam(m: Matcher): m is ParamMatcher {
  return 'param' in m;
}

function checkField(value: unknown, m: FieldMatcher): Failure | null {
  const got = fieldAt(value, m.field);
  const fail = (expected: string): Failure => ({ reason: `${m.field} is ${show(got)}, expected ${expected}`, expected: `${m.field} ${expected}`, actual: show(got) });
  if (m.equals !== undefined && String(got) !== String(m.equals)) return fail(show(m.equals));
  if (m.oneOf !== undefined && !m.oneOf.some((o) => String(o) === String(got))) return fail(`one of ${m.oneOf.map(show).join(', ')}`);
  if (m.min !== undefined && !(Number(got) >= m.min)) return fail(`≥ ${m.min}`);
  if (m.max !== undefined && !(Number(got) <= m.max)) return fail(`≤ ${m.max}`);
  if (m.matches !== undefined && !new RegExp(m.matches).test(String(got ?? ''))) return fail(`to match /${m.matches}/`);
  if (m.includes !== undefined) {
    const list = Array.isArray(got) ? got.map(String) : [];
    const missing = m.includes.filter((x) => !list.includes(x));
    if (missing.length) return { reason: `${m.field} lacks ${missing.join(', ')}`, expected: `${m.field} includes ${m.includes.join(', ')}`, actual: list.join(', ') || '(empty)' };
  }
  return null;
}

function checkParam(value: unknown, m: ParamMatcher): Failure | null {
  const list = paramList(value);
  if (!list) return { reason: `no ParameterList in which to find ${m.param}`, expected: m.param, actual: '(no ParameterList)' };
  const entry = list.find((p) => p.name === m.param);
  if (m.present === false) return entry ? { reason: `${m.param} is listed but should not be`, expected: `no ${m.param}`, actual: `${m.param} listed` } : null;
  if (!entry) return { reason: `${m.param} is missing from the ParameterList`, expected: `${m.param} listed`, actual: `${list.length} other entries` };
  const fail = (what: string, expected: unknown, got: unknown): Failure => ({
    reason: `${m.param}: ${what} is ${show(got)}, expected ${show(expected)}`,
    expected: `${m.param} ${what} ${show(expected)}`,
    actual: show(got),
  });
  if (m.value !== undefined && entry.value !== m.value) return fail('value', m.value, entry.value);
  if (m.matches !== undefined && !new RegExp(m.matches).test(entry.value ?? '')) return fail('value', `/${m.matches}/`, entry.value);
  if (m.type !== undefined && entry.type !== m.type) return fail('type', m.type, entry.type);
  if (m.writable !== undefined && entry.writable !== m.writable) return fail('writable', m.writable, entry.writable);
  if (m.notification !== undefined && entry.notification !== m.notification) return fail('notification', m.notification, entry.notification);
  return null;
}

/** The first matcher that fails, or null. */
export function checkMatchers(value: unknown, matchers: readonly Matcher[]): Failure | null {
  for (const m of matchers) {
    const f = isParam(m) ? checkParam(value, m) : checkField(value, m);
    if (f) return f;
  }
  return null;
}

function codes(c: number | number[]): number[] {
  return Array.isArray(c) ? c : [c];
}

export function checkFault(fault: Fault, want: FaultExpectation): Failure | null {
  if (want.code !== undefined && !codes(want.code).includes(fault.faultCode)) {
    return { reason: `fault ${fault.faultCode} (${fault.faultString}), expected fault ${codes(want.code).join(' or ')}`, expected: `fault ${codes(want.code).join(' or ')}`, actual: `fault ${fault.faultCode}` };
  }
  for (const [name, c] of Object.entries(want.parameters ?? {})) {
    const entry = fault.setParameterValuesFault?.find((f) => f.parameterName === name);
    if (!entry) return { reason: `the fault does not name ${name} in SetParameterValuesFault`, expected: `${name}: ${codes(c).join(' or ')}`, actual: 'not listed' };
    if (!codes(c).includes(entry.faultCode)) {
      return { reason: `${name} got fault ${entry.faultCode}, expected ${codes(c).join(' or ')}`, expected: `${name}: ${codes(c).join(' or ')}`, actual: `${name}: ${entry.faultCode}` };
    }
  }
  return null;
}

export function checkEvents(events: readonly EventStruct[], want: ReadonlyArray<string | EventExpectation>): Failure | null {
  for (const w of want) {
    const e = typeof w === 'string' ? { code: w } : w;
    const hit = events.find((x) => x.eventCode === e.code && (e.commandKey === undefined || x.commandKey === e.commandKey));
    if (!hit) {
      const wanted = e.commandKey === undefined ? e.code : `${e.code} (CommandKey ${show(e.commandKey)})`;
      const got = events.map((x) => (x.commandKey ? `${x.eventCode} (${show(x.commandKey)})` : x.eventCode)).join(', ') || '(none)';
      return { reason: `the Inform lacks ${wanted}; it carried ${got}`, expected: wanted, actual: got };
    }
  }
  return null;
}

/** Reads the captured values out of a response; an absent source is an error naming it. */
export function capture(value: unknown, specs: Readonly<Record<string, CaptureSpec>>): { vars: Record<string, string> } | { missing: string } {
  const vars: Record<string, string> = {};
  for (const [name, spec] of Object.entries(specs)) {
    let got: unknown;
    if ('field' in spec) got = fieldAt(value, spec.field);
    else got = paramList(value)?.find((p) => p.name === spec.param)?.[spec.part ?? 'value'];
    if (got === undefined) return { missing: 'field' in spec ? spec.field : spec.param };
    vars[name] = String(got);
  }
  return { vars };
}
