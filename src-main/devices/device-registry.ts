import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeviceDetail, DeviceSummary, ParameterNode } from '../../src-shared/api/devices';
import type { TaskInfo } from '../../src-shared/api/tasks';
import type { CwmpVersion, Inform } from '../../src-shared/cwmp/types';
import type { EventHub } from '../app/event-hub';
import { writeFileAtomic } from '../util/atomic-file';
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

interface StoredDevice {
  version: 1;
  info: DeviceRecord['info'];
  cpeAuth: Credentials | null;
  connectionRequestAuth: Credentials | null;
  parameters: ParameterNode[];
  tasks: TaskInfo[];
}

/** Finished tasks kept per device; older ones are dropped when a new one finishes. */
const FINISHED_TASKS_KEPT = 200;
const SAVE_DELAY_MS = 250;

/** `OUI-ProductClass-SerialNumber`, the device's key everywhere. */
export function deviceKey(id: Inform['deviceId']): string {
  return `${id.oui}-${id.productClass}-${id.serialNumber}`;
}

/**
 * The devices on the bench, their parameter trees and task lists. Files in `<dataDir>/devices/`, one per
 * device, written atomically a moment after each change (and all at once on `flush`).
 */
export class DeviceRegistry {
  private readonly devices = new Map<string, DeviceRecord>();
  private readonly dirty = new Set<string>();
  private readonly deleted = new Set<string>();
  private saveTimer: NodeJS.Timeout | null = null;
  private saving: Promise<void> = Promise.resolve();
  private readonly lastOnline = new Map<string, boolean>();
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
      if (!file.endsWith('.json')) continue;
      try {
        const stored = JSON.parse(await readFile(join(this.dir, file), 'utf8')) as StoredDevice;
        if (stored.version !== 1 || typeof stored.info?.id !== 'string') throw new Error('not a device file');
        this.devices.set(stored.info.id, {
          info: stored.info,
          cpeAuth: stored.cpeAuth ?? null,
          connectionRequestAuth: stored.connectionRequestAuth ?? null,
          tree: new ParameterStore(stored.parameters ?? []),
          tasks: stored.tasks ?? [],
        });
      } catch (err) {
        errors.push(`${file}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return { loaded: this.devices.size, errors };
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
      this.deleted.delete(id);
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
    this.deleted.add(id);
    this.scheduleSave();
    this.hub.publish({ event: 'devices/removed', data: { deviceId: id } });
    return true;
  }

  /** Publishes the device's summary and schedules a save. */
  touch(id: string): void {
    const record = this.devices.get(id);
    if (!record) return;
    this.markDirty(id);
    const summary = this.summary(record);
    this.lastOnline.set(id, summary.online);
    this.hub.publish({ event: 'devices/changed', data: summary });
  }

  parametersChanged(id: string, paths: string[]): void {
    if (paths.length === 0) return;
    this.markDirty(id);
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

  markDirty(id: string): void {
    this.dirty.add(id);
    this.scheduleSave();
  }

  /** Writes every pending change now. */
  async flush(): Promise<void> {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = null;
    }
    this.saving = this.saving.then(() => this.writePending());
    await this.saving;
  }

  private scheduleSave(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      this.saving = this.saving.then(() => this.writePending()).catch(() => undefined);
    }, SAVE_DELAY_MS);
    this.saveTimer.unref();
  }

  private async writePending(): Promise<void> {
    const ids = [...this.dirty];
    this.dirty.clear();
    const gone = [...this.deleted];
    this.deleted.clear();
    let firstError: unknown;
    for (const id of gone) await rm(this.fileOf(id), { force: true }).catch((err: unknown) => (firstError ??= err));
    for (const id of ids) {
      const record = this.devices.get(id);
      if (!record) continue;
      const stored: StoredDevice = {
        version: 1,
        info: record.info,
        cpeAuth: record.cpeAuth,
        connectionRequestAuth: record.connectionRequestAuth,
        parameters: record.tree.list(),
        tasks: record.tasks,
      };
      try {
        // Credentials are in here: owner-only.
        await writeFileAtomic(this.fileOf(id), JSON.stringify(stored), 0o600);
      } catch (err) {
        // Keep it dirty so the next save tries again (disk full now need not mean data lost later).
        this.dirty.add(id);
        firstError ??= err;
      }
    }
    if (firstError !== undefined) throw firstError;
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
}
