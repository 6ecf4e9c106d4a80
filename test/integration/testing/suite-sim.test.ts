import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseResult } from '../../../src-shared/testing/report';
import { listCases, runTests, UnknownCaseError } from '../../../src-main/testing/index';
import { startSimBench, type SimBench } from '../../../src-main/app/sim-bench';

let bench: SimBench;

beforeAll(async () => {
  bench = await startSimBench({ dataDir: mkdtempSync(join(tmpdir(), 'suite-sim-')) });
}, 60_000);

afterAll(async () => {
  await bench?.stop();
});

describe('the built-in suite against the clean simulator', () => {
  it('passes every case that applies (the rest are skipped, each with its reason)', async () => {
    const ends: CaseResult[] = [];
    const starts: string[] = [];
    const report = await runTests({
      bench: bench.workbench,
      deviceId: bench.deviceId,
      suites: ['builtin'],
      hooks: bench.hooks,
      onProgress: (e) => (e.type === 'case-start' ? starts.push(e.case.id) : ends.push(e.result)),
    });
    const all = await listCases({ suites: ['builtin'] });
    expect(report.cases.map((c) => c.id)).toEqual(all.map((c) => c.id));
    expect(starts).toEqual(all.map((c) => c.id));
    expect(ends).toEqual(report.cases);
    const bad = report.cases.filter((c) => c.verdict === 'fail' || c.verdict === 'error').map((c) => `${c.id}: ${c.reason}`);
    expect(bad).toEqual([]);
    for (const c of report.cases) {
      if (c.verdict === 'skip') expect(c.reason).not.toBe('');
      if (c.verdict === 'pass' && !c.destructive) expect(c.exchanges.length).toBeGreaterThan(0);
    }
    expect(report.summary.pass).toBeGreaterThan(report.cases.length / 2);
    expect(report.device).toBe(bench.deviceId);
    expect(report.firmware).not.toBe('');
  }, 180_000);

  it('runs the documented example scenario file: every case passes', async () => {
    const report = await runTests({ bench: bench.workbench, deviceId: bench.deviceId, suites: [join(__dirname, '../../../docs/examples/scenarios.yaml')], hooks: bench.hooks });
    expect(report.cases.length).toBeGreaterThanOrEqual(5);
    expect(report.cases.filter((c) => c.verdict !== 'pass').map((c) => `${c.id}: ${c.reason}`)).toEqual([]);
  }, 60_000);

  it('refuses an unknown case id before running anything', async () => {
    await expect(runTests({ bench: bench.workbench, deviceId: bench.deviceId, suites: ['builtin'], only: ['gpv.single', 'no.such-case'] })).rejects.toBeInstanceOf(UnknownCaseError);
    await expect(runTests({ bench: bench.workbench, deviceId: bench.deviceId, suites: ['builtin'], skip: ['nope'] })).rejects.toThrow(/nope/);
  });

  it('runs only the selected cases, lists skipped and destructive ones as skipped', async () => {
    const report = await runTests({ bench: bench.workbench, deviceId: bench.deviceId, suites: ['builtin'], only: ['gpv.single', 'gpv.invalid-name'], skip: ['gpv.invalid-name'] });
    expect(report.cases.map((c) => [c.id, c.verdict])).toEqual([['gpv.single', 'pass']]);
  });

  it('stops at once when aborted: remaining cases are listed as skipped', async () => {
    const ctl = new AbortController();
    const report = await runTests({
      bench: bench.workbench,
      deviceId: bench.deviceId,
      suites: ['builtin'],
      signal: ctl.signal,
      onProgress: (e) => {
        if (e.type === 'case-end' && e.result.id === 'gpv.single') ctl.abort();
      },
    });
    const after = report.cases.slice(report.cases.findIndex((c) => c.id === 'gpv.single') + 1);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((c) => c.verdict === 'skip' && /stopped/.test(c.reason))).toBe(true);
  }, 60_000);
});
