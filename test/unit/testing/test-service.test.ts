import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../../src-shared/api/index';
import { EventHub } from '../../../src-main/runtime/event-hub';
import { createTestService, type TestService } from '../../../src-main/testing/test-service';
import { CASES, fakeEngine } from './fake-engine';
import { sampleExchange } from './report-fixture';

const DEVICE = '000000-Sim-SN.1';

describe('tests/* service', () => {
  let dir: string;
  let hub: EventHub;
  let events: ApiEvent[];
  const services: TestService[] = [];

  const make = (engine = fakeEngine(), known = true): TestService => {
    const s = createTestService({ dataDir: dir, hub, engine, firmware: (id) => (known && id === DEVICE ? '1.0' : undefined) });
    services.push(s);
    return s;
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tests-service-'));
    hub = new EventHub();
    events = [];
    hub.subscribe((e) => events.push(e));
  });
  afterEach(async () => {
    for (const s of services.splice(0)) await s.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists the cases and runs them all, destructive ones skipped unless allowed', async () => {
    const engine = fakeEngine({ 'gpv.invalid-name': 'fail' });
    const s = make(engine);
    expect((await s.handlers['tests/cases']({})).cases.map((c) => c.id)).toEqual(CASES.map((c) => c.id));
    const info = await s.handlers['tests/start']({ deviceId: DEVICE });
    expect(info).toMatchObject({ status: 'running', total: 4, done: 0, firmware: '1.0' });
    const run = await s.finished(info.runId);
    expect(engine.calls).toEqual([CASES.map((c) => c.id)]);
    expect(run).toMatchObject({ status: 'finished', done: 4, summary: { pass: 2, fail: 1, skip: 1, error: 0 } });
    expect(run.report.cases.map((c) => c.verdict)).toEqual(['pass', 'fail', 'pass', 'skip']);
  });

  it('publishes progress: the start, each case starting and ending, the end', async () => {
    const s = make();
    const info = await s.handlers['tests/start']({ deviceId: DEVICE, only: ['gpv.single', 'spv.string'] });
    await s.finished(info.runId);
    const progress = events.flatMap((e) => (e.event === 'tests/progress' ? [e.data] : []));
    expect(progress.map((p) => [p.run.status, p.run.current ?? null, p.run.done, p.result?.id ?? null])).toEqual([
      ['running', null, 0, null],
      ['running', 'gpv.single', 0, null],
      ['running', null, 1, 'gpv.single'],
      ['running', 'spv.string', 1, null],
      ['running', null, 2, 'spv.string'],
      ['finished', null, 2, null],
    ]);
  });

  it('refuses an unknown case id, an unknown device, an empty selection and a second run on the same device', async () => {
    const engine = fakeEngine();
    let open!: () => void;
    engine.gate = new Promise((r) => (open = r));
    const s = make(engine);
    await expect(s.handlers['tests/start']({ deviceId: DEVICE, only: ['gpv.nope'] })).rejects.toMatchObject({ code: 'bad-request', message: expect.stringContaining('gpv.nope') });
    await expect(s.handlers['tests/start']({ deviceId: DEVICE, skip: ['x.y'] })).rejects.toMatchObject({ code: 'bad-request' });
    await expect(s.handlers['tests/start']({ deviceId: 'other' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(s.handlers['tests/start']({ deviceId: DEVICE, skip: CASES.map((c) => c.id) })).rejects.toMatchObject({ code: 'bad-request' });
    const first = await s.handlers['tests/start']({ deviceId: DEVICE });
    await expect(s.handlers['tests/start']({ deviceId: DEVICE })).rejects.toMatchObject({ code: 'conflict' });
    open();
    await s.finished(first.runId);
    expect(engine.calls).toHaveLength(1);
  });

  it('narrows with only and skip, and runs destructive cases only when allowed', async () => {
    const engine = fakeEngine();
    const s = make(engine);
    const a = await s.finished((await s.handlers['tests/start']({ deviceId: DEVICE, destructive: true, skip: ['spv.string', 'gpv.single'] })).runId);
    expect(a.report.cases.map((c) => [c.id, c.verdict])).toEqual([
      ['gpv.invalid-name', 'pass'],
      ['reboot.m-reboot', 'pass'],
    ]);
    await expect(s.handlers['tests/start']({ deviceId: DEVICE, only: ['reboot.m-reboot'] })).rejects.toMatchObject({ code: 'bad-request' });
    expect(engine.calls).toEqual([['gpv.invalid-name', 'reboot.m-reboot']]);
  });

  it('stops a run mid-way: the remaining cases end as error and the run is stopped', async () => {
    const engine = fakeEngine();
    let open!: () => void;
    engine.gate = new Promise((r) => (open = r));
    const s = make(engine);
    const info = await s.handlers['tests/start']({ deviceId: DEVICE });
    expect(await s.handlers['tests/stop']({ runId: info.runId })).toEqual({ stopped: true });
    open();
    const run = await s.finished(info.runId);
    expect(run.status).toBe('stopped');
    expect(run.report.cases.map((c) => c.verdict)).toEqual(['error', 'error', 'error', 'error']);
    expect(await s.handlers['tests/stop']({ runId: info.runId })).toEqual({ stopped: false });
    await expect(s.handlers['tests/stop']({ runId: 'nope' })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('keeps runs per device across a restart, newest first, and marks one cut short as interrupted', async () => {
    const engine = fakeEngine();
    const s1 = make(engine);
    const a = await s1.handlers['tests/start']({ deviceId: DEVICE, only: ['gpv.single'] });
    await s1.finished(a.runId);
    let open!: () => void;
    engine.gate = new Promise((r) => (open = r));
    const b = await s1.handlers['tests/start']({ deviceId: DEVICE, only: ['gpv.single', 'spv.string'] });
    try {
      // The device's directory holds one JSON file a run; the id keeps its dots escaped.
      const dirs = await readdir(join(dir, 'test-runs'));
      expect(dirs).toEqual(['000000-Sim-SN%2E1']);
      expect((await readdir(join(dir, 'test-runs', dirs[0]))).sort()).toEqual([`${a.runId}.json`, `${b.runId}.json`].sort());
      expect(JSON.parse(await readFile(join(dir, 'test-runs', dirs[0], `${b.runId}.json`), 'utf8')).status).toBe('running');

      // A second service over the same directory is what a restart after kill -9 sees.
      const s2 = make(fakeEngine());
      const { runs } = await s2.handlers['tests/runs']({ deviceId: DEVICE });
      expect(runs.map((r) => [r.runId, r.status])).toEqual([
        [b.runId, 'interrupted'],
        [a.runId, 'finished'],
      ]);
      expect((await s2.handlers['tests/get']({ runId: a.runId })).report.cases.map((c) => c.id)).toEqual(['gpv.single']);
      expect((await s2.handlers['tests/runs']({ deviceId: 'other' })).runs).toEqual([]);
    } finally {
      open();
    }
  });

  it('compares two runs: which cases changed verdict, and which way', async () => {
    const s = make(fakeEngine({ 'gpv.invalid-name': 'fail' }));
    const a = await s.finished((await s.handlers['tests/start']({ deviceId: DEVICE, only: ['gpv.single', 'gpv.invalid-name'] })).runId);
    const s2 = make(fakeEngine({ 'gpv.single': 'fail' }));
    const b = await s2.finished((await s2.handlers['tests/start']({ deviceId: DEVICE, only: ['gpv.single', 'gpv.invalid-name', 'spv.string'] })).runId);
    const cmp = await s2.handlers['tests/compare']({ a: a.runId, b: b.runId });
    expect(cmp.rows.map((r) => [r.id, r.a ?? null, r.b ?? null, r.changed, r.direction ?? null])).toEqual([
      ['gpv.single', 'pass', 'fail', true, 'regressed'],
      ['gpv.invalid-name', 'fail', 'pass', true, 'fixed'],
      ['spv.string', null, 'pass', true, null],
    ]);
    await expect(s2.handlers['tests/compare']({ a: a.runId, b: 'nope' })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('ends a run whose engine throws as failed, with the reason', async () => {
    const engine = fakeEngine();
    engine.run = async () => {
      throw new Error('the ACS is not listening');
    };
    const s = make(engine);
    const run = await s.finished((await s.handlers['tests/start']({ deviceId: DEVICE })).runId);
    expect(run).toMatchObject({ status: 'failed', message: 'the ACS is not listening' });
  });

  it('exports a stored run as the CLI’s JSON, JUnit and HTML reports, with exchange bodies from the lookup', async () => {
    const s = createTestService({
      dataDir: dir,
      hub,
      engine: fakeEngine({ 'gpv.invalid-name': 'fail' }),
      firmware: () => '1.0',
      exchange: (id) => (id === 'x-gpv.invalid-name' ? sampleExchange('x-2') : undefined),
    });
    services.push(s);
    const run = await s.finished((await s.handlers['tests/start']({ deviceId: DEVICE, only: ['gpv.single', 'gpv.invalid-name'] })).runId);
    const json = await s.handlers['tests/export']({ runId: run.runId, format: 'json' });
    expect(json.suggestedName).toMatch(/^cwmp-test-000000-Sim-SN\.1-.*\.json$/);
    expect(JSON.parse(json.content).summary).toEqual({ pass: 1, fail: 1, skip: 0, error: 0 });
    const junit = await s.handlers['tests/export']({ runId: run.runId, format: 'junit' });
    expect(junit.mediaType).toBe('application/xml');
    expect(junit.content).toContain('<failure message="fail because"');
    const html = await s.handlers['tests/export']({ runId: run.runId, format: 'html' });
    expect(html.content).toContain('&lt;script&gt;alert');
    await expect(s.handlers['tests/export']({ runId: 'nope', format: 'html' })).rejects.toMatchObject({ code: 'not-found' });
  });
});
