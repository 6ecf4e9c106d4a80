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
  /** Paths changed (set or added, never removed) since the last full snapshot was taken. */
  private sinceSnapshot = new Set<string>();
  /** Something was removed (or the tree never saved whole): only a full snapshot records it. */
  private restructured = false;
  /** Paths changed since the last journal record (see `takeJournalEntry`). */
  private sinceJournal = new Set<string>();
  /** The next journal record must carry the whole tree (something was removed, or the device is new). */
  private journalWhole = false;

  constructor(initial: ParameterNode[] = []) {
    this.tree = ParameterTree.fromNodes(initial);
  }

  /**
   * A tree from a saved snapshot plus the nodes changed after it (`delta`, applied over the snapshot's);
   * those stay pending so the next save records them again until a new snapshot is taken.
   */
  static restore(snapshot: ParameterNode[], delta: ParameterNode[]): ParameterStore {
    if (delta.length === 0) return new ParameterStore(snapshot);
    const byPath = new Map<string, ParameterNode>();
    for (const n of snapshot) byPath.set(n.path, n);
    for (const n of delta) byPath.set(n.path, n);
    const store = new ParameterStore([...byPath.values()]);
    for (const n of delta) store.sinceSnapshot.add(n.path);
    return store;
  }

  /** The nodes changed since the last snapshot, or null when only a full snapshot can record the changes. */
  pendingDelta(): ParameterNode[] | null {
    if (this.restructured) return null;
    const out: ParameterNode[] = [];
    for (const path of this.sinceSnapshot) {
      const node = this.tree.get(path);
      if (node) out.push(node);
    }
    return out;
  }

  /** Number of paths changed since the last snapshot (Infinity when a snapshot is needed anyway). */
  get pendingCount(): number {
    return this.restructured ? Number.POSITIVE_INFINITY : this.sinceSnapshot.size;
  }

  /** Takes a full snapshot and starts a new delta; call `snapshotFailed` if it could not be saved. */
  takeSnapshot(): ParameterNode[] {
    this.sinceSnapshot = new Set();
    this.restructured = false;
    return this.tree.nodes();
  }

  /** The snapshot never reached the disk: the next save must write a full one again. */
  snapshotFailed(): void {
    this.restructured = true;
  }

  /**
   * What changed since the last call, for the device journal: the changed nodes, or the whole tree when
   * only that can record it (a removal); null when nothing changed.
   */
  takeJournalEntry(): { whole: ParameterNode[] } | { delta: ParameterNode[] } | null {
    if (this.journalWhole) {
      this.journalWhole = false;
      this.sinceJournal = new Set();
      return { whole: this.tree.nodes() };
    }
    if (this.sinceJournal.size === 0) return null;
    const delta: ParameterNode[] = [];
    for (const path of this.sinceJournal) {
      const node = this.tree.get(path);
      if (node) delta.push(node);
    }
    this.sinceJournal = new Set();
    return { delta };
  }

  /** The next journal record carries the whole tree (a new device, or one deleted and back). */
  journalAll(): void {
    this.journalWhole = true;
  }

  /** Marks the whole tree as needing a full snapshot (loaded from a file without one). */
  needsSnapshot(): void {
    this.restructured = true;
  }

  private touch(paths: Iterable<string>): void {
    for (const p of paths) {
      const path = p.trim();
      this.sinceSnapshot.add(path);
      this.sinceJournal.add(path);
    }
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

  /** Values from an Inform or a GetParameterValuesResponse; `requested`: the GPV's names (partial paths list objects whole). */
  mergeValues(list: ParameterValueStruct[], readAt: number, requested: readonly string[] = []): string[] {
    this.tree.mergeValues(list, readAt);
    const names = list.map((p) => p.name);
    this.touch(names);
    this.touch(this.tree.markListed(requested, readAt));
    return names;
  }

  mergeNames(list: ParameterInfoStruct[], requestedPath: string, nextLevel: boolean, readAt: number): string[] {
    this.tree.mergeNames(list, requestedPath, nextLevel, readAt);
    // May remove vanished nodes: only a full snapshot records that.
    this.restructured = true;
    this.journalWhole = true;
    return list.length > 0 ? list.map((p) => p.name) : [requestedPath];
  }

  mergeAttributes(list: ParameterAttributeStruct[], readAt: number): string[] {
    this.tree.mergeAttributes(list, readAt);
    const names = list.map((p) => p.name);
    this.touch(names);
    return names;
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
    this.touch(changed);
    return changed;
  }

  /** The values a SetParameterValues wrote (once the CPE answered with status 0 or 1). */
  applySetValues(list: ParameterValueStruct[], at: number): string[] {
    this.tree.applySet(list, at);
    const names = list.map((p) => p.name);
    this.touch(names);
    return names;
  }

  addInstance(objectName: string, instanceNumber: number, at: number): string[] {
    try {
      const path = this.tree.addInstance(objectName, instanceNumber, at).path;
      this.touch([path]);
      return [path];
    } catch {
      // A CPE reporting instance 0 or a nonsense object name: nothing to add.
      return [];
    }
  }

  /** Removes an object and everything below it. */
  deleteObject(objectName: string): string[] {
    const path = objectName.endsWith('.') ? objectName : `${objectName}.`;
    if (!this.tree.deleteObject(path)) return [];
    this.restructured = true;
    this.journalWhole = true;
    return [path];
  }
}
