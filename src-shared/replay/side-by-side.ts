/**
 * Two answers laid out row by row for the side-by-side view: one row per parameter (or field), the
 * recorded value left, the replayed one right, rows the diff reported marked. Pure.
 */
import type { Difference } from './diff';
import type { RecordedAnswer } from './script';

export interface SideBySideRow {
  path: string;
  recorded: string | null;
  replayed: string | null;
  /** The difference kind when the diff reported this row (volatile rows are not marked). */
  kind?: Difference['kind'];
}

function rowsOf(a: RecordedAnswer): Map<string, string> {
  const out = new Map<string, string>();
  if (!a) return out;
  const put = (v: unknown, prefix: string): void => {
    if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) put(x, prefix ? `${prefix}/${k}` : k);
    } else out.set(prefix, String(v));
  };
  const o = a as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(o)) {
    if (k === 'name' || k === 'extra') continue;
    if (k === 'parameterList' && Array.isArray(v)) {
      for (const p of v as Array<Record<string, unknown>>) {
        const { name, ...rest } = p;
        const keys = Object.keys(rest);
        // A parameter with one attribute (value, writable) is one row; with several, one row each.
        if (keys.length === 1 || (keys.length === 2 && 'value' in rest)) out.set(String(name), String(rest.value ?? rest[keys[0]]));
        else for (const key of keys) out.set(`${String(name)} ${key}`, JSON.stringify(rest[key]));
      }
    } else put(v, k);
  }
  return out;
}

export function sideBySide(recorded: RecordedAnswer, replayed: RecordedAnswer, differences: Difference[]): SideBySideRow[] {
  const a = rowsOf(recorded);
  const b = rowsOf(replayed);
  const marked = new Map(differences.map((d) => [d.path, d.kind]));
  const rows: SideBySideRow[] = [];
  const head = (x: RecordedAnswer): string | null => (x ? (x.name === 'Fault' ? `Fault ${x.faultCode} ${x.faultString}` : x.name === 'Unknown' ? x.method : x.name) : null);
  rows.push({ path: '(answer)', recorded: head(recorded), replayed: head(replayed), ...(marked.has('') ? { kind: marked.get('')! } : {}) });
  for (const path of new Set([...a.keys(), ...b.keys()])) {
    const base = path.split(' ')[0];
    const kind = marked.get(path) ?? marked.get(base);
    rows.push({ path, recorded: a.get(path) ?? null, replayed: b.get(path) ?? null, ...(kind ? { kind } : {}) });
  }
  return rows;
}
