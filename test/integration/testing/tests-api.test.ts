/**
 * The tests/* API through the real composition root (the same handlers the UI and HTTP API reach): a run on a
 * simulated CPE with progress events, a stop mid-run, and the runs surviving a restart of the workbench.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../../src-shared/api/index';
import type { TestProgressEvent } from '../../../src-shared/api/tests';
import { createWorkbench, type Workbench } from '../../../src-main/app/workbench';
import { awaitInform } from '../../../src-main/testing/await-device';
import { copyTemplate, keyedTemplate, loopbackOptions } from '../workbench-helpers';

let template: string;
let dir: string;
let wb: Workbench;
let deviceId: string;

async function start(): Promise<Workbench> {
  const w = await createWorkbench(loopbackOptions(dir, { sim: 1, serveUi: false, record: false }));
  const since = Date.now();
  await w.start();
  const d = await awaitInform(w, { since, timeoutMs: 20_000 });
  if (!d) throw new Error('the simulated CPE did not inform');
  deviceId = d.id;
  return w;
}

function progress(w: Workbench): { events: TestProgressEvent[]; ended(runId: string): Promise<TestProgressEvent>; off(): void } {
  const events: TestProgressEvent[] = [];
  const waiters: Array<() => void> = [];
  const off = w.hub.subscribe((e: ApiEvent) => {
    if (e.event !== 'tests/progress') return;
    events.push(e.data);
    for (const wake of waiters.splice(0)) wake();
  });
  return {
    events,
    off,
    async ended(runId) {
      for (;;) {
        const end = events.find((p) => p.run.runId === runId && p.run.status !== 'running');
        if (end) return end;
        await new Promise<void>((r) => waiters.push(r));
      }
    },
  };
}

beforeAll(async () => {
  template = await keyedTemplate('tests-api');
  dir = copyTemplate(template, 'tests-api');
  wb = await start();
}, 60_000);

afterAll(async () => {
  await wb?.stop();
  for (const d of [dir, template]) if (d) await rm(d, { recursive: true, force: true });
});

describe('tests/* over the workbench', () => {
  it('lists the built-in cases', async () => {
    const { cases } = await wb.handlers['tests/cases']({});
    expect(cases.length).toBeGreaterThan(30);
    expect(cases.find((c) => c.id === 'gpv.single')).toMatchObject({ area: 'GetParameterValues', destructive: false });
  });

  it('runs a selection, streaming each case as it ends, and refuses an unknown id', async () => {
    await expect(wb.handlers['tests/start']({ deviceId, only: ['gpv.nope'] })).rejects.toMatchObject({ code: 'bad-request' });
    const p = progress(wb);
    try {
      const info = await wb.handlers['tests/start']({ deviceId, only: ['gpv.single', 'gpn.invalid-name'] });
      const end = await p.ended(info.runId);
      expect(end.run).toMatchObject({ status: 'finished', total: 2, done: 2, summary: { pass: 2, fail: 0, error: 0 } });
      // In suite order, whatever the order of `only`.
      expect(p.events.filter((e) => e.result).map((e) => e.result?.id)).toEqual(['gpn.invalid-name', 'gpv.single']);
      const run = await wb.handlers['tests/get']({ runId: info.runId });
      expect(run.firmware).not.toBe('');
      // Every exchange a case cites is in the traffic store: the view opens them from there.
      for (const c of run.report.cases) for (const id of c.exchangeIds ?? []) expect(wb.traffic.get(id)?.deviceId).toBe(deviceId);
    } finally {
      p.off();
    }
  }, 60_000);

  it('stops a run mid-way: the cases not reached are not run, and the run says stopped', async () => {
    const p = progress(wb);
    try {
      const info = await wb.handlers['tests/start']({ deviceId });
      // Stop once the first case has ended.
      for (;;) {
        if (p.events.some((e) => e.run.runId === info.runId && e.result)) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(await wb.handlers['tests/stop']({ runId: info.runId })).toEqual({ stopped: true });
      const end = await p.ended(info.runId);
      expect(end.run.status).toBe('stopped');
      const run = await wb.handlers['tests/get']({ runId: info.runId });
      // The report still lists every selected case; the ones after the stop did not pass.
      expect(run.report.cases).toHaveLength(run.total);
      expect(run.report.cases.at(-1)?.verdict).not.toBe('pass');
    } finally {
      p.off();
    }
  }, 90_000);

  it('keeps the runs of the device across a restart, and compares two of them', async () => {
    const before = (await wb.handlers['tests/runs']({ deviceId })).runs;
    expect(before.map((r) => r.status)).toEqual(['stopped', 'finished']);
    await wb.stop();
    wb = await start();
    const after = (await wb.handlers['tests/runs']({ deviceId })).runs;
    expect(after.map((r) => [r.runId, r.status])).toEqual(before.map((r) => [r.runId, r.status]));
    const cmp = await wb.handlers['tests/compare']({ a: after[1].runId, b: after[0].runId });
    const gpv = cmp.rows.find((r) => r.id === 'gpv.single');
    expect(gpv?.a).toBe('pass');
    expect(gpv?.changed).toBe(gpv?.b !== 'pass');
    expect(cmp.rows.some((r) => r.a === undefined && r.changed)).toBe(true);
  }, 60_000);
});
