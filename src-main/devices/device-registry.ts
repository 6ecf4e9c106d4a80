import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { DeviceDetail, DeviceSummary, ParameterNode } from '../../src-shared/api/devices';
import type { TaskInfo } from '../../src-shared/api/tasks';
import type { CwmpVersion, Inform } from '../../src-shared/cwmp/types';
import type { EventHub } from '../runtime/event-hub';
import { AppendJournal } from '../util/append-journal';
import { writeFileAtomic } from '../util/atomic-file';
import { deleteLine, putLine, replayJournal } from './device-journal';
import { ParameterStore } from './parameter-store';

export interface Credentials {
  username: string;
  password: string;
}

/** Everything the registry keeps about one device; persisted as one JSON file. */
export interface DeviceRecord {
  info: Omit<DeviceSummary, 'online' | 'pendingTasks'>;
  /** What the ACS demands of this CPE (overrides the global setting); null = use the global one. */
  cpeAuth: Credentials | null;
  /** What the ACS presents on a connection request. */
  connectionRequestAuth: Credentials | null;
  tree: ParameterStore;
  /** Oldest first. */
  tasks: TaskInfo[];
}

/** The first format: everything, the whole tree included, in `<id>.json`. Still read. */
interface StoredDeviceV1 {
  version: 1;
  info: DeviceRecord['info'];
  cpeAuth: Credentials | null;
  connectionRequestAuth: Credentials | null;
  parameters: ParameterNode[];
  tasks: TaskInfo[];
}

/**
 * `<id>.json`, rewritten on every change (each Inform): identity, status, and the tree nodes changed since the
 * snapshot `treeRev` in `<id>.tree.json`, which is rewritten only when the delta grows large or nodes were
 * removed. Tasks (results can be large) are in `<id>.tasks.json`, rewritten only when a task changes.
 */
interface StoredDeviceV2 {
  version: 2;
  info: DeviceRecord['info'];
  cpeAuth: Credentials | null;
  connectionRequestAuth: Credentials | null;
  /** The snapshot this delta applies to (0: none, the delta is the whole tree). */
  treeRev: number;
  delta: ParameterNode[];
}

interface StoredTasks {
  version: 2;
  tasks: TaskInfo[];
}

interface StoredTree {
  version: 2;
  rev: number;
  parameters: ParameterNode[];
}

/** Finished tasks kept per device; older ones are dropped when a new one finishes. */
const FINISHED_TASKS_KEPT = 200;
/** The journal segment size at which its content is written to the device files and the segment dropped. */
const COMPACT_BYTES = 32 * 1024 * 1024;
/** After a journal write failed (disk full), the device files are tried again this long after a change. */
const RETRY_DELAY_MS = 1000;
const JOURNAL_DIR = 'journal';
/** Changed nodes kept as a delta beside the snapshot; beyond this the whole tree is written again. */
const MAX_DELTA_NODES = 256;
const TREE_SUFFIX = '.tree.json';
const TASKS_SUFFIX = '.tasks.json';

/** `OUI-ProductClass-SerialNumber`, the device's key everywhere. */
export function deviceKey(id: Inform['deviceId']): string {
  return `${id.oui}-${id.productClass}-${id.serialNumber}`;
}

/**
 * The devices on the bench, their parameter trees and task lists, in `<dataDir>/devices/`.
 *
 * Every change goes first to an append-only journal (`journal/`), written synchronously by `commit` — which
 * the ACS calls before it answers a CPE, so a device whose Inform was answered survives `kill -9` — and
 * fsynced in the background, one sync per batch. Now and then (the journal segment grew large, `flush`, a
 * start that found a journal) the journal is compacted: the devices changed since the last compaction are
 * written to their files, up to three per device (status + tree delta, a tree snapshot rewritten only now
 * and then, the task list), and the compacted segments are removed. A start reads the files, then replays
 * the journal over them.
 */
export class DeviceRegistry {
  private readonly devices = new Map<string, DeviceRecord>();
  /** Status (and tree) to write. */
  private readonly dirty = new Set<string>();
  /** Task lists to write. */
  private readonly tasksDirty = new Set<string>();
  private readonly deleted = new Set<string>();
  private saveTimer: NodeJS.Timeout | null = null;
  private saving: Promise<void> = Promise.resolve();
  private compactionQueued = false;
  private journal: AppendJournal | undefined;
  /** Devices whose status (and tree changes) the next journal commit records. */
  private readonly journalStatus = new Set<string>();
  /** Tasks the next journal commit records, per device ('all': every task of the device). */
  private readonly journalTasks = new Map<string, Set<string> | 'all'>();
  private readonly journalDeleted = new Set<string>();
  private commitQueued = false;
  private journalFailure: string | undefined;
  private readonly lastOnline = new Map<string, boolean>();
  /** The revision of each device's saved tree snapshot (absent: none yet). */
  private readonly treeRevs = new Map<string, number>();
  /** Devices with a CWMP session in progress (kept by the ACS). */
  readonly inSession = new Set<string>();

  constructor(
    private readonly dir: string,
    private readonly hub: EventHub,
  ) {}

  async load(): Promise<{ loaded: number; errors: string[] }> {
    await mkdir(this.dir, { recursive: true });
    const errors: string[] = [];
    for (const file of await readdir(this.dir)) {
      if (!file.endsWith('.json') || file.endsWith(TREE_SUFFIX) || file.endsWith(TASKS_SUFFIX)) continue;
      try {
        const stored = JSON.parse(await readFile(join(this.dir, file), 'utf8')) as StoredDeviceV1 | StoredDeviceV2;
        if ((stored.version !== 1 && stored.version !== 2) || typeof stored.info?.id !== 'string') throw new Error('not a device file');
        let tree: ParameterStore;
        let tasks: TaskInfo[];
        const base = join(this.dir, file.slice(0, -'.json'.length));
        if (stored.version === 1) {
          tree = new ParameterStore(stored.parameters ?? []);
          tasks = stored.tasks ?? [];
          // Rewritten in the split form at its next save (tasks first, so none is lost on the way).
          tree.needsSnapshot();
          this.tasksDirty.add(stored.info.id);
        } else {
          tasks = (await this.readJson<StoredTasks>(base + TASKS_SUFFIX, (t) => Array.isArray(t.tasks)))?.tasks ?? [];
          const snapshot = await this.readJson<StoredTree>(base + TREE_SUFFIX, (t) => Number.isInteger(t.rev) && Array.isArray(t.parameters));
          const treeRev = Number.isInteger(stored.treeRev) ? stored.treeRev : 0;
          // A snapshot newer than the delta's base was written from memory after it: it holds the delta.
          const delta = snapshot && snapshot.rev > treeRev ? [] : (stored.delta ?? []);
          tree = ParameterStore.restore(snapshot?.parameters ?? [], delta);
          this.treeRevs.set(stored.info.id, Math.max(treeRev, snapshot?.rev ?? 0));
          if (snapshot && snapshot.rev < treeRev) {
            errors.push(`${file}: parameter snapshot ${treeRev} missing (found ${snapshot.rev}); kept what remains`);
            tree.needsSnapshot();
          }
        }
        this.devices.set(stored.info.id, {
          info: stored.info,
          cpeAuth: stored.cpeAuth ?? null,
          connectionRequestAuth: stored.connectionRequestAuth ?? null,
          tree,
          tasks,
        });
      } catch (err) {
        errors.push(`${file}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    const { journal, contents } = await AppendJournal.open(join(this.dir, JOURNAL_DIR));
    this.journal = journal;
    errors.push(...contents.errors.map((e) => `journal ${e}`));
    if (contents.records.length > 0) {
      const replayed = replayJournal(this.devices, contents.records);
      errors.push(...replayed.errors);
      for (const id of replayed.changed) {
        this.dirty.add(id);
        this.tasksDirty.add(id);
      }
      for (const id of replayed.deleted) {
        if (!this.devices.has(id)) this.deleted.add(id);
      }
    }
    // What the journal held goes into the device files, and the replayed segments away.
    if (contents.segments.length > 0) this.scheduleCompaction();
    return { loaded: this.devices.size, errors };
  }

  /** Why the journal stopped (disk full), if it did: changes then reach the device files only. */
  get journalError(): string | undefined {
    return this.journalFailure;
  }

  get(id: string): DeviceRecord | undefined {
    return this.devices.get(id);
  }

  all(): DeviceRecord[] {
    return [...this.devices.values()];
  }

  get size(): number {
    return this.devices.size;
  }

  summary(record: DeviceRecord, now = Date.now()): DeviceSummary {
    return {
      ...record.info,
      online: this.isOnline(record, now),
      pendingTasks: record.tasks.filter((t) => t.status === 'queued' || t.status === 'sent').length,
    };
  }

  detail(record: DeviceRecord): DeviceDetail {
    return { ...this.summary(record), parameters: record.tree.list() };
  }

  /** In session now, or informed within twice its periodic interval (10 min when unknown). */
  isOnline(record: DeviceRecord, now = Date.now()): boolean {
    if (this.inSession.has(record.info.id)) return true;
    if (record.info.lastInform === undefined) return false;
    const root = record.info.root ?? 'Device';
    const interval = Number(record.tree.get(`${root}.ManagementServer.PeriodicInformInterval`)?.value);
    const window = Number.isFinite(interval) && interval > 0 ? interval * 2_000 + 60_000 : 600_000;
    return now - record.info.lastInform < window;
  }

  /**
   * Creates or updates the device from its Inform. Returns the record and the changed parameter paths.
   * Publishes nothing: the caller adds what the connection says (session, client certificate), then `touch`es.
   */
  applyInform(
    inform: Inform,
    meta: { ip: string; cwmpVersion: CwmpVersion; now: number },
  ): { record: DeviceRecord; changed: string[]; created: boolean } {
    const id = deviceKey(inform.deviceId);
    let record = this.devices.get(id);
    const created = !record;
    if (!record) {
      record = {
        info: {
          id,
          manufacturer: inform.deviceId.manufacturer,
          oui: inform.deviceId.oui,
          productClass: inform.deviceId.productClass,
          serialNumber: inform.deviceId.serialNumber,
          firstSeen: meta.now,
        },
        cpeAuth: null,
        connectionRequestAuth: null,
        tree: new ParameterStore(),
        tasks: [],
      };
      this.devices.set(id, record);
      // The first journal record of a device carries its whole tree and its (empty) task list, so a replay
      // never builds on what a deleted namesake left.
      record.tree.journalAll();
      this.journalTasks.set(id, 'all');
      if (this.deleted.delete(id)) {
        // Back before its files were removed: replace them all, or the old tree and tasks would come back.
        record.tree.needsSnapshot();
        this.tasksDirty.add(id);
      }
    }
    const info = record.info;
    info.manufacturer = inform.deviceId.manufacturer;
    info.ip = meta.ip;
    info.cwmpVersion = meta.cwmpVersion;
    info.lastInform = meta.now;
    info.lastEvents = inform.event;
    const changed = record.tree.mergeValues(inform.parameterList, meta.now);
    const first = inform.parameterList[0]?.name ?? '';
    if (first.startsWith('InternetGatewayDevice.')) info.root = 'InternetGatewayDevice';
    else if (first.startsWith('Device.')) info.root = 'Device';
    for (const p of inform.parameterList) {
      const leaf = p.name.slice(p.name.indexOf('.') + 1);
      if (leaf === 'DeviceInfo.ModelName') info.modelName = p.value;
      else if (leaf === 'DeviceInfo.SoftwareVersion') info.softwareVersion = p.value;
      else if (leaf === 'DeviceInfo.HardwareVersion') info.hardwareVersion = p.value;
      else if (leaf === 'ManagementServer.ConnectionRequestURL') info.connectionRequestUrl = p.value;
    }
    return { record, changed, created };
  }

  setCredentials(id: string, patch: { cpeAuth?: Credentials | null; connectionRequest?: Credentials | null }): boolean {
    const record = this.devices.get(id);
    if (!record) return false;
    if (patch.cpeAuth !== undefined) record.cpeAuth = patch.cpeAuth;
    if (patch.connectionRequest !== undefined) record.connectionRequestAuth = patch.connectionRequest;
    this.markDirty(id);
    return true;
  }

  delete(id: string): boolean {
    if (!this.devices.delete(id)) return false;
    this.dirty.delete(id);
    this.tasksDirty.delete(id);
    this.deleted.add(id);
    this.journalStatus.delete(id);
    this.journalTasks.delete(id);
    this.journalDeleted.add(id);
    this.scheduleCommit();
    this.hub.publish({ event: 'devices/removed', data: { deviceId: id } });
    return true;
  }

  /** Publishes the device's summary and schedules a save of its status. */
  touch(id: string): void {
    const record = this.devices.get(id);
    if (!record) return;
    this.statusChanged(id);
    const summary = this.summary(record);
    this.lastOnline.set(id, summary.online);
    this.hub.publish({ event: 'devices/changed', data: summary });
  }

  parametersChanged(id: string, paths: string[]): void {
    if (paths.length === 0) return;
    this.statusChanged(id);
    this.hub.publish({ event: 'devices/parameters-changed', data: { deviceId: id, paths } });
  }

  /** Drops the oldest finished tasks beyond the kept count. */
  pruneTasks(record: DeviceRecord): TaskInfo[] {
    const finished = record.tasks.filter((t) => t.status !== 'queued' && t.status !== 'sent');
    if (finished.length <= FINISHED_TASKS_KEPT) return [];
    const dropped = finished.slice(0, finished.length - FINISHED_TASKS_KEPT);
    const drop = new Set(dropped);
    record.tasks = record.tasks.filter((t) => !drop.has(t));
    return dropped;
  }

  /** Records everything about the device (status, tree changes and all its tasks). */
  markDirty(id: string): void {
    this.tasksDirty.add(id);
    this.journalTasks.set(id, 'all');
    this.statusChanged(id);
  }

  /**
   * Records a change of the device's tasks (its status too: pending counts change): of `taskId` only, or of
   * all of them.
   */
  tasksChanged(id: string, taskId?: string): void {
    this.tasksDirty.add(id);
    const pending = this.journalTasks.get(id);
    if (taskId === undefined) this.journalTasks.set(id, 'all');
    else if (pending === undefined) this.journalTasks.set(id, new Set([taskId]));
    else if (pending !== 'all') pending.add(taskId);
    this.statusChanged(id);
  }

  private statusChanged(id: string): void {
    this.dirty.add(id);
    this.journalStatus.add(id);
    this.scheduleCommit();
  }

  /**
   * Writes the changes made so far to the journal, synchronously: once this returns they survive the process
   * being killed (and, a few milliseconds later, a power loss). Called before answering a CPE; changes made
   * elsewhere are committed at the end of the current tick.
   */
  commit(): void {
    if (this.journalStatus.size === 0 && this.journalDeleted.size === 0) return;
    let text = '';
    for (const id of this.journalDeleted) text += deleteLine(id);
    for (const id of this.journalStatus) {
      const record = this.devices.get(id);
      if (!record) continue;
      const which = this.journalTasks.get(id);
      const tasks = which === undefined ? null : which === 'all' ? record.tasks : record.tasks.filter((t) => which.has(t.id));
      text += putLine(record, record.tree.takeJournalEntry(), tasks);
    }
    this.journalDeleted.clear();
    this.journalStatus.clear();
    this.journalTasks.clear();
    if (!this.journal || this.journalFailure) {
      this.scheduleRetry();
      return;
    }
    try {
      this.journal.append(text);
    } catch (err) {
      // The changes stay marked for the device files, which the retry writes.
      this.journalFailure = `device journal: ${err instanceof Error ? err.message : String(err)}`;
      this.scheduleRetry();
      return;
    }
    if (this.journal.size >= COMPACT_BYTES) this.scheduleCompaction();
  }

  /** Writes every pending change to the device files now and drops the journal they came from. */
  async flush(): Promise<void> {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = null;
    }
    this.commit();
    this.saving = this.saving.then(() => this.compact());
    await this.saving;
  }

  private scheduleCommit(): void {
    if (this.commitQueued) return;
    this.commitQueued = true;
    queueMicrotask(() => {
      this.commitQueued = false;
      this.commit();
    });
  }

  private scheduleCompaction(): void {
    if (this.compactionQueued) return;
    this.compactionQueued = true;
    this.saving = this.saving
      .then(() => {
        this.compactionQueued = false;
        return this.compact();
      })
      .catch(() => undefined);
  }

  /** Without a journal, the device files are all there is: write them a moment after a change. */
  private scheduleRetry(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      this.scheduleCompaction();
    }, RETRY_DELAY_MS);
    this.saveTimer.unref();
  }

  /**
   * Seals the journal segment, writes the devices changed since the last compaction to their files, then
   * removes the sealed segments. Changes made meanwhile go to the next segment (and may be written here
   * too: replaying them over newer files is harmless). A failed write keeps the segments for next time.
   */
  private async compact(): Promise<void> {
    this.commit();
    const sealed = this.journal ? await this.journal.seal() : undefined;
    await this.writePending();
    // Every device the sealed segments mention is in its files now (after a journal failure, newer than the
    // segments: they must go, or a start would replay them over the newer files). Journaling resumes.
    if (sealed !== undefined && sealed > 0) await this.journal!.removeThrough(sealed);
    this.journalFailure = undefined;
  }

  private async writePending(): Promise<void> {
    const ids = [...new Set([...this.tasksDirty, ...this.dirty])];
    const statusIds = new Set(this.dirty);
    const taskIds = new Set(this.tasksDirty);
    this.dirty.clear();
    this.tasksDirty.clear();
    const gone = [...this.deleted];
    this.deleted.clear();
    let firstError: unknown;
    for (const id of gone) {
      this.treeRevs.delete(id);
      for (const file of [this.fileOf(id), this.treeFileOf(id), this.tasksFileOf(id)]) await rm(file, { force: true }).catch((err: unknown) => (firstError ??= err));
    }
    for (const id of ids) {
      const record = this.devices.get(id);
      if (!record) continue;
      try {
        // Tasks first: a device read from the single-file format keeps its tasks there until its status is
        // rewritten without them.
        if (taskIds.has(id)) {
          const stored: StoredTasks = { version: 2, tasks: record.tasks };
          // Task parameters may carry passwords: owner-only.
          await writeFileAtomic(this.tasksFileOf(id), JSON.stringify(stored), 0o600);
          taskIds.delete(id);
        }
        if (statusIds.has(id)) await this.writeDevice(id, record);
      } catch (err) {
        // Keep it dirty so the next save tries again (disk full now need not mean data lost later).
        if (taskIds.has(id)) this.tasksDirty.add(id);
        this.dirty.add(id);
        firstError ??= err;
      }
    }
    if (firstError !== undefined) throw firstError;
  }

  /**
   * The tree snapshot first (only when the delta got large or nodes were removed), then the small file that
   * names it: a crash between the two leaves a snapshot newer than the delta, which `load` prefers.
   */
  private async writeDevice(id: string, record: DeviceRecord): Promise<void> {
    let treeRev = this.treeRevs.get(id) ?? 0;
    let delta = record.tree.pendingCount > MAX_DELTA_NODES ? null : record.tree.pendingDelta();
    if (delta === null) {
      const tree: StoredTree = { version: 2, rev: treeRev + 1, parameters: record.tree.takeSnapshot() };
      try {
        await writeFileAtomic(this.treeFileOf(id), JSON.stringify(tree), 0o600);
      } catch (err) {
        record.tree.snapshotFailed();
        throw err;
      }
      treeRev = tree.rev;
      this.treeRevs.set(id, treeRev);
      // Changes made while the snapshot was being written.
      delta = record.tree.pendingDelta() ?? [];
    }
    const stored: StoredDeviceV2 = {
      version: 2,
      info: record.info,
      cpeAuth: record.cpeAuth,
      connectionRequestAuth: record.connectionRequestAuth,
      treeRev,
      delta,
    };
    // Credentials are in here: owner-only.
    await writeFileAtomic(this.fileOf(id), JSON.stringify(stored), 0o600);
  }

  /** A side file of the split format; null when absent. */
  private async readJson<T extends { version: 2 }>(path: string, valid: (value: T) => boolean): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const value = JSON.parse(text) as T;
    if (value?.version !== 2 || !valid(value)) throw new Error(`${basename(path)} is not a device file`);
    return value;
  }

  /** Publishes `devices/changed` for devices whose online state flipped since the last check. */
  checkOnline(now = Date.now()): void {
    for (const record of this.devices.values()) {
      const online = this.isOnline(record, now);
      if (this.lastOnline.get(record.info.id) !== online) {
        this.lastOnline.set(record.info.id, online);
        this.hub.publish({ event: 'devices/changed', data: this.summary(record, now) });
      }
    }
  }

  private fileOf(id: string): string {
    return join(this.dir, `${encodeURIComponent(id)}.json`);
  }

  private treeFileOf(id: string): string {
    return join(this.dir, `${encodeURIComponent(id)}${TREE_SUFFIX}`);
  }

  private tasksFileOf(id: string): string {
    return join(this.dir, `${encodeURIComponent(id)}${TASKS_SUFFIX}`);
  }
}
