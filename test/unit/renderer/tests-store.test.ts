import { describe, expect, it } from 'vitest';
import type { TestRun } from '../../../src-shared/api/tests';
import type { CaseInfo } from '../../../src-shared/testing/report';
import type { Caller } from '../../../src-renderer/src/state/caller';
import { areasOf, createTestsStore, filterRows, runRows } from '../../../src-renderer/src/state/tests';

const CASES: CaseInfo[] = [
  { id: 'gpv.a', title: 'GPV a', area: 'GPV', section: 'A.3.2.2', requirement: 'mandatory', destructive: false },
  { id: 'gpv.b', title: 'GPV b', area: 'GPV', section: 'A.3.2.2', requirement: 'mandatory', destructive: false },
  { id: 'reboot', title: 'Reboot', area: 'Reboot', section: 'A.3.2.9', requirement: 'mandatory', destructive: true },
  { id: 'spv.a', title: 'SPV a', area: 'SPV', section: 'A.3.2.1', requirement: 'optional', destructive: false },
];

function run(over: Partial<TestRun> = {}): TestRun {
  return {
    runId: 'r1',
    deviceId: 'D',
    status: 'running',
    firmware: '1',
    startedAt: '2026-12-07T00:00:00.000Z',
    durationMs: 0,
    total: 3,
    done: 0,
    summary: { pass: 0, fail: 0, skip: 0, error: 0 },
    selected: CASES.slice(0, 3),
    report: { device: 'D', firmware: '1', startedAt: '2026-12-07T00:00:00.000Z', durationMs: 0, cases: [], summary: { pass: 0, fail: 0, skip: 0, error: 0 } },
    ...over,
  };
}

function fakeApi(): Caller & { calls: Array<[string, unknown]> } {
  const calls: Array<[string, unknown]> = [];
  return {
    calls,
    call: (async (method: string, params: unknown) => {
      calls.push([method, params]);
      if (method === 'tests/cases') return { cases: CASES };
      if (method === 'tests/start') return { ...run(), selected: undefined, report: undefined };
      if (method === 'tests/get') return run();
      if (method === 'tests/runs') return { runs: [] };
      throw new Error(`unexpected ${method}`);
    }) as Caller['call'],
  };
}

describe('tests slice', () => {
  it('picks every safe case by default; an area never ticks its destructive cases', async () => {
    const s = createTestsStore(fakeApi());
    await s.getState().loadCases();
    expect(Object.keys(s.getState().picked).sort()).toEqual(['gpv.a', 'gpv.b', 'spv.a']);
    s.getState().pickNone();
    s.getState().setArea('Reboot', true);
    s.getState().setArea('GPV', true);
    expect(Object.entries(s.getState().picked).filter(([, on]) => on).map(([id]) => id)).toEqual(['gpv.a', 'gpv.b']);
    s.getState().setArea('GPV', false);
    expect(Object.values(s.getState().picked).some(Boolean)).toBe(false);
  });

  it('starts a run with the picked cases, allowing destructive ones only when one was ticked', async () => {
    const api = fakeApi();
    const s = createTestsStore(api);
    await s.getState().loadCases();
    await s.getState().start('D');
    s.getState().toggleCase('reboot');
    await s.getState().start('D');
    const starts = api.calls.filter(([m]) => m === 'tests/start').map(([, p]) => p);
    expect(starts).toEqual([
      { deviceId: 'D', only: ['gpv.a', 'gpv.b', 'spv.a'], destructive: false },
      { deviceId: 'D', only: ['gpv.a', 'gpv.b', 'reboot', 'spv.a'], destructive: true },
    ]);
    s.getState().pickNone();
    await s.getState().start('D');
    expect(s.getState().error).toMatch(/at least one/);
  });

  it('applies progress to the run on screen and to the device’s run list', async () => {
    const s = createTestsStore(fakeApi());
    s.setState({ run: run(), deviceId: 'D' });
    const result = { ...CASES[0], verdict: 'fail' as const, reason: 'no', durationMs: 3, exchanges: [4], exchangeIds: ['x4'] };
    s.getState().applyProgress({ run: { ...run(), selected: undefined, report: undefined, done: 1, summary: { pass: 0, fail: 1, skip: 0, error: 0 } } as never, result });
    expect(s.getState().run?.report.cases).toEqual([result]);
    expect(s.getState().run?.done).toBe(1);
    expect(s.getState().runs.D.map((r) => r.runId)).toEqual(['r1']);
  });

  it('lists every selected case, pending ones without verdict, and filters by verdict, area and text', () => {
    const r = run({ report: { ...run().report, cases: [{ ...CASES[1], verdict: 'fail', reason: 'wrong fault', durationMs: 1, exchanges: [] }] } });
    const rows = runRows(r);
    expect(rows.map((x) => [x.id, x.verdict ?? null])).toEqual([
      ['gpv.a', null],
      ['gpv.b', 'fail'],
      ['reboot', null],
    ]);
    expect(filterRows(rows, { verdict: 'fail', area: 'all', text: '' }).map((x) => x.id)).toEqual(['gpv.b']);
    expect(filterRows(rows, { verdict: 'all', area: 'Reboot', text: '' }).map((x) => x.id)).toEqual(['reboot']);
    expect(filterRows(rows, { verdict: 'all', area: 'all', text: 'WRONG' }).map((x) => x.id)).toEqual(['gpv.b']);
    expect(areasOf(CASES).map((a) => [a.area, a.cases.length])).toEqual([
      ['GPV', 2],
      ['Reboot', 1],
      ['SPV', 1],
    ]);
  });
});
