/**
 * The simulator's schema from the TR-181 data model (`resources/datamodels/tr-181-2-17.json`, format in
 * `src-shared/datamodel/schema.ts`): the objects a home gateway has, with every parameter's type,
 * access and facets. Falls back to the built-in subset when the file cannot be read.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataModelJson, ParameterDefJson } from '../../src-shared/datamodel/schema';
import { fallbackSchema } from './fallback-schema';
import type { ActiveNotify, ObjectSchema, ParamSchema, SimSchema } from './schema';

/** Top-level objects of a typical home gateway; DSL, cellular, femto-cell and the like are left out. */
export const GATEWAY_ROOTS = [
  'DeviceInfo', 'ManagementServer', 'Time', 'UserInterface', 'InterfaceStack', 'Ethernet', 'WiFi', 'IP', 'Routing',
  'DHCPv4', 'DHCPv6', 'DNS', 'NAT', 'Hosts', 'Firewall', 'Users', 'PPP', 'Bridging', 'QoS', 'UPnP', 'GatewayInfo',
  'LANConfigSecurity', 'SoftwareModules', 'Security', 'DynamicDNS',
];

const ACTIVE_NOTIFY = new Set<string>(['normal', 'forceEnabled', 'forceDefaultEnabled', 'canDeny']);

function compilePatterns(patterns: string[] | undefined): RegExp[] | undefined {
  if (!patterns || patterns.length === 0) return undefined;
  const out: RegExp[] = [];
  for (const p of patterns) {
    try {
      out.push(new RegExp(`^(?:${p})$`, 'u'));
    } catch {
      // An XSD construct JavaScript lacks: skip the facet rather than reject every value.
      return undefined;
    }
  }
  return out;
}

function toNumber(v: number | string | undefined): number | undefined {
  return v === undefined ? undefined : Number(v);
}

function paramSchema(name: string, def: ParameterDefJson): ParamSchema {
  const readOnlyValues = new Set(def.enumReadOnly ?? []);
  const enumeration = def.enum && !def.enumRef ? def.enum.filter((v) => !readOnlyValues.has(v)) : undefined;
  const size = def.list ? def.list.size?.[0] : def.size?.[0];
  const p: ParamSchema = { name, type: def.type, writable: def.writable === true };
  if (def.default !== undefined) p.default = def.default;
  if (enumeration && enumeration.length > 0) p.enumeration = enumeration;
  if (def.enumRef && /^\w+$/.test(def.enumRef)) p.enumRef = def.enumRef;
  if (def.list) p.list = true;
  if (size?.min !== undefined) p.minLength = size.min;
  if (size?.max !== undefined) p.maxLength = size.max;
  if (def.range) p.ranges = def.range.map((r) => ({ min: toNumber(r.min), max: toNumber(r.max) }));
  const patterns = def.list ? undefined : compilePatterns(def.pattern);
  if (patterns) p.patterns = patterns;
  if (def.activeNotify && ACTIVE_NOTIFY.has(def.activeNotify)) p.activeNotify = def.activeNotify as ActiveNotify;
  if (def.forcedInform) p.forcedInform = true;
  if (def.hidden) p.hidden = true;
  return p;
}

/** Keeps `Device.` itself and everything under the given top-level objects. */
export function schemaFromDataModel(model: DataModelJson, roots: readonly string[] = GATEWAY_ROOTS): SimSchema {
  const objects = new Map<string, ObjectSchema>();
  const prefixes = roots.map((r) => `Device.${r}.`);
  for (const [path, def] of Object.entries(model.objects)) {
    if (def.status === 'deleted' || def.status === 'obsoleted') continue;
    if (path !== 'Device.' && !prefixes.some((p) => path.startsWith(p))) continue;
    const params = Object.entries(def.params)
      .filter(([, p]) => p.status !== 'deleted' && p.status !== 'obsoleted')
      .map(([name, p]) => paramSchema(name, p));
    const table = path.endsWith('{i}.');
    const o: ObjectSchema = { path, table, writable: table && def.writable === true, params };
    if (table && typeof def.maxEntries === 'number') o.maxEntries = def.maxEntries;
    objects.set(path, o);
  }
  const version = /:(\d+\.\d+)/.exec(model.model)?.[1] ?? '2.0';
  return { source: `${model.source} (${model.model})`, version, objects };
}

function findDataModelFile(name: string): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(process.cwd(), 'resources', 'datamodels', name)];
  // src-main/sim in the source tree, out/main in a build: walk up looking for resources/.
  for (let dir = here, i = 0; i < 5; i++, dir = resolve(dir, '..')) candidates.push(join(dir, 'resources', 'datamodels', name));
  return candidates.find((c) => existsSync(c)) ?? null;
}

let cached: SimSchema | null = null;

/** The TR-181 gateway schema (read once per process), or the built-in subset when the model is missing. */
export function loadSimSchema(): SimSchema {
  if (cached) return cached;
  const file = findDataModelFile('tr-181-2-17.json');
  if (file) {
    try {
      cached = schemaFromDataModel(JSON.parse(readFileSync(file, 'utf8')) as DataModelJson);
      return cached;
    } catch {
      // Unreadable or a different format: the subset still gives a working device.
    }
  }
  cached = fallbackSchema();
  return cached;
}
