import type { ParameterNode } from '../../src-shared/devices/types';
import type { TaskInfo } from '../../src-shared/tasks/types';
import { ParameterStore } from './parameter-store';
import type { Credentials, DeviceRecord } from './device-registry';

/**
 * One line of the device journal (`<dataDir>/devices/journal/`): what changed about one device, written
 * before the ACS answers the message that changed it. Replayed over the per-device files at start.
 */
export type DeviceJournalRecord =
  | {
      op: 'put';
      id: string;
      info: DeviceRecord['info'];
      cpeAuth: Credentials | null;
      connectionRequestAuth: Credentials | null;
      /** The nodes changed since the previous record, or the whole tree (after a removal, or a new device). */
      tree?: { whole: ParameterNode[] } | { delta: ParameterNode[] };
      /** Tasks added or changed since the previous record, and the ids of all the device's tasks in order. */
      tasks?: TaskInfo[];
      taskIds?: string[];
    }
  | { op: 'delete'; id: string };

/** The journal line (with its newline) for a device's changes. */
export function putLine(record: DeviceRecord, tree: ReturnType<ParameterStore['takeJournalEntry']>, tasks: TaskInfo[] | null): string {
  const line: DeviceJournalRecord = {
    op: 'put',
    id: record.info.id,
    info: record.info,
    cpeAuth: record.cpeAuth,
    connectionRequestAuth: record.connectionRequestAuth,
  };
  if (tree) line.tree = tree;
  if (tasks) {
    line.tasks = tasks;
    line.taskIds = record.tasks.map((t) => t.id);
  }
  return `${JSON.stringify(line)}\n`;
}

export function deleteLine(id: string): string {
  return `${JSON.stringify({ op: 'delete', id } satisfies DeviceJournalRecord)}\n`;
}

export interface ReplayResult {
  /** Devices whose state came (partly) from the journal: to be written to their files by compaction. */
  changed: Set<string>;
  /** Devices the journal deleted: their files are to be removed. */
  deleted: Set<string>;
  errors: string[];
}

/**
 * Applies journal records, oldest first, over the devices read from their files. Trees are rebuilt once per
 * device at the end, not once per record. Records from before the files were last written may be replayed
 * again: each sets absolute values, so the last one for any field wins and the result is the newest state.
 */
export function replayJournal(devices: Map<string, DeviceRecord>, records: unknown[]): ReplayResult {
  const changed = new Set<string>();
  const deleted = new Set<string>();
  const errors: string[] = [];
  const trees = new Map<string, Map<string, ParameterNode>>();
  const nodesOf = (id: string, record: DeviceRecord): Map<string, ParameterNode> => {
    let nodes = trees.get(id);
    if (!nodes) {
      nodes = new Map(record.tree.list().map((n) => [n.path, n]));
      trees.set(id, nodes);
    }
    return nodes;
  };
  for (const [i, raw] of records.entries()) {
    const r = raw as DeviceJournalRecord;
    if (typeof r !== 'object' || r === null || typeof r.id !== 'string' || (r.op !== 'put' && r.op !== 'delete')) {
      errors.push(`journal record ${i + 1} is not a device record; skipped`);
      continue;
    }
    if (r.op === 'delete') {
      devices.delete(r.id);
      trees.delete(r.id);
      changed.delete(r.id);
      deleted.add(r.id);
      continue;
    }
    if (typeof r.info?.id !== 'string') {
      errors.push(`journal record ${i + 1} has no device info; skipped`);
      continue;
    }
    let record = devices.get(r.id);
    if (!record) {
      record = { info: r.info, cpeAuth: null, connectionRequestAuth: null, tree: new ParameterStore(), tasks: [] };
      devices.set(r.id, record);
    }
    deleted.delete(r.id);
    changed.add(r.id);
    record.info = r.info;
    record.cpeAuth = r.cpeAuth ?? null;
    record.connectionRequestAuth = r.connectionRequestAuth ?? null;
    if (r.tree && 'whole' in r.tree) trees.set(r.id, new Map(r.tree.whole.map((n) => [n.path, n])));
    else if (r.tree && 'delta' in r.tree) {
      const nodes = nodesOf(r.id, record);
      for (const n of r.tree.delta) nodes.set(n.path, n);
    }
    if (Array.isArray(r.tasks) && Array.isArray(r.taskIds)) {
      const byId = new Map(record.tasks.map((t) => [t.id, t]));
      for (const t of r.tasks) byId.set(t.id, t);
      record.tasks = r.taskIds.map((id) => byId.get(id)).filter((t): t is TaskInfo => t !== undefined);
    }
  }
  for (const [id, nodes] of trees) {
    const record = devices.get(id);
    if (!record) continue;
    record.tree = new ParameterStore([...nodes.values()]);
    // Compaction writes the tree whole: its delta against the old snapshot is not tracked.
    record.tree.needsSnapshot();
  }
  return { changed, deleted, errors };
}
