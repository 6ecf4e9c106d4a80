/**
 * A device image (a device rebuilt from a trace, or a simulator profile file) as what the simulator's
 * parameter tree is made of: a schema with exactly the objects and parameters the image holds, the
 * instances it had, and its values as the factory values.
 */
import type { DeviceImage } from '../../src-shared/replay/device-image';
import { SharedTree, type ParamTree } from './param-tree';
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

/**
 * @param base the data model the device follows (TR-181 for a `Device.` root), for what a trace cannot
 *   show: types never reported, enumerations, defaults of instances the ACS adds later, table limits.
 */
export function imageSchema(image: DeviceImage, base?: SimSchema): SimSchema {
  const templates = new Set<string>([image.root]);
  const addObject = (path: string): void => {
    for (let p = path; p.startsWith(image.root); p = objectOf(p.slice(0, -1))) templates.add(toTemplate(p));
  };
  for (const o of image.objects) addObject(o.path);
  for (const p of image.parameters) addObject(objectOf(p.name));
  // An object the device called writable is a table (GetParameterNames: AddObject allowed), even with no instance.
  for (const o of image.objects) if (o.writable && !/\.\d+\.$/.test(o.path)) templates.add(`${toTemplate(o.path)}{i}.`);
  // A table is the object its instances hang from; it is made by the instance template, not on its own.
  const tables = new Set([...templates].filter((t) => t.endsWith('{i}.')).map((t) => t.slice(0, -4)));
  // Whether instances can be added (and deleted): what the device said of the table, else of an instance, else yes.
  const said = new Map<string, boolean>();
  for (const o of image.objects) {
    if (o.writable === undefined) continue;
    const instance = /\.\d+\.$/.test(o.path);
    const key = instance ? toTemplate(o.path) : `${toTemplate(o.path)}{i}.`;
    if (!instance || !said.has(key)) said.set(key, o.writable);
  }
  const params = new Map<string, Map<string, ParamSchema>>();
  for (const p of image.parameters) {
    const template = toTemplate(objectOf(p.name));
    const name = lastSegment(p.name);
    let list = params.get(template);
    if (!list) params.set(template, (list = new Map()));
    const known = list.get(name);
    const model = base?.objects.get(template)?.params.find((x) => x.name === name);
    const type = parseXsiType(p.type) ?? known?.type ?? model?.type ?? 'string';
    // Unknown writability: the data model's, else a copy accepts what the ACS sets (the trace never said it refused).
    const writable = p.writable ?? known?.writable ?? model?.writable ?? true;
    const hidden = model?.hidden ?? /Password$/.test(name);
    list.set(name, model && model.type === type ? { ...model, writable, hidden } : { name, type, writable, ...(hidden ? { hidden } : {}), ...(model?.default !== undefined ? { default: model.default } : {}) });
  }
  const objects = new Map<string, ObjectSchema>();
  for (const t of templates) {
    if (tables.has(t)) continue;
    const table = t.endsWith('{i}.');
    const model = base?.objects.get(t);
    objects.set(t, {
      path: t,
      table,
      ...(model?.maxEntries !== undefined ? { maxEntries: model.maxEntries } : {}),
      writable: table && (said.get(t) ?? true),
      params: [...(params.get(t)?.values() ?? [])],
    });
  }
  const version = image.parameters.find((p) => p.name === `${image.root}RootDataModelVersion`)?.value ?? '';
  return { source: `device image of ${image.deviceId.oui}-${image.deviceId.productClass}-${image.deviceId.serialNumber}`, version, objects };
}

/**
 * The ManagementServer parameters every CWMP device has (TR-069 requires them), added where the trace
 * never showed them, so a copy can be pointed at an ACS, polled and reached.
 */
function withManagementServer(image: DeviceImage): DeviceImage {
  const ms = `${image.root}ManagementServer.`;
  const interval = image.periodicInformIntervalSec;
  const required: Array<[string, string, string]> = [
    ['URL', '', 'xsd:string'],
    ['Username', '', 'xsd:string'],
    ['Password', '', 'xsd:string'],
    ['PeriodicInformEnable', interval ? 'true' : 'false', 'xsd:boolean'],
    ['PeriodicInformInterval', String(interval ?? 86_400), 'xsd:unsignedInt'],
    ['ParameterKey', '', 'xsd:string'],
    ['ConnectionRequestURL', '', 'xsd:string'],
    ['ConnectionRequestUsername', '', 'xsd:string'],
    ['ConnectionRequestPassword', '', 'xsd:string'],
  ];
  const have = new Set(image.parameters.map((p) => p.name));
  const added = required.filter(([n]) => !have.has(ms + n)).map(([n, value, type]) => ({ name: ms + n, value, type, writable: n !== 'ParameterKey' && n !== 'ConnectionRequestURL' }));
  return added.length ? { ...image, parameters: [...image.parameters, ...added] } : image;
}

/** The shared tree every copy of the imaged device starts from. */
export function imageTree(original: DeviceImage, base?: SimSchema): SharedTree {
  const image = withManagementServer(original);
  const schema = imageSchema(image, base);
  const instances = image.objects.map((o) => o.path).filter((p) => /\.\d+\.$/.test(p)).sort(depthOrder);
  const defaults: Record<string, string> = {};
  for (const p of image.parameters) defaults[p.name] = p.value;
  return new SharedTree(schema, instances, defaults);
}

/**
 * What each copy holds of its own: its serial number, and the management settings that must point at the
 * ACS it runs against rather than the recorded one (a trace never shows passwords, so the recorded
 * credentials could not be used anyway).
 */
export function profileDeviceValues(
  image: DeviceImage,
  serialNumber: string,
  o: { acsUrl: string; acsAuth?: { username: string; password: string }; connectionRequestAuth?: { username: string; password: string }; informIntervalSec?: number },
): Map<string, string> {
  const ms = `${image.root}ManagementServer.`;
  const fixed = new Map<string, string>([
    [`${image.root}DeviceInfo.SerialNumber`, serialNumber],
    [`${ms}URL`, o.acsUrl],
    [`${ms}Username`, o.acsAuth?.username ?? ''],
    [`${ms}Password`, o.acsAuth?.password ?? ''],
    [`${ms}ConnectionRequestUsername`, o.connectionRequestAuth?.username ?? ''],
    [`${ms}ConnectionRequestPassword`, o.connectionRequestAuth?.password ?? ''],
    [`${ms}ConnectionRequestURL`, ''],
  ]);
  if (o.informIntervalSec !== undefined) fixed.set(`${ms}PeriodicInformInterval`, String(o.informIntervalSec));
  return fixed;
}

/** The recorded Inform's parameter names the tree has, and the ConnectionRequestURL. */
export function profileInformParams(image: DeviceImage, tree: ParamTree): string[] {
  const names = image.informParameters.filter((n) => tree.node(n)?.param);
  const cr = `${image.root}ManagementServer.ConnectionRequestURL`;
  if (!names.includes(cr) && tree.node(cr)?.param) names.push(cr);
  return names;
}
