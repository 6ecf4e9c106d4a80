/**
 * A device's parameter tree. The structure built from the schema is shared by every device and never
 * changed in place; a device copies it only on its first AddObject/DeleteObject (copy-on-write), and keeps
 * its own values and attributes in small maps. So 1,000 untouched devices cost one tree.
 */
import type { NotificationValue } from '../../src-shared/cwmp/types';
import { childIndex, parentTemplate, toTemplate, type ObjectSchema, type ParamSchema, type SimSchema } from './schema';
import { initialValue } from './values';

export interface TreeNode {
  /** Objects end with a dot. */
  readonly path: string;
  readonly object: boolean;
  /** A multi-instance table (`Device.IP.Interface.`) whose children are its instances. */
  readonly table: boolean;
  /** Params: writable; tables: AddObject allowed; instances: DeleteObject allowed. */
  readonly writable: boolean;
  readonly param?: ParamSchema;
  /** Tables: the schema of their instances. */
  readonly instanceSchema?: ObjectSchema;
  /** Params: the value after a factory reset. */
  readonly value: string;
}

interface Structure {
  nodes: Map<string, TreeNode>;
  /** Object path → child paths; arrays are replaced, never mutated, so forks can share them. */
  children: Map<string, readonly string[]>;
}

export interface Attributes {
  notification: NotificationValue;
  accessList: string[];
}

const NUM_ENTRIES = 'NumberOfEntries';

/** The immutable default tree every device starts from. */
export class SharedTree {
  readonly structure: Structure;
  readonly children: Map<string, ObjectSchema[]>;
  /** `Device.` (TR-181), or `InternetGatewayDevice.` for a TR-098 device rebuilt from a trace. */
  readonly root: string;

  /**
   * @param instances concrete instance paths to create, e.g. `Device.IP.Interface.1.` (parents first).
   * @param defaults parameter values that differ from the schema defaults, by concrete name.
   */
  constructor(
    readonly schema: SimSchema,
    instances: readonly string[],
    defaults: Readonly<Record<string, string>>,
  ) {
    this.children = childIndex(schema);
    this.structure = { nodes: new Map(), children: new Map() };
    const root = schema.objects.has('Device.') ? 'Device.' : [...schema.objects.keys()].find((k) => parentTemplate(k) === null);
    if (!root) throw new Error('schema has no root object (Device.)');
    this.root = root;
    this.instantiate(this.structure, root, defaults);
    for (const path of instances) {
      const table = path.replace(/\d+\.$/, '');
      const node = this.structure.nodes.get(table);
      if (!node?.table) throw new Error(`cannot create ${path}: ${table} is not a table in ${schema.source}`);
      this.instantiate(this.structure, path, defaults);
      addChild(this.structure, table, path);
    }
  }

  /** Creates an object (with its params, single-instance sub-objects and empty sub-tables). */
  instantiate(s: Structure, path: string, defaults: Readonly<Record<string, string>> = {}): void {
    const template = toTemplate(path);
    const schema = this.schema.objects.get(template);
    if (!schema) throw new Error(`no schema for ${template}`);
    const instance = schema.table;
    s.nodes.set(path, { path, object: true, table: false, writable: instance && schema.writable, value: '' });
    const kids: string[] = [];
    for (const p of schema.params) {
      const name = path + p.name;
      let value = defaults[name] ?? initialValue(p);
      // TR-181: a CPE-assigned Alias starts with "cpe-".
      if (instance && p.name === 'Alias' && value === '') value = `cpe-${/(\d+)\.$/.exec(path)?.[1] ?? '1'}`;
      s.nodes.set(name, { path: name, object: false, table: false, writable: p.writable, param: p, value });
      kids.push(name);
    }
    for (const child of this.children.get(template) ?? []) {
      const rel = child.path.slice(template.length);
      if (child.table) {
        const tablePath = path + rel.slice(0, -4);
        s.nodes.set(tablePath, { path: tablePath, object: true, table: true, writable: child.writable, instanceSchema: child, value: '' });
        s.children.set(tablePath, []);
        kids.push(tablePath);
      } else {
        this.instantiate(s, path + rel, defaults);
        kids.push(path + rel);
      }
    }
    s.children.set(path, kids);
  }
}

function addChild(s: Structure, parent: string, child: string): void {
  s.children.set(parent, [...(s.children.get(parent) ?? []), child]);
}

export type TreeError = { code: 9001 | 9003 | 9004 | 9005; message: string };

/** One device's view: the shared structure until it changes, plus its own values and attributes. */
export class ParamTree {
  private structure: Structure;
  private owned = false;
  private values = new Map<string, string>();
  private attrs = new Map<string, Attributes>();
  private nextInstance = new Map<string, number>();

  /** @param fixed per-device values that survive a factory reset (serial number, CR URL, ...). */
  constructor(
    private readonly shared: SharedTree,
    private readonly fixed: Map<string, string>,
  ) {
    this.structure = shared.structure;
  }

  /** Sets a per-device value that a factory reset keeps (e.g. the ConnectionRequestURL once known). */
  setFixed(path: string, value: string): void {
    this.fixed.set(path, value);
  }

  /** Back to the shared default tree and values (FactoryReset). */
  reset(): void {
    this.structure = this.shared.structure;
    this.owned = false;
    this.values.clear();
    this.attrs.clear();
    this.nextInstance.clear();
  }

  /** The root object, `Device.` unless the device is a TR-098 one. */
  get root(): string {
    return this.shared.root;
  }

  /** Whether this device has its own copy of the structure (after AddObject/DeleteObject). */
  get forked(): boolean {
    return this.owned;
  }

  node(path: string): TreeNode | undefined {
    return this.structure.nodes.get(path);
  }

  children(path: string): readonly string[] {
    return this.structure.children.get(path) ?? [];
  }

  get(path: string): string {
    const own = this.values.get(path) ?? this.fixed.get(path);
    if (own !== undefined) return own;
    if (path.endsWith(NUM_ENTRIES)) {
      const table = this.structure.nodes.get(path.slice(0, -NUM_ENTRIES.length) + '.');
      if (table?.table) return String(this.children(table.path).length);
    }
    return this.structure.nodes.get(path)?.value ?? '';
  }

  /** Sets without checks (the caller validated); also used for runtime values such as UpTime. */
  set(path: string, value: string): void {
    this.values.set(path, value);
  }

  /** The node and everything below it, depth first (objects before their contents). */
  *walk(path: string): Generator<TreeNode> {
    const node = this.structure.nodes.get(path);
    if (!node) return;
    yield node;
    if (node.object) for (const child of this.children(path)) yield* this.walk(child);
  }

  /** Every parameter (not object) at or below `path`. */
  *params(path: string): Generator<TreeNode> {
    for (const n of this.walk(path)) if (!n.object) yield n;
  }

  attributes(path: string): Attributes {
    const own = this.attrs.get(path);
    if (own) return own;
    const notify = this.structure.nodes.get(path)?.param?.activeNotify;
    const forced = notify === 'forceEnabled' || notify === 'forceDefaultEnabled';
    return { notification: forced ? 2 : 0, accessList: [] };
  }

  setAttributes(path: string, a: Attributes): void {
    this.attrs.set(path, a);
  }

  /** Parameters whose notification attribute is not off (for `4 VALUE CHANGE` tracking). */
  notifiedParams(): string[] {
    const out: string[] = [];
    for (const [path, a] of this.attrs) if (a.notification > 0) out.push(path);
    return out;
  }

  private fork(): Structure {
    if (!this.owned) {
      this.structure = { nodes: new Map(this.structure.nodes), children: new Map(this.structure.children) };
      this.owned = true;
    }
    return this.structure;
  }

  /** AddObject on a table path (`Device.NAT.PortMapping.`): the new instance number, or a fault. */
  addInstance(tablePath: string): number | TreeError {
    const table = this.structure.nodes.get(tablePath);
    if (!table) return { code: 9005, message: `${tablePath} does not exist` };
    if (!table.table || !table.instanceSchema) return { code: 9005, message: `${tablePath} is not a multi-instance object` };
    if (!table.writable) return { code: 9001, message: `${tablePath} does not allow creating instances` };
    const existing = this.children(tablePath);
    const max = table.instanceSchema.maxEntries;
    if (max !== undefined && existing.length >= max) return { code: 9004, message: `${tablePath} is full (${max} entries)` };
    const next = this.nextInstance.get(tablePath) ?? this.maxInstance(tablePath) + 1;
    this.nextInstance.set(tablePath, next + 1);
    const s = this.fork();
    const path = `${tablePath}${next}.`;
    this.shared.instantiate(s, path);
    addChild(s, tablePath, path);
    return next;
  }

  private maxInstance(tablePath: string): number {
    let max = 0;
    for (const c of this.children(tablePath)) max = Math.max(max, Number(c.slice(tablePath.length, -1)));
    return max;
  }

  /** DeleteObject on an instance path (`Device.NAT.PortMapping.2.`). */
  deleteInstance(path: string): TreeError | null {
    const node = this.structure.nodes.get(path);
    const m = /^(.*\.)(\d+)\.$/.exec(path);
    const table = m ? this.structure.nodes.get(m[1]) : undefined;
    if (!node || !m || !table?.table) return { code: 9005, message: `${path} is not an existing object instance` };
    if (!node.writable) return { code: 9001, message: `${path} cannot be deleted` };
    // Instance numbers are not reused, as on most CPEs.
    if (!this.nextInstance.has(m[1])) this.nextInstance.set(m[1], this.maxInstance(m[1]) + 1);
    const doomed = [...this.walk(path)].map((n) => n.path);
    const s = this.fork();
    for (const p of doomed) {
      s.nodes.delete(p);
      s.children.delete(p);
      this.values.delete(p);
      this.attrs.delete(p);
    }
    s.children.set(m[1], this.children(m[1]).filter((c) => c !== path));
    return null;
  }
}
