/**
 * A CPE that vanishes mid-run: the case that meets it ends as error, and every case after it ends as error
 * at once (no waiting per case), while the report still lists every selected case.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CaseResult } from '../../../src-shared/testing/report';
import { listCases, runTests } from '../../../src-main/testing/index';
import { startSimBench, type SimBench } from '../../../src-main/app/sim-bench';

let bench: SimBench;

beforeAll(async () => {
  bench = await startSimBench({ dataDir: mkdtempSync(join(tmpdir(), 'suite-vanish-')) });
}, 90_000);

afterAll(async () => {
  await bench?.stop();
});

it('a device that disappears mid-run: the cases from there on end as error, none is left out', async () => {
  const all = await listCases({ suites: ['builtin'] });
  const ends: CaseResult[] = [];
  let stopping: Promise<void> | undefined;
  const report = await runTests({
    bench: bench.workbench,
    deviceId: bench.deviceId,
    suites: ['builtin'],
    hooks: bench.hooks,
    onProgress: (e) => {
      if (e.type !== 'case-end') return;
      ends.push(e.result);
      // The CPE goes away between sessions (its connection-request listener closes): inform.cwmp-id ends
      // once its session is over.
      if (e.result.id === 'inform.cwmp-id') stopping = bench.simulator.stop();
    },
  });
  await stopping;
  expect(report.cases.map((c) => c.id)).toEqual(all.map((c) => c.id));
  const at = report.cases.findIndex((c) => c.id === 'inform.cwmp-id');
  const before = report.cases.slice(0, at + 1);
  const after = report.cases.slice(at + 1).filter((c) => !c.destructive);
  expect(before.every((c) => c.verdict === 'pass' || c.verdict === 'skip')).toBe(true);
  expect(after.length).toBeGreaterThan(50);
  expect(after.map((c) => c.verdict)).toEqual(after.map(() => 'error'));
  // One case found out (its request was refused); all the others were told at once.
  const gone = after.filter((c) => /the device is gone/.test(c.reason));
  expect(gone.length).toBeGreaterThanOrEqual(after.length - 1);
  expect(after[0].reason).toMatch(/refused|no longer answers|gone/);
}, 120_000);
