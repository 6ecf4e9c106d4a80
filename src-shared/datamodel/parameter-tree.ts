import type { ParameterNode } from '../devices/types';
import type { ParameterAttributeStruct, ParameterInfoStruct, ParameterValueStruct } from '../cwmp/types';
import { parentPath } from './data-model';

/**
 * The live parameter tree of one device: what it reported through GetParameterNames, Values and
 * Attributes, Inform, AddObject / DeleteObject and successful SetParameterValues. Keyed by the
 * concrete path; objects end in `.`. Ancestors of every node exist (as objects).
 */
export class ParameterTree {
  private readonly byPath = new Map<string, ParameterNode>();
  /** parent path → child paths (`''` holds the roots). */
  private readonly kids = new Map<string, Set<string>>();

  /** Rebuilds a tree from its serialised nodes (as {@link nodes} returns them). */
  static fromNodes(nodes: readonly ParameterNode[]): ParameterTree {
    const tree = new ParameterTree();
    for (const n of nodes) {
      const path = cleanPath(n.path);
      if (!path) continue;
      Object.assign(tree.ensure(path), { ...n, path, object: path.endsWith('.') });
    }
    return tree;
  }

  /** Number of nodes (objects and parameters). */
  get size(): number {
    return this.byPath.size;
  }

  /** The node at a concrete path. Nodes are the tree's own: treat them as read-only. */
  get(path: string): ParameterNode | undefined {
    return this.byPath.get(path);
  }

  /** Whether the device reported (or implied, as an ancestor) this path. */
  has(path: string): boolean {
    return this.byPath.has(path);
  }

  /** The nodes directly under `path` (`''` for the roots), in natural order (instance 2 before 10). */
  children(path: string): ParameterNode[] {
    const set = this.kids.get(path);
    if (!set) return [];
    return [...set].sort(comparePaths).map((p) => this.byPath.get(p) as ParameterNode);
  }

  /** Every node, depth-first in natural order: the serialised form. */
  nodes(): ParameterNode[] {
    const out: ParameterNode[] = [];
    const walk = (p: string): void => {
      for (const c of this.children(p)) {
        out.push(c);
        if (c.object) walk(c.path);
      }
    };
    walk('');
    return out;
  }

  toJSON(): ParameterNode[] {
    return this.nodes();
  }

  /**
   * Merges a GetParameterNamesResponse. Adds names and writability; a full (nextLevel false) GPN of
   * an object path removes the nodes under it that the device no longer reports, and a nextLevel
   * GPN removes vanished direct children (and their subtrees).
   */
  mergeNames(parameterList: readonly ParameterInfoStruct[], requestedPath: string, nextLevel: boolean, at: number): void {
    const seen = new Set<string>();
    for (const info of parameterList) {
      const path = cleanPath(info.name);
      if (!path) continue;
      const node = this.ensure(path);
      node.writable = info.writable;
      node.readAt = at;
      seen.add(path);
    }
    const base = cleanPath(requestedPath) ?? '';
    if (base !== '' && !base.endsWith('.')) return;
    if (base !== '' && !this.byPath.has(base) && seen.size === 0) return;
    if (nextLevel) {
      for (const c of [...(this.kids.get(base) ?? [])]) if (!seen.has(c)) this.deleteObject(c);
      const node = this.byPath.get(base);
      if (node) node.listedAt = at;
    } else {
      // An object the device did not list but whose descendants it did is still there.
      const kept = new Set(seen);
      for (const s of seen) for (let a = parentPath(s); a !== '' && !kept.has(a); a = parentPath(a)) kept.add(a);
      for (const p of this.subtree(base)) if (p !== base && !kept.has(p)) this.remove(p);
      this.markListed([base], at);
    }
  }

  /**
   * Records that the device listed everything under these partial paths (`''` is the whole tree): a
   * partial-path GetParameterValues or a full GetParameterNames. Returns the object paths marked.
   */
  markListed(partialPaths: readonly string[], at: number): string[] {
    const marked: string[] = [];
    for (const raw of partialPaths) {
      const base = raw === '' ? '' : cleanPath(raw);
      if (base === undefined || (base !== '' && !base.endsWith('.'))) continue;
      if (base !== '' && !this.byPath.has(base)) continue;
      for (const p of this.subtree(base)) {
        const node = this.byPath.get(p);
        if (!node?.object) continue;
        node.listedAt = at;
        marked.push(p);
      }
    }
    return marked;
  }

  /** Whether the device listed the contents of this object (see {@link ParameterNode.listedAt}). */
  listed(objectPath: string): boolean {
    return this.byPath.get(objectPath)?.listedAt !== undefined;
  }

  /** Merges values and their xsi:types (GetParameterValuesResponse, Inform). */
  mergeValues(parameterList: readonly ParameterValueStruct[], at: number): void {
    for (const pv of parameterList) {
      const path = cleanPath(pv.name);
      if (!path || path.endsWith('.')) continue;
      const node = this.ensure(path);
      node.value = pv.value;
      if (pv.type) node.type = pv.type;
      node.readAt = at;
    }
  }

  /** Merges notification and access lists (GetParameterAttributesResponse). */
  mergeAttributes(parameterList: readonly ParameterAttributeStruct[], at: number): void {
    for (const pa of parameterList) {
      const path = cleanPath(pa.name);
      if (!path) continue;
      const node = this.ensure(path);
      node.notification = pa.notification;
      node.accessList = [...pa.accessList];
      node.readAt = at;
    }
  }

  /** Records a new instance after AddObject (`Device.WiFi.SSID.` + 3 → `Device.WiFi.SSID.3.`). */
  addInstance(objectName: string, instanceNumber: number, at: number): ParameterNode {
    const base = cleanPath(objectName.endsWith('.') ? objectName : `${objectName}.`);
    if (!base || !Number.isInteger(instanceNumber) || instanceNumber < 1) {
      throw new Error(`bad AddObject result: ${objectName} ${instanceNumber}`);
    }
    const node = this.ensure(`${base}${instanceNumber}.`);
    node.readAt = at;
    return node;
  }

  /** Removes a node and everything under it (after DeleteObject). Returns whether it existed. */
  deleteObject(path: string): boolean {
    const p = cleanPath(path);
    if (!p || !this.byPath.has(p)) return false;
    this.remove(p);
    return true;
  }

  /** Applies the values of a SetParameterValues the device accepted. */
  applySet(parameterList: readonly ParameterValueStruct[], at: number): void {
    this.mergeValues(parameterList, at);
  }

  /** `path` and every path under it (parents before children). */
  private subtree(path: string): string[] {
    const out: string[] = [];
    const walk = (p: string): void => {
      if (p !== '') out.push(p);
      for (const c of this.kids.get(p) ?? []) walk(c);
    };
    walk(path);
    return out;
  }

  /** Removes a node and, recursively, everything under it. */
  private remove(path: string): void {
    if (!this.byPath.delete(path)) return;
    this.kids.get(parentPath(path))?.delete(path);
    for (const c of this.kids.get(path) ?? []) this.remove(c);
    this.kids.delete(path);
  }

  /** The node at `path`, created (with its ancestors, as objects) if missing. */
  private ensure(path: string): ParameterNode {
    const existing = this.byPath.get(path);
    if (existing) return existing;
    const node: ParameterNode = { path, object: path.endsWith('.') };
    this.byPath.set(path, node);
    const parent = parentPath(path);
    if (parent !== '') this.ensure(parent);
    let set = this.kids.get(parent);
    if (!set) this.kids.set(parent, (set = new Set()));
    set.add(path);
    return node;
  }
}

/** Trims stray whitespace CPEs leave in names; `undefined` for an empty or malformed path. */
function cleanPath(path: string): string | undefined {
  const p = path.trim();
  if (p === '' || p.startsWith('.') || p.includes('..')) return undefined;
  return p;
}

/** Path order with instance numbers compared numerically. */
export function comparePaths(a: string, b: string): number {
  const as = a.split('.');
  const bs = b.split('.');
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    if (as[i] === bs[i]) continue;
    const an = /^\d+$/.test(as[i]);
    const bn = /^\d+$/.test(bs[i]);
    if (an && bn) return Number(as[i]) - Number(bs[i]);
    if (an !== bn) return an ? 1 : -1;
    return as[i] < bs[i] ? -1 : 1;
  }
  return as.length - bs.length;
}
