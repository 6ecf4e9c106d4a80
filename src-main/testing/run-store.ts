/**
 * Test runs kept per device in the data directory: `test-runs/<device>/<runId>.json`, one file a run,
 * rewritten atomically after every case so a kill -9 loses at most the case in flight. A run found
 * `running` on load belonged to a workbench that went away: it is marked `interrupted`.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestRun, TestRunInfo } from '../../src-shared/api/tests';
import { writeFileAtomic } from '../util/atomic-file';

/** A device id as a directory name: ids are OUI-ProductClass-Serial, but a CPE chooses the last two. */
function dirName(deviceId: string): string {
  return encodeURIComponent(deviceId).replace(/\./g, '%2E');
}

const RUN_ID = /^[a-z0-9-]{1,64}$/;

export function infoOf(run: TestRun): TestRunInfo {
  const { selected: _s, report: _r, ...info } = run;
  return info;
}

export class RunStore {
  private readonly runs = new Map<string, TestRun>();
  private loaded?: Promise<void>;
  /** Writes per run, chained so an older state never lands after a newer one. */
  private readonly writes = new Map<string, Promise<void>>();

  constructor(private readonly dir: string) {}

  load(): Promise<void> {
    this.loaded ??= this.readAll();
    return this.loaded;
  }

  private async readAll(): Promise<void> {
    let devices: string[];
    try {
      devices = await readdir(this.dir);
    } catch {
      return;
    }
    for (const d of devices) {
      let files: string[];
      try {
        files = await readdir(join(this.dir, d));
      } catch {
        continue;
      }
      for (const f of files) {
        if (!f.endsWith('.json')) continue;
        try {
          const run = JSON.parse(await readFile(join(this.dir, d, f), 'utf8')) as TestRun;
          if (typeof run.runId !== 'string' || !RUN_ID.test(run.runId) || typeof run.deviceId !== 'string' || !run.report) continue;
          if (run.status === 'running') {
            run.status = 'interrupted';
            run.current = undefined;
            run.message = 'the workbench stopped during the run';
          }
          this.runs.set(run.runId, run);
        } catch {
          // A file that does not parse (hand-edited, disk trouble) is left alone rather than failing the rest.
        }
      }
    }
  }

  get(runId: string): TestRun | undefined {
    return this.runs.get(runId);
  }

  /** A device's runs, newest first. */
  list(deviceId: string): TestRun[] {
    return [...this.runs.values()].filter((r) => r.deviceId === deviceId).sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.runId.localeCompare(a.runId));
  }

  /** Keeps the run (in memory at once, on disk in order). */
  save(run: TestRun): Promise<void> {
    this.runs.set(run.runId, run);
    const text = JSON.stringify(run);
    const path = join(this.dir, dirName(run.deviceId), `${run.runId}.json`);
    const prev = this.writes.get(run.runId) ?? Promise.resolve();
    const next = prev.then(() => writeFileAtomic(path, text));
    const settled = next.catch(() => undefined);
    this.writes.set(run.runId, settled);
    void settled.then(() => {
      if (this.writes.get(run.runId) === settled) this.writes.delete(run.runId);
    });
    return next;
  }

  /** Resolves when every write so far has landed. */
  async flush(): Promise<void> {
    await Promise.all([...this.writes.values()]);
  }
}
