/**
 * The built-in CWMP test suite against the test bench simulator (one CPE over loopback HTTPS):
 * - wall time of the full non-destructive run (the issue aims under 60 s);
 * - the ACS-side time per case (the runner's own `durationMs`: RPCs, connection requests, waits for Informs),
 *   median, p90 and max, each against the same run's baseline: one bare GetParameterValues task with a
 *   connection request (CR → Inform session → GPV → response → end), the smallest thing a case can do.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TaskInfo } from '../src-shared/api/tasks';
import { runTests } from '../src-main/testing/index';
import { startSimBench, type SimBench } from '../src-main/app/sim-bench';
import type { BenchLine } from './types';

const BASELINE_ROUNDS = 7;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** One GPV task run at once through a connection request; resolves with its wall time in ms. */
async function gpvRoundTrip(bench: SimBench): Promise<number> {
  const { acs, hub } = bench.workbench;
  const t0 = performance.now();
  let done!: (t: TaskInfo) => void;
  const finished = new Promise<TaskInfo>((r) => (done = r));
  let taskId: string | undefined;
  const early: TaskInfo[] = [];
  const off = hub.subscribe((e) => {
    if (e.event !== 'tasks/changed' || !['done', 'fault', 'timed-out', 'cancelled'].includes(e.data.status)) return;
    if (taskId === undefined) early.push(e.data);
    else if (e.data.id === taskId) done(e.data);
  });
  try {
    const root = (await acs.handlers['devices/get']({ deviceId: bench.deviceId })).root ?? 'Device';
    ({ taskId } = await acs.handlers['tasks/create']({
      deviceId: bench.deviceId,
      rpc: { name: 'GetParameterValues', parameterNames: [`${root}.DeviceInfo.SoftwareVersion`] },
      connectionRequest: true,
    }));
    const seen = early.find((t) => t.id === taskId);
    const task = seen ?? (await finished);
    if (task.status !== 'done') throw new Error(`baseline GPV ended ${task.status}: ${task.message ?? ''}`);
    return performance.now() - t0;
  } finally {
    off();
  }
}

export async function run(): Promise<BenchLine[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-suite-'));
  const bench = await startSimBench({ dataDir });
  try {
    await gpvRoundTrip(bench); // warm-up: first TLS handshake, JIT
    const rounds: number[] = [];
    for (let i = 0; i < BASELINE_ROUNDS; i++) rounds.push(await gpvRoundTrip(bench));
    rounds.sort((a, b) => a - b);
    const baseline = quantile(rounds, 0.5);

    const t0 = performance.now();
    const report = await runTests({ bench: bench.workbench, deviceId: bench.deviceId, suites: ['builtin'], destructive: false, hooks: bench.hooks });
    const wall = (performance.now() - t0) / 1000;

    const ran = report.cases.filter((c) => c.verdict !== 'skip');
    const times = ran.map((c) => c.durationMs).sort((a, b) => a - b);
    const slowest = [...ran].sort((a, b) => b.durationMs - a.durationMs).slice(0, 3);
    const s = report.summary;
    const bad = report.cases.filter((c) => c.verdict === 'fail' || c.verdict === 'error').map((c) => `${c.id} ${c.verdict}: ${c.reason}`);
    const median = quantile(times, 0.5);
    const p90 = quantile(times, 0.9);
    const max = times[times.length - 1] ?? 0;
    return [
      {
        name: `suite: full non-destructive run, ${report.cases.length} cases, wall`,
        value: wall,
        unit: 's',
        note: `aim < 60 s; ${s.pass} pass, ${s.fail} fail, ${s.error} error, ${s.skip} skip${bad.length ? ` (not passing: ${bad.join('; ')})` : ''}`,
      },
      { name: 'suite: bare GPV session round trip (baseline)', value: baseline, unit: 'ms', note: `median of ${BASELINE_ROUNDS}, CR + Inform + GPV` },
      { name: `suite: ACS time per case, median of ${ran.length} run`, value: median, unit: 'ms', baseline, ratio: median / baseline },
      { name: 'suite: ACS time per case, p90', value: p90, unit: 'ms', baseline, ratio: p90 / baseline },
      {
        name: 'suite: ACS time per case, max',
        value: max,
        unit: 'ms',
        baseline,
        ratio: max / baseline,
        note: `slowest: ${slowest.map((c) => `${c.id} ${(c.durationMs / 1000).toFixed(1)} s`).join(', ')}`,
      },
      {
        name: 'suite: time in cases / wall',
        value: ran.reduce((sum, c) => sum + c.durationMs, 0) / 1000 / wall,
        unit: 'ratio',
        note: 'the rest is discovery at the start of the run',
      },
    ];
  } finally {
    await bench.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
