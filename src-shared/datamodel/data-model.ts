import type { DataModelJson, ObjectDefJson, ParameterDefJson, ProfileJson } from './schema';
import { defaultValueFor, validateValue } from './validate';

/** The two root objects CWMP devices report. */
export type DataModelRoot = 'Device' | 'InternetGatewayDevice';

/** A parameter definition, with where it sits in the schema. */
export interface ParameterDef extends ParameterDefJson {
  kind: 'parameter';
  /** Schema path, instance numbers as `{i}`: `Device.WiFi.SSID.{i}.SSID`. */
  path: string;
  name: string;
  /** Schema path of the object that holds it. */
  objectPath: string;
}

/** An object definition. Table collections (`Device.WiFi.SSID.`) appear as objects with `collectionOf`. */
export interface ObjectDef extends Omit<ObjectDefJson, 'params'> {
  kind: 'object';
  /** Schema path ending in `.`: `Device.WiFi.SSID.{i}.` */
  path: string;
  /** A multi-instance object (its path ends in `{i}.`). */
  table: boolean;
  /** For a collection path (`Device.WiFi.SSID.`): the table's instance path. `writable` then means AddObject is allowed. */
  collectionOf?: string;
  /** Parameter names, in model order. */
  paramNames: string[];
}

export type ModelItem = ParameterDef | ObjectDef;

/** A parameter or object requirement of a profile, resolved through the profiles it includes. */
export interface ProfileRequirements {
  objects: Map<string, string>;
  params: Map<string, string>;
}

const INSTANCE_SEGMENT = /^(\d+|\[[^\]]*\])$/;

/**
 * Maps a concrete path to its schema path: instance numbers (`3`) and alias references (`[cpe-1]`)
 * become `{i}`. `Device.WiFi.SSID.3.SSID` → `Device.WiFi.SSID.{i}.SSID`.
 */
export function schemaPath(path: string): string {
  if (!/[.[]\d|\[/.test(path)) return path;
  const segs = path.split('.');
  for (let i = 1; i < segs.length; i++) if (INSTANCE_SEGMENT.test(segs[i])) segs[i] = '{i}';
  return segs.join('.');
}

/** The parent object path of a path (objects end in `.`); `''` for a root object. */
export function parentPath(path: string): string {
  const trimmed = path.endsWith('.') ? path.slice(0, -1) : path;
  const dot = trimmed.lastIndexOf('.');
  return dot < 0 ? '' : trimmed.slice(0, dot + 1);
}

/** A BBF root data model (TR-181 Device:2 or TR-098 InternetGatewayDevice:1): schema lookups and value checks. */
export class DataModel {
  /** `Device` or `InternetGatewayDevice`. */
  readonly root: DataModelRoot;
  /** The model's name and version, e.g. `Device:2.17`. */
  readonly name: string;
  readonly json: DataModelJson;
  private readonly objects: Map<string, ObjectDefJson>;
  private readonly objectCache = new Map<string, ObjectDef>();
  private readonly paramCache = new Map<string, ParameterDef>();
  private childIndex?: Map<string, string[]>;

  private constructor(json: DataModelJson) {
    this.json = json;
    this.root = json.root;
    this.name = json.model;
    this.objects = new Map(Object.entries(json.objects));
  }

  /** Wraps the derived JSON (cheap: indexes are built lazily on first use). */
  static fromJSON(json: DataModelJson): DataModel {
    if (!json || json.format !== 1 || typeof json.objects !== 'object') {
      throw new Error('not a data-model file (expected format 1)');
    }
    return new DataModel(json);
  }

  /**
   * The definition of an object (`….` paths) or parameter, for a concrete or schema path
   * (`Device.WiFi.SSID.3.SSID` → the `Device.WiFi.SSID.{i}.SSID` definition). Results are cached
   * and shared: treat them as read-only.
   */
  lookup(path: string): ModelItem | undefined {
    const sp = schemaPath(path);
    if (sp.endsWith('.')) return this.object(sp);
    const objectPath = parentPath(sp);
    const obj = this.objects.get(objectPath);
    const name = sp.slice(objectPath.length);
    const def = obj?.params[name];
    if (!def) return undefined;
    let p = this.paramCache.get(sp);
    if (!p) {
      p = { ...def, kind: 'parameter', path: sp, name, objectPath };
      this.paramCache.set(sp, p);
    }
    return p;
  }

  /** The parameter definition at a concrete or schema path, if the path names a parameter. */
  parameter(path: string): ParameterDef | undefined {
    const item = this.lookup(path);
    return item?.kind === 'parameter' ? item : undefined;
  }

  private object(sp: string): ObjectDef | undefined {
    const cached = this.objectCache.get(sp);
    if (cached) return cached;
    const obj = this.objects.get(sp);
    let def: ObjectDef | undefined;
    if (obj) {
      const { params, ...rest } = obj;
      def = { ...rest, kind: 'object', path: sp, table: sp.endsWith('.{i}.'), paramNames: Object.keys(params) };
    } else {
      const table = this.objects.get(`${sp}{i}.`);
      if (!table) return undefined;
      def = {
        kind: 'object',
        path: sp,
        table: false,
        collectionOf: `${sp}{i}.`,
        writable: table.writable,
        version: table.version,
        status: table.status,
        paramNames: [],
      };
    }
    this.objectCache.set(sp, def);
    return def;
  }

  private children_(): Map<string, string[]> {
    if (this.childIndex) return this.childIndex;
    const index = new Map<string, string[]>();
    const add = (parent: string, childPath: string): void => {
      const list = index.get(parent);
      if (!list) index.set(parent, [childPath]);
      else if (!list.includes(childPath)) list.push(childPath);
    };
    for (const path of this.objects.keys()) {
      if (path.endsWith('.{i}.')) {
        const collection = path.slice(0, -'{i}.'.length);
        add(collection, path);
        add(parentPath(collection), collection);
      } else {
        add(parentPath(path), path);
      }
    }
    this.childIndex = index;
    return index;
  }

  /**
   * The schema items directly under an object path (concrete or schema; `''` gives the root):
   * its parameters first, then its child objects and table collections.
   */
  children(objectPath: string): ModelItem[] {
    const sp = schemaPath(objectPath);
    const out: ModelItem[] = [];
    const obj = this.objects.get(sp);
    if (obj) for (const name of Object.keys(obj.params)) out.push(this.lookup(sp + name) as ParameterDef);
    for (const c of this.children_().get(sp) ?? []) {
      const def = this.object(c);
      if (def) out.push(def);
    }
    return out;
  }

  /** Every object schema path, in model order. */
  objectPaths(): string[] {
    return [...this.objects.keys()];
  }

  /** Every parameter definition, in model order. */
  *parameters(): IterableIterator<ParameterDef> {
    for (const [objectPath, obj] of this.objects) {
      for (const name of Object.keys(obj.params)) yield this.lookup(objectPath + name) as ParameterDef;
    }
  }

  /** `null` when the value is valid for the definition, else a message (see {@link validateValue}). */
  validateValue(def: ParameterDefJson, value: string): string | null {
    return validateValue(def, value);
  }

  /** A plausible valid value for a definition, for simulators. */
  defaultValueFor(def: ParameterDefJson): string {
    return defaultValueFor(def);
  }

  /** Profile names, in model order. */
  profileNames(): string[] {
    return Object.keys(this.json.profiles);
  }

  /** A profile's requirements with those of the profiles it includes (`base`, `extends`). */
  profile(name: string): ProfileRequirements | undefined {
    const objects = new Map<string, string>();
    const params = new Map<string, string>();
    const visit = (n: string, seen: Set<string>): boolean => {
      const p: ProfileJson | undefined = this.json.profiles[n];
      if (!p || seen.has(n)) return !!p;
      seen.add(n);
      for (const inc of p.includes ?? []) visit(inc, seen);
      for (const [k, v] of Object.entries(p.objects)) objects.set(k, v);
      for (const [k, v] of Object.entries(p.params)) params.set(k, v);
      return true;
    };
    return visit(name, new Set()) ? { objects, params } : undefined;
  }

  /** The newest `Baseline:N` profile still in the model: the minimum every CPE of this root supports. */
  baselineProfile(): string | undefined {
    let best: [number, string] | undefined;
    for (const [name, p] of Object.entries(this.json.profiles)) {
      const m = /^Baseline:(\d+)$/.exec(name);
      if (!m || p.status === 'deleted') continue;
      if (!best || Number(m[1]) > best[0]) best = [Number(m[1]), name];
    }
    return best?.[1];
  }

  /**
   * Schema paths of the parameters a profile requires (default: the baseline profile), plus the
   * parameters the model marks forcedInform (every Inform must carry them).
   */
  requiredParameters(profileName: string | undefined = this.baselineProfile()): string[] {
    const out = new Set<string>();
    const prof = profileName ? this.profile(profileName) : undefined;
    for (const path of prof?.params.keys() ?? []) if (this.lookup(path)) out.add(path);
    for (const p of this.forcedInformParameters()) out.add(p);
    return [...out];
  }

  /** Schema paths of the parameters every Inform must carry. */
  forcedInformParameters(): string[] {
    const out: string[] = [];
    for (const p of this.parameters()) if (p.forcedInform) out.push(p.path);
    return out;
  }
}
