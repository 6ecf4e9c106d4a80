import type { ParameterNode } from '../../src-shared/api/devices';
import type {
  ParameterAttributeStruct,
  ParameterInfoStruct,
  ParameterValueStruct,
  SetParameterAttributesStruct,
} from '../../src-shared/cwmp/types';

/**
 * One device's parameter tree as the ACS learned it from Informs and task results. Paths are stored
 * without the trailing `.` of objects (`object: true` says so); every ancestor exists as an object node so
 * the tree view can be built from the flat list.
 */
export class ParameterStore {
  private readonly nodes = new Map<string, ParameterNode>();

  constructor(initial: ParameterNode[] = []) {
    for (const node of initial) this.nodes.set(node.path, { ...node });
  }

  get size(): number {
    return this.nodes.size;
  }

  get(path: string): ParameterNode | undefined {
    return this.nodes.get(stripDot(path));
  }

  /** All nodes sorted by path (parents before children). */
  list(): ParameterNode[] {
    return [...this.nodes.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  mergeValues(list: ParameterValueStruct[], readAt: number): string[] {
    const changed: string[] = [];
    for (const p of list) {
      const node = this.ensure(p.name, false);
      node.value = p.value;
      if (p.type) node.type = p.type;
      node.readAt = readAt;
      changed.push(node.path);
    }
    return changed;
  }

  mergeNames(list: ParameterInfoStruct[], readAt: number): string[] {
    const changed: string[] = [];
    for (const p of list) {
      const node = this.ensure(p.name, p.name.endsWith('.'));
      node.writable = p.writable;
      node.readAt = readAt;
      changed.push(node.path);
    }
    return changed;
  }

  mergeAttributes(list: ParameterAttributeStruct[], readAt: number): string[] {
    const changed: string[] = [];
    for (const p of list) {
      const node = this.ensure(p.name, p.name.endsWith('.'));
      node.notification = p.notification;
      node.accessList = [...p.accessList];
      node.readAt = readAt;
      changed.push(node.path);
    }
    return changed;
  }

  /** The attributes a successful SetParameterAttributes asked for. */
  applySetAttributes(list: SetParameterAttributesStruct[]): string[] {
    const changed: string[] = [];
    for (const p of list) {
      // A partial path sets every parameter below it.
      const targets = p.name.endsWith('.') ? this.below(p.name) : [this.ensure(p.name, false)];
      for (const node of targets) {
        if (p.notificationChange) node.notification = p.notification;
        if (p.accessListChange) node.accessList = [...p.accessList];
        changed.push(node.path);
      }
    }
    return changed;
  }

  /** The values a SetParameterValues wrote (once the CPE answered with status 0 or 1). */
  applySetValues(list: ParameterValueStruct[]): string[] {
    const changed: string[] = [];
    for (const p of list) {
      const node = this.ensure(p.name, false);
      node.value = p.value;
      if (p.type) node.type = p.type;
      changed.push(node.path);
    }
    return changed;
  }

  addInstance(objectName: string, instanceNumber: number): string[] {
    const node = this.ensure(`${stripDot(objectName)}.${instanceNumber}.`, true);
    return [node.path];
  }

  /** Removes an object and everything below it. */
  deleteObject(objectName: string): string[] {
    const root = stripDot(objectName);
    const removed: string[] = [];
    for (const path of [...this.nodes.keys()]) {
      if (path === root || path.startsWith(`${root}.`)) {
        this.nodes.delete(path);
        removed.push(path);
      }
    }
    return removed;
  }

  private below(prefix: string): ParameterNode[] {
    const root = stripDot(prefix);
    return [...this.nodes.values()].filter((n) => !n.object && n.path.startsWith(`${root}.`));
  }

  private ensure(name: string, object: boolean): ParameterNode {
    const path = stripDot(name);
    let node = this.nodes.get(path);
    if (!node) {
      node = { path, object };
      this.nodes.set(path, node);
      // Ancestors as objects, so a flat list always forms a tree.
      let cut = path.lastIndexOf('.');
      while (cut > 0) {
        const parent = path.slice(0, cut);
        if (this.nodes.has(parent)) break;
        this.nodes.set(parent, { path: parent, object: true });
        cut = parent.lastIndexOf('.');
      }
    } else if (object && !node.object) {
      node.object = true;
    }
    return node;
  }
}

function stripDot(path: string): string {
  return path.endsWith('.') ? path.slice(0, -1) : path;
}
