/**
 * A device image (a device rebuilt from a trace, or a simulator profile file) as what the simulator's
 * parameter tree is made of: a schema with exactly the objects and parameters the image holds, the
 * instances it had, and its values as the factory values.
 */
import type { DeviceImage } from '../../src-shared/replay/device-image';
import { SharedTree } from './param-tree';
import { toTemplate, type ObjectSchema, type ParamSchema, type SimSchema } from './schema';
import { parseXsiType } from './values';

function lastSegment(name: string): string {
  const trimmed = name.endsWith('.') ? name.slice(0, -1) : name;
  return trimmed.slice(trimmed.lastIndexOf('.') + 1);
}

function objectOf(name: string): string {
  return name.slice(0, name.lastIndexOf('.') + 1);
}

/** Parents before children, instances in number order. */
function depthOrder(a: string, b: string): number {
  return a.split('.').length - b.split('.').length || a.localeCompare(b, 'en', { numeric: true });
}

export function imageSchema(image: DeviceImage): SimSchema {
  const templates = new Set<string>([image.root]);
  const addObject = (path: string): void => {
    for (let p = path; p.startsWith(image.root); p = objectOf(p.slice(0, -1))) templates.add(toTemplate(p));
  };
  for (const o of image.objects) addObject(o.path);
  for (const p of image.parameters) addObject(objectOf(p.name));
  // A table is the object its instances hang from; it is made by the instance template, not on its own.
  const tables = new Set([...templates].filter((t) => t.endsWith('{i}.')).map((t) => t.slice(0, -4)));
  const params = new Map<string, Map<string, ParamSchema>>();
  for (const p of image.parameters) {
    const template = toTemplate(objectOf(p.name));
    const name = lastSegment(p.name);
    let list = params.get(template);
    if (!list) params.set(template, (list = new Map()));
    const known = list.get(name);
    const type = parseXsiType(p.type) ?? known?.type ?? 'string';
    // Unknown writability: a copy accepts what the ACS sets (the trace never said it refused).
    list.set(name, { name, type, writable: p.writable ?? known?.writable ?? true, ...(/Password$/.test(name) ? { hidden: true } : {}) });
  }
  const objects = new Map<string, ObjectSchema>();
  for (const t of templates) {
    if (tables.has(t)) continue;
    const table = t.endsWith('{i}.');
    objects.set(t, {
      path: t,
      table,
      // A copy lets the ACS add instances to any table: the trace shows only what was tried.
      writable: table,
      params: [...(params.get(t)?.values() ?? [])],
    });
  }
  const version = image.parameters.find((p) => p.name === `${image.root}RootDataModelVersion`)?.value ?? '';
  return { source: `device image of ${image.deviceId.oui}-${image.deviceId.productClass}-${image.deviceId.serialNumber}`, version, objects };
}

/** The shared tree every copy of the imaged device starts from. */
export function imageTree(image: DeviceImage): SharedTree {
  const schema = imageSchema(image);
  const instances = image.objects.map((o) => o.path).filter((p) => /\.\d+\.$/.test(p)).sort(depthOrder);
  const defaults: Record<string, string> = {};
  for (const p of image.parameters) defaults[p.name] = p.value;
  return new SharedTree(schema, instances, defaults);
}
