import { readFile } from 'node:fs/promises';
import type { TaskInfo } from '../../src-shared/api/tasks';
import { writeFileAtomic } from '../util/atomic-file';

/** One task and the name it waits under: a full device id or a serial number. */
interface PendingTask {
  target: string;
  task: TaskInfo;
}

interface StoredPending {
  version: 1;
  /** In the order they were queued. */
  tasks: PendingTask[];
}

/**
 * Tasks queued for a device the ACS has not heard from yet — a bench prepared before the CPE is powered
 * on. Each waits under what the user named the device by: the full id (`OUI-ProductClass-Serial`) or the
 * serial number. The device's first Inform adopts them (`take`), in the order they were queued. One small
 * file, rewritten atomically on each change.
 */
export class PendingTasks {
  private entries: PendingTask[] = [];
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {}

  /** Reads the file; returns what could not be read (the tasks in it are then dropped). */
  async load(): Promise<string[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    try {
      const stored = JSON.parse(text) as StoredPending;
      if (stored?.version !== 1 || !Array.isArray(stored.tasks)) throw new Error('not a pending-tasks file');
      this.entries = stored.tasks.filter((e) => typeof e?.target === 'string' && typeof e.task?.id === 'string');
      return [];
    } catch (err) {
      return [`${this.file}: ${err instanceof Error ? err.message : String(err)}`];
    }
  }

  has(target: string): boolean {
    return this.entries.some((e) => e.target === target);
  }

  list(target: string): TaskInfo[] {
    return this.entries.filter((e) => e.target === target).map((e) => e.task);
  }

  /** Every waiting task, whichever device it waits for. */
  all(): TaskInfo[] {
    return this.entries.map((e) => e.task);
  }

  find(taskId: string): TaskInfo | undefined {
    return this.entries.find((e) => e.task.id === taskId)?.task;
  }

  add(target: string, task: TaskInfo): void {
    this.entries.push({ target, task });
    this.save();
  }

  /** A task changed in place (cancelled): persist it. */
  changed(): void {
    this.save();
  }

  /** Removes and returns the tasks waiting for this device under its full id or its serial number. */
  take(deviceId: string, serialNumber: string): TaskInfo[] {
    const mine = (e: PendingTask): boolean => e.target === deviceId || e.target === serialNumber;
    const out = this.entries.filter(mine).map((e) => e.task);
    if (out.length === 0) return out;
    this.entries = this.entries.filter((e) => !mine(e));
    this.save();
    return out;
  }

  /** Resolves once every change so far is on disk. */
  flush(): Promise<void> {
    return this.saving;
  }

  private save(): void {
    const text = JSON.stringify({ version: 1, tasks: this.entries } satisfies StoredPending);
    // Task parameters may carry passwords: owner-only. Saves run one after another; the last one wins.
    this.saving = this.saving.then(() => writeFileAtomic(this.file, text, 0o600)).catch(() => undefined);
  }
}
