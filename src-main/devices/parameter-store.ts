import type { ParameterNode } from '../../src-shared/api/devices';
import { ParameterTree } from '../../src-shared/datamodel/parameter-tree';
import type {
  ParameterAttributeStruct,
  ParameterInfoStruct,
  ParameterValueStruct,
  SetParameterAttributesStruct,
} from '../../src-shared/cwmp/types';

/**
 * One device's parameter tree as the ACS learned it, on top of the shared `ParameterTree` (object paths
 * end in `.`, every ancestor exists). Each update returns the paths it touched, for
 * `devices/parameters-changed`.
 */
export class ParameterStore {
  private readonly tree: ParameterTree;

  constructor(initial: ParameterNode[] = []) {
    this.tree = ParameterTree.fromNodes(initial);
  }

  get size(): number {
    return this.tree.size;
  }

  /** A parameter, or an object given with or without its trailing dot. */
  get(path: string): ParameterNode | undefined {
    return this.tree.get(path) ?? (path.endsWith('.') ? undefined : this.tree.get(`${path}.`));
  }

  /** Every node, depth-first in natural order (parents before children). */
  list(): ParameterNode[] {
    return this.tree.nodes();
  }

  mergeValues(list: ParameterValueStruct[], readAt: number): string[] {
    this.tree.mergeValues(list, readAt);
    return list.map((p) => p.name);
  }

  mergeNames(list: ParameterInfoStruct[], requestedPath: string, nextLevel: boolean, readAt: number): string[] {
    this.tree.mergeNames(list, requestedPath, nextLevel, readAt);
    return list.length > 0 ? list.map((p) => p.name) : [requestedPath];
  }

  mergeAttributes(list: ParameterAttributeStruct[], readAt: number): string[] {
    this.tree.mergeAttributes(list, readAt);
    return list.map((p) => p.name);
  }

  /** The attributes a successful SetParameterAttributes asked for (a partial path covers its subtree). */
  applySetAttributes(list: SetParameterAttributesStruct[]): string[] {
    const changed: string[] = [];
    const all = list.some((p) => p.name.endsWith('.') || p.name === '') ? this.tree.nodes() : [];
    for (const p of list) {
      const targets = p.name.endsWith('.') || p.name === ''
        ? all.filter((n) => !n.object && n.path.startsWith(p.name))
        : [this.tree.get(p.name)].filter((n): n is ParameterNode => n !== undefined);
      for (const node of targets) {
        if (p.notificationChange) node.notification = p.notification;
        if (p.accessListChange) node.accessList = [...p.accessList];
        changed.push(node.path);
      }
    }
    return changed;
  }

  /** The values a SetParameterValues wrote (once the CPE answered with status 0 or 1). */
  applySetValues(list: ParameterValueStruct[], at: number): string[] {
    this.tree.applySet(list, at);
    return list.map((p) => p.name);
  }

  addInstance(objectName: string, instanceNumber: number, at: number): string[] {
    try {
      return [this.tree.addInstance(objectName, instanceNumber, at).path];
    } catch {
      // A CPE reporting instance 0 or a nonsense object name: nothing to add.
      return [];
    }
  }

  /** Removes an object and everything below it. */
  deleteObject(objectName: string): string[] {
    const path = objectName.endsWith('.') ? objectName : `${objectName}.`;
    return this.tree.deleteObject(path) ? [path] : [];
  }
}
