/** Checks the facts discovery learnt (names, types, writability) against the device's declared data model. */
import { schemaPath, type DataModel } from '../../../src-shared/datamodel/data-model';
import { modelForRoot } from '../../datamodel/load';
import type { DeviceFacts } from '../facts';
import type { HostResult } from '../host-ops';

const VENDOR = /\.X_[^.]*/;
const MAX_LISTED = 5;

function listed(items: string[]): string {
  return `${items.slice(0, MAX_LISTED).join(', ')}${items.length > MAX_LISTED ? ` and ${items.length - MAX_LISTED} more` : ''}`;
}

function verdict(bad: string[], what: string, checked: number): HostResult {
  if (checked === 0) return { ok: false, verdict: 'error', message: 'discovery learnt nothing to check' };
  return bad.length ? { ok: false, verdict: 'fail', message: `${bad.length} of ${checked} ${what}: ${listed(bad)}` } : { ok: true, value: String(checked) };
}

/**
 * The xsi:types a model parameter may be reported with: its base type (base64 also as base64Binary); a
 * list is a string on the wire, though many CPEs name the item type, which is let pass.
 */
function xsiOf(type: string, list: boolean): string[] {
  const base = type === 'base64' ? ['xsd:base64', 'xsd:base64Binary'] : [`xsd:${type}`];
  return list ? ['xsd:string', ...base] : base;
}

const CHECKS: Record<string, (f: DeviceFacts, m: DataModel) => HostResult> = {
  parameters(f, m) {
    const names = [...f.params.keys()].filter((n) => !VENDOR.test(n));
    return verdict(names.filter((n) => !m.parameter(n)), 'parameters are not in the model', names.length);
  },
  objects(f, m) {
    const names = [...f.objects.keys()].filter((n) => !VENDOR.test(n) && n !== `${f.root}.`);
    return verdict(names.filter((n) => !m.lookup(n)), 'objects are not in the model', names.length);
  },
  types(f, m) {
    const bad: string[] = [];
    let checked = 0;
    for (const p of f.params.values()) {
      const def = VENDOR.test(p.name) ? undefined : m.parameter(p.name);
      if (!def || !p.type) continue;
      checked++;
      const want = xsiOf(def.type, def.list !== undefined);
      if (!want.includes(p.type)) bad.push(`${p.name} is ${p.type}, the model says ${want.join(' or ')}`);
    }
    return verdict(bad, 'values have another type', checked);
  },
  writability(f, m) {
    const bad: string[] = [];
    let checked = 0;
    for (const p of f.params.values()) {
      const def = VENDOR.test(p.name) ? undefined : m.parameter(p.name);
      if (!def || def.writeOnce) continue;
      checked++;
      const model = def.writable === true;
      if (p.writable !== model) bad.push(`${p.name} is ${p.writable ? 'writable' : 'read-only'}, the model says ${model ? 'writable' : 'read-only'}`);
    }
    return verdict(bad, 'parameters differ in writability', checked);
  },
  baseline(f, m) {
    const required = m.requiredParameters().filter((p) => !p.includes('{i}'));
    const have = new Set([...f.params.keys()].map(schemaPath));
    return verdict(required.filter((p) => !have.has(p)), 'required parameters are missing', required.length);
  },
  counts(f) {
    const bad: string[] = [];
    let checked = 0;
    for (const p of f.params.values()) {
      const m = /^(.*\.)([A-Za-z0-9]+)NumberOfEntries$/.exec(p.name);
      if (!m || p.value === undefined) continue;
      const table = `${m[1]}${m[2]}.`;
      if (!f.objects.has(table)) continue;
      checked++;
      const instances = [...f.objects.keys()].filter((o) => o.startsWith(table) && /^\d+\.$/.test(o.slice(table.length))).length;
      if (Number(p.value) !== instances) bad.push(`${p.name} is ${p.value}, ${table} has ${instances}`);
    }
    return checked ? verdict(bad, 'counts are wrong', checked) : { ok: false, verdict: 'skip', message: 'no NumberOfEntries parameter with its table' };
  },
};

export async function dataModelCheck(f: DeviceFacts, name: string): Promise<HostResult> {
  const check = CHECKS[name];
  if (!check) return { ok: false, verdict: 'error', message: `unknown data model check ${name}` };
  if (f.params.size === 0) return { ok: false, verdict: 'error', message: `discovery learnt no parameters${f.problems.length ? ` (${f.problems.join('; ')})` : ''}` };
  const model = await modelForRoot(f.root);
  return check(f, model);
}
