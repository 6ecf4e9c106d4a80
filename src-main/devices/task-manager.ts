import { randomBytes } from 'node:crypto';
import { NotFoundError } from '../../src-shared/errors/domain-error';
import type { RawRequest, ReadFollowUp, TaskInfo, TaskStatus } from '../../src-shared/tasks/types';
import type { OutgoingRequest } from '../../src-shared/cwmp/session';
import type { AcsRequest, CpeResponse, DUStateChangeComplete, Fault, TransferComplete, UnknownRpc } from '../../src-shared/cwmp/types';
import type { EventHub } from '../runtime/event-hub';
import { applyTaskResult } from './apply-result';
import type { DeviceRecord, DeviceRegistry } from './device-registry';
import type { PendingTasks } from './pending-tasks';
import { parseTaskRpc } from '../../src-shared/tasks/request-schema';

const taskIdAt = (now: number): string => `t-${now.toString(36)}-${randomBytes(4).toString('hex')}`;

interface FollowUp {
  rpc: AcsRequest;
  followUp?: ReadFollowUp;
}

/**
 * What the ACS reads next, in the same session, after a task succeeded: for a tree read, the values (and
 * attributes) of the names found; after AddObject, the new instance and its table's entry count; after
 * DeleteObject, the entry count. So the tree never shows a stale count or a half-known instance.
 */
function followUpRequests(task: TaskInfo, result: CpeResponse | UnknownRpc, known: (path: string) => boolean): FollowUp[] {
  const rpc = task.rpc;
  if (rpc.name === 'GetParameterNames' && task.followUp && result.name === 'GetParameterNamesResponse') {
    // A full-depth read asks by the partial path (one short request); a next-level read by the leaves found.
    const names = rpc.nextLevel ? result.parameterList.map((p) => p.name).filter((n) => !n.endsWith('.')) : [rpc.parameterPath];
    if (names.length === 0) return [];
    const out: FollowUp[] = [{ rpc: { name: 'GetParameterValues', parameterNames: names } }];
    if (task.followUp === 'values-and-attributes') out.push({ rpc: { name: 'GetParameterAttributes', parameterNames: names } });
    return out;
  }
  if ((rpc.name === 'AddObject' && result.name === 'AddObjectResponse') || (rpc.name === 'DeleteObject' && result.name === 'DeleteObjectResponse')) {
    const out: FollowUp[] = [];
    if (result.name === 'AddObjectResponse') {
      out.push({ rpc: { name: 'GetParameterNames', parameterPath: `${rpc.objectName}${result.instanceNumber}.`, nextLevel: false }, followUp: 'values' });
    }
    // TR-106's naming: the table Device.WiFi.SSID.{i}. is counted by Device.WiFi.SSIDNumberOfEntries.
    const table = rpc.name === 'AddObject' ? rpc.objectName : rpc.objectName.replace(/\d+\.$/, '');
    const count = `${table.replace(/\.$/, '')}NumberOfEntries`;
    if (known(count)) out.push({ rpc: { name: 'GetParameterValues', parameterNames: [count] } });
    return out;
  }
  return [];
}

/** Requests whose completion is announced later by a TransferComplete carrying their CommandKey. */
const TRANSFERS: ReadonlySet<string> = new Set(['Download', 'Upload', 'ScheduleDownload']);

/**
 * Every device's task queue: what the ACS will send in the device's next session, in order, and what
 * came of it. Tasks live in the device records (so they persist with them); this class keeps an index.
 */
export class TaskManager {
  private readonly index = new Map<string, string>(); // taskId → deviceId
  private sweepTimer: NodeJS.Timeout | null = null;
  private sweeping = false;

  constructor(
    private readonly registry: DeviceRegistry,
    private readonly hub: EventHub,
    private readonly transferTimeoutMs: () => number,
    /** Tasks for devices not seen yet (absent: tasks need a known device). */
    private readonly pending?: PendingTasks,
  ) {
    const now = Date.now();
    for (const record of registry.all()) {
      for (const task of record.tasks) {
        this.index.set(task.id, record.info.id);
        // Sent before the ACS went away without stopping: that session is gone. (Transfers keep waiting.)
        if (task.status === 'sent' && task.result === undefined) {
          task.status = 'timed-out';
          task.finishedAt = now;
          task.message = 'The ACS stopped before the CPE answered';
          registry.markDirty(record.info.id);
        }
      }
    }
  }

  /** Checks transfers waiting for their TransferComplete now and then (often enough for short timeouts). */
  startSweeping(): void {
    this.sweeping = true;
    const tick = (): void => {
      if (!this.sweeping) return;
      this.sweepTransfers(Date.now());
      const every = Math.min(5_000, Math.max(50, this.transferTimeoutMs() / 4));
      this.sweepTimer = setTimeout(tick, every);
      this.sweepTimer.unref();
    };
    tick();
  }

  stop(): void {
    this.sweeping = false;
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    this.sweepTimer = null;
  }

  /**
   * Queues a task for a device named by its full id or its serial number. A device the ACS has not heard
   * from yet gets it on its first Inform (the bench is prepared before the CPE is powered on).
   */
  create(deviceId: string, input: { name: string; [field: string]: unknown }, now = Date.now(), followUp?: ReadFollowUp): TaskInfo {
    const record = this.resolve(deviceId);
    const rpc = parseTaskRpc(input);
    const id = taskIdAt(now);
    if (!record) {
      if (!this.pending) throw new NotFoundError(`No device ${deviceId}`);
      const task: TaskInfo = { id, deviceId, rpc, status: 'queued', createdAt: now, message: `Waiting for the first Inform of ${deviceId}`, ...(followUp ? { followUp } : {}) };
      this.pending.add(deviceId, task);
      this.hub.publish({ event: 'tasks/changed', data: { ...task } });
      return task;
    }
    const task: TaskInfo = { id, deviceId: record.info.id, rpc, status: 'queued', createdAt: now, ...(followUp ? { followUp } : {}) };
    record.tasks.push(task);
    this.index.set(task.id, record.info.id);
    this.changed(record, task);
    return task;
  }

  /** A known device by full id, or by serial number when exactly one device has it. */
  private resolve(deviceId: string): DeviceRecord | undefined {
    const record = this.registry.get(deviceId);
    if (record) return record;
    const bySerial = this.registry.all().filter((r) => r.info.serialNumber === deviceId);
    return bySerial.length === 1 ? bySerial[0] : undefined;
  }

  /**
   * A device informed: the tasks queued for it before it was known (by full id or serial) join its queue,
   * ahead of nothing it already had. Returns how many were adopted.
   */
  adoptPending(record: DeviceRecord): number {
    if (!this.pending) return 0;
    const adopted = this.pending.take(record.info.id, record.info.serialNumber);
    for (const task of adopted) {
      task.deviceId = record.info.id;
      if (task.status === 'queued') delete task.message;
      record.tasks.push(task);
      this.index.set(task.id, record.info.id);
      this.changed(record, task);
    }
    return adopted.length;
  }

  get(taskId: string): TaskInfo | undefined {
    return this.locate(taskId)?.task ?? this.pending?.find(taskId);
  }

  list(deviceId: string): TaskInfo[] {
    const record = this.resolve(deviceId);
    if (record) return [...record.tasks];
    if (this.pending?.has(deviceId)) return this.pending.list(deviceId);
    throw new NotFoundError(`No device ${deviceId}`);
  }

  /** Cancels a task that has not gone out yet (or a transfer still waiting for its TransferComplete). */
  cancel(taskId: string, now = Date.now()): boolean {
    const found = this.locate(taskId);
    const waiting = found ? undefined : this.pending?.find(taskId);
    if (waiting) {
      if (waiting.status !== 'queued') return false;
      Object.assign(waiting, { status: 'cancelled', finishedAt: now, message: 'Cancelled before the device first informed' });
      this.pending?.changed();
      this.hub.publish({ event: 'tasks/changed', data: { ...waiting } });
      return true;
    }
    if (!found) throw new NotFoundError(`No task ${taskId}`);
    const { record, task } = found;
    const waitingTransfer = task.status === 'sent' && task.result !== undefined;
    if (task.status !== 'queued' && !waitingTransfer) return false;
    this.finish(record, task, 'cancelled', now, { message: waitingTransfer ? 'Cancelled while waiting for TransferComplete (the CPE was not told)' : 'Cancelled before it was sent' });
    return true;
  }

  /** The first task not yet sent, in the session machine's terms. */
  nextOutgoing(deviceId: string): OutgoingRequest | null {
    const task = this.registry.get(deviceId)?.tasks.find((t) => t.status === 'queued');
    if (!task) return null;
    return task.rpc.name === 'Raw' ? { taskId: task.id, raw: (task.rpc as RawRequest).xml } : { taskId: task.id, rpc: task.rpc as AcsRequest };
  }

  markSent(taskId: string, cwmpId: string | undefined, now = Date.now()): void {
    const found = this.locate(taskId);
    if (!found) return;
    const { record, task } = found;
    task.status = 'sent';
    task.sentAt = now;
    if (cwmpId !== undefined) task.cwmpId = cwmpId;
    this.changed(record, task);
  }

  complete(taskId: string, result: CpeResponse | UnknownRpc, now = Date.now()): void {
    const found = this.locate(taskId);
    if (!found) return;
    const { record, task } = found;
    const paths = applyTaskResult(record.tree, task.rpc, result, now);
    this.registry.parametersChanged(record.info.id, paths);
    const status = (result as { status?: number }).status;
    if (TRANSFERS.has(task.rpc.name) && (task.rpc.name === 'ScheduleDownload' || status === 1)) {
      // Accepted, not done: the TransferComplete (maybe in a later session) finishes it.
      task.result = result;
      task.message = `Waiting for TransferComplete with CommandKey "${(task.rpc as { commandKey: string }).commandKey}"`;
      this.changed(record, task);
      return;
    }
    this.finish(record, task, 'done', now, { result });
    const followUps = followUpRequests(task, result, (path) => record.tree.get(path) !== undefined);
    if (followUps.length) this.queueFollowUps(record, task, followUps, now);
    if (task.rpc.name === 'CancelTransfer') this.cancelledByCpe(record, task.rpc.commandKey, task.id, now);
  }

  /** Queues requests right after the task that asked for them, so the session that carried it sends them too. */
  private queueFollowUps(record: DeviceRecord, parent: TaskInfo, followUps: FollowUp[], now: number): void {
    const at = record.tasks.indexOf(parent) + 1;
    const queued = followUps.map(({ rpc, followUp }, i): TaskInfo => ({
      id: taskIdAt(now + i),
      deviceId: record.info.id,
      rpc,
      status: 'queued',
      createdAt: now,
      parentTaskId: parent.id,
      ...(followUp ? { followUp } : {}),
    }));
    record.tasks.splice(at, 0, ...queued);
    parent.followUpTaskIds = queued.map((t) => t.id);
    for (const t of queued) {
      this.index.set(t.id, record.info.id);
      this.changed(record, t);
    }
    this.changed(record, parent);
  }

  /** The CPE accepted a CancelTransfer: the transfers it waits on with that CommandKey will never complete. */
  private cancelledByCpe(record: DeviceRecord, commandKey: string, byTaskId: string, now: number): void {
    for (const t of record.tasks) {
      if (t.status !== 'sent' || t.result === undefined || !TRANSFERS.has(t.rpc.name)) continue;
      if ((t.rpc as { commandKey: string }).commandKey !== commandKey) continue;
      this.finish(record, t, 'cancelled', now, { message: `Cancelled by the CPE's answer to CancelTransfer (task ${byTaskId})` });
    }
  }

  fault(taskId: string, fault: Fault, now = Date.now()): void {
    const found = this.locate(taskId);
    if (!found) return;
    const { record, task } = found;
    this.finish(record, task, 'fault', now, { fault, message: `Fault ${fault.faultCode}: ${fault.faultString}` });
  }

  timeout(taskId: string, message: string, now = Date.now()): void {
    const found = this.locate(taskId);
    if (!found || (found.task.status !== 'sent' && found.task.status !== 'queued')) return;
    this.finish(found.record, found.task, 'timed-out', now, { message });
  }

  /** Finishes the transfer task with this CommandKey. Returns it, or null when none was waiting. */
  transferComplete(deviceId: string, tc: TransferComplete, now = Date.now()): TaskInfo | null {
    const record = this.registry.get(deviceId);
    if (!record) return null;
    const task = record.tasks.find(
      (t) => t.status === 'sent' && TRANSFERS.has(t.rpc.name) && (t.rpc as { commandKey: string }).commandKey === tc.commandKey,
    );
    if (!task) return null;
    const outcome = { faultCode: tc.faultStruct.faultCode, faultString: tc.faultStruct.faultString, startTime: tc.startTime, completeTime: tc.completeTime };
    task.transferComplete = outcome;
    if (outcome.faultCode === 0) {
      this.finish(record, task, 'done', now, { message: 'TransferComplete received' });
    } else {
      const fault: Fault = { name: 'Fault', soapFaultCode: 'Client', soapFaultString: 'CWMP fault', faultCode: outcome.faultCode, faultString: outcome.faultString };
      this.finish(record, task, 'fault', now, { fault, message: `TransferComplete reported fault ${outcome.faultCode}: ${outcome.faultString}` });
    }
    return task;
  }

  /** Attaches a DUStateChangeComplete to the newest ChangeDUState task with its CommandKey. */
  duStateChangeComplete(deviceId: string, rpc: DUStateChangeComplete, now = Date.now()): TaskInfo | null {
    const record = this.registry.get(deviceId);
    if (!record) return null;
    const task = [...record.tasks].reverse().find((t) => t.rpc.name === 'ChangeDUState' && t.rpc.commandKey === rpc.commandKey && t.status !== 'queued');
    if (!task) return null;
    task.duStateChangeComplete = { results: rpc.results, receivedAt: now };
    const failed = rpc.results.filter((r) => r.fault.faultCode !== 0);
    task.message = failed.length
      ? `DUStateChangeComplete: ${failed.length} of ${rpc.results.length} operations failed (${failed.map((r) => r.fault.faultCode).join(', ')})`
      : `DUStateChangeComplete: ${rpc.results.length} operations succeeded`;
    this.changed(record, task);
    return task;
  }

  /** Times out transfers whose TransferComplete never came. */
  sweepTransfers(now: number): void {
    const limit = this.transferTimeoutMs();
    for (const record of this.registry.all()) {
      for (const task of record.tasks) {
        if (task.status !== 'sent' || !TRANSFERS.has(task.rpc.name) || task.result === undefined) continue;
        // The transfer may legitimately start late: after DelaySeconds, or at the end of its time windows.
        const rpc = task.rpc;
        const startBy = rpc.name === 'ScheduleDownload'
          ? Math.max(0, ...(rpc.timeWindowList ?? []).map((w) => Number(w.windowEnd) || 0)) * 1000
          : rpc.name === 'Download' || rpc.name === 'Upload' ? (Number(rpc.delaySeconds) || 0) * 1000 : 0;
        const waited = now - (task.sentAt ?? task.createdAt);
        if (waited < startBy + limit) continue;
        const key = (rpc as { commandKey: string }).commandKey;
        this.finish(record, task, 'timed-out', now, {
          message: `No TransferComplete with CommandKey "${key}" within ${Math.round((startBy + limit) / 1000)} s of the ${rpc.name}`,
        });
      }
    }
  }

  /** Forgets the tasks of a deleted device. */
  forgetDevice(record: DeviceRecord): void {
    for (const task of record.tasks) this.index.delete(task.id);
  }

  private finish(
    record: DeviceRecord,
    task: TaskInfo,
    status: TaskStatus,
    now: number,
    extra: { result?: TaskInfo['result']; fault?: Fault; message?: string },
  ): void {
    task.status = status;
    task.finishedAt = now;
    if (extra.result !== undefined) task.result = extra.result;
    if (extra.fault !== undefined) task.fault = extra.fault;
    if (extra.message !== undefined) task.message = extra.message;
    else delete task.message;
    for (const dropped of this.registry.pruneTasks(record)) this.index.delete(dropped.id);
    this.changed(record, task);
  }

  private changed(record: DeviceRecord, task: TaskInfo): void {
    this.hub.publish({ event: 'tasks/changed', data: { ...task } });
    this.registry.tasksChanged(record.info.id, task.id);
    this.registry.touch(record.info.id);
  }

  private locate(taskId: string): { record: DeviceRecord; task: TaskInfo } | undefined {
    const deviceId = this.index.get(taskId);
    const record = deviceId === undefined ? undefined : this.registry.get(deviceId);
    const task = record?.tasks.find((t) => t.id === taskId);
    return record && task ? { record, task } : undefined;
  }
}
