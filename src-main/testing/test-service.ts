/**
 * The `tests/*` API: starts runs of the suite against a device, streams their progress as `tests/progress`
 * events, keeps every run per device in the data directory, and compares two runs. The CLI's `test` verb
 * goes through this same service, so a run looks the same from the command line, the app and a script.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ConflictError, InvalidRequestError, NotFoundError } from '../../src-shared/errors/domain-error';
import type { TestRun, TestRunInfo, TestsResults } from '../../src-shared/api/tests';
import type { ValidParams } from '../../src-shared/api/index';
import { compareRuns } from '../../src-shared/testing/compare';
import { summarise, type CaseInfo, type CaseResult, type TestRunReport } from '../../src-shared/testing/report';
import { selectCases, UnknownCaseError, type CaseSelection } from '../../src-shared/testing/select';
import type { EventHub } from '../runtime/event-hub';
import type { AcsService } from '../acs/index';
import { infoOf, RunStore } from './run-store';
import type { ExchangeLookup } from './reports/exchange-log';
import { htmlReport } from './reports/html-report';
import { jsonReport } from './reports/json-report';
import { junitReport } from './reports/junit-report';

export type EngineProgress = { type: 'case-start'; case: CaseInfo } | { type: 'case-end'; result: CaseResult };

/** What runs the cases on the ACS: the suite's runner, or a fake in tests. */
export interface TestEngine {
  /** Every case the engine knows (the built-in suite and any loaded scenario files). */
  cases(): Promise<CaseInfo[]> | CaseInfo[];
  /**
   * Runs the selection (`cases` is what it resolves to, in order) and ends every one of those cases: error
   * when the device is gone, skip when stopped first or destructive without `selection.destructive`.
   */
  run(request: { deviceId: string; cases: CaseInfo[]; selection: CaseSelection; signal: AbortSignal; onProgress(p: EngineProgress): void }): Promise<TestRunReport>;
}

export interface TestServiceDeps {
  dataDir: string;
  hub: EventHub;
  engine: TestEngine;
  /** A recorded exchange by id, for the exchange logs of exported reports (bodies that aged out are said so). */
  exchange?: ExchangeLookup;
  /** The device's firmware (SoftwareVersion), or undefined when the ACS does not know the device. */
  firmware(deviceId: string): Promise<string | undefined> | string | undefined;
}

type Handlers = { [K in keyof TestsResults]: (params: ValidParams<K>) => Promise<TestsResults[K]> };

export interface TestService {
  readonly handlers: Handlers;
  /** Starts a run (what tests/start does). Throws NotFoundError (device), InvalidRequestError (selection), ConflictError. */
  start(deviceId: string, selection: CaseSelection): Promise<TestRun>;
  /** Resolves with the run once it has ended (finished, stopped or failed). */
  finished(runId: string): Promise<TestRun>;
  stop(runId: string): boolean;
  /** Stops every run and waits for their last state to be written. */
  close(): Promise<void>;
}

/** `firmware` for the service from the ACS's device registry. */
export function firmwareFromAcs(acs: Pick<AcsService, 'handlers'>): TestServiceDeps['firmware'] {
  return async (deviceId) => {
    try {
      const { devices } = await acs.handlers['devices/list']({});
      const d = devices.find((x) => x.id === deviceId);
      return d ? (d.softwareVersion ?? '') : undefined;
    } catch {
      return undefined;
    }
  };
}

function newRunId(): string {
  return `${Date.now().toString(36).padStart(9, '0')}-${randomBytes(4).toString('hex')}`;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function createTestService(deps: TestServiceDeps): TestService {
  const store = new RunStore(join(deps.dataDir, 'test-runs'));
  const active = new Map<string, { controller: AbortController; done: Promise<TestRun> }>();

  const publish = (run: TestRun, result?: CaseResult): void => {
    deps.hub.publish({ event: 'tests/progress', data: { run: infoOf(run), result } });
  };
  // A failed write must not end the run: the next save tries again and the in-memory run is current.
  const save = (run: TestRun): void => void store.save(run).catch(() => undefined);

  const mustGet = async (runId: string): Promise<TestRun> => {
    await store.load();
    const run = store.get(runId);
    if (!run) throw new NotFoundError(`No test run ${runId}`);
    return run;
  };

  async function start(deviceId: string, selection: CaseSelection): Promise<TestRun> {
    await store.load();
    const firmware = await deps.firmware(deviceId);
    if (firmware === undefined) throw new NotFoundError(`No device ${deviceId} on this ACS`);
    let cases: CaseInfo[];
    try {
      cases = selectCases(await deps.engine.cases(), selection);
    } catch (err) {
      if (err instanceof UnknownCaseError) throw new InvalidRequestError(err.message);
      throw err;
    }
    if (cases.length === 0) throw new InvalidRequestError('no test case selected');
    if (!cases.some((c) => !c.destructive || selection.destructive)) {
      throw new InvalidRequestError('only destructive cases are selected, and destructive cases are not allowed (destructive: true)');
    }
    for (const r of store.list(deviceId)) {
      if (r.status === 'running') throw new ConflictError(`Test run ${r.runId} is already running on ${deviceId}`);
    }
    const startedAt = new Date();
    const run: TestRun = {
      runId: newRunId(),
      deviceId,
      status: 'running',
      firmware,
      startedAt: startedAt.toISOString(),
      durationMs: 0,
      total: cases.length,
      done: 0,
      summary: summarise([]),
      selected: cases,
      report: { device: deviceId, firmware, startedAt: startedAt.toISOString(), durationMs: 0, cases: [], summary: summarise([]) },
    };
    const controller = new AbortController();
    const elapsed = (): number => Date.now() - startedAt.getTime();

    const onProgress = (p: EngineProgress): void => {
      if (run.status !== 'running') return;
      if (p.type === 'case-start') {
        run.current = p.case.id;
        publish(run);
        return;
      }
      run.report.cases = [...run.report.cases.filter((c) => c.id !== p.result.id), p.result];
      run.report.summary = summarise(run.report.cases);
      run.summary = run.report.summary;
      run.done = run.report.cases.length;
      run.durationMs = elapsed();
      run.report.durationMs = run.durationMs;
      if (run.current === p.result.id) run.current = undefined;
      save(run);
      publish(run, p.result);
    };

    // Written and announced before the engine starts, so the first state on disk and on the wire is the start.
    await store.save(run);
    publish(run);
    const snapshot = structuredClone(run);
    const done = (async (): Promise<TestRun> => {
      try {
        const report = await deps.engine.run({ deviceId, cases, selection, signal: controller.signal, onProgress });
        run.report = report;
        run.firmware = report.firmware || run.firmware;
        run.status = controller.signal.aborted ? 'stopped' : 'finished';
        if (run.status === 'stopped') run.message = 'stopped before the end';
      } catch (err) {
        run.status = controller.signal.aborted ? 'stopped' : 'failed';
        run.message = message(err);
      }
      run.current = undefined;
      run.summary = summarise(run.report.cases);
      run.report.summary = run.summary;
      run.done = run.report.cases.length;
      run.durationMs = elapsed();
      run.report.durationMs = run.durationMs;
      await store.save(run).catch(() => undefined);
      // Only now: finished() of a run no longer active must find its final state on disk as well.
      active.delete(run.runId);
      publish(run);
      return run;
    })();
    active.set(run.runId, { controller, done });
    return snapshot;
  }

  const stop = (runId: string): boolean => {
    const a = active.get(runId);
    if (!a || a.controller.signal.aborted) return false;
    a.controller.abort(new Error('stopped'));
    return true;
  };

  const handlers: Handlers = {
    'tests/cases': async () => ({ cases: await deps.engine.cases() }),
    'tests/start': async ({ deviceId, only, skip, destructive }) => infoOf(await start(deviceId, { only, skip, destructive })),
    'tests/stop': async ({ runId }) => {
      await mustGet(runId);
      return { stopped: stop(runId) };
    },
    'tests/runs': async ({ deviceId }) => {
      await store.load();
      return { runs: store.list(deviceId).map(infoOf) };
    },
    'tests/get': ({ runId }) => mustGet(runId),
    'tests/compare': async ({ a, b }) => {
      const [ra, rb] = [await mustGet(a), await mustGet(b)];
      return { a: infoOf(ra), b: infoOf(rb), rows: compareRuns(ra.report.cases, rb.report.cases) };
    },
    'tests/export': async ({ runId, format }) => {
      const run = await mustGet(runId);
      const base = `cwmp-test-${run.deviceId}-${run.startedAt.replace(/[:.]/g, '-')}`.replace(/[^A-Za-z0-9._-]/g, '_');
      const input = { report: run.report, exchange: deps.exchange };
      switch (format) {
        case 'json':
          return { content: jsonReport(run.report), mediaType: 'application/json', suggestedName: `${base}.json` };
        case 'junit':
          return { content: junitReport(input), mediaType: 'application/xml', suggestedName: `${base}.xml` };
        case 'html':
          return { content: htmlReport(input), mediaType: 'text/html', suggestedName: `${base}.html` };
      }
    },
  };

  return {
    handlers,
    start,
    stop,
    async finished(runId) {
      const a = active.get(runId);
      if (a) return a.done;
      return mustGet(runId);
    },
    async close() {
      const runs = [...active.values()];
      for (const a of runs) a.controller.abort(new Error('the workbench is stopping'));
      await Promise.all(runs.map((a) => a.done));
      await store.flush();
    },
  };
}

export type { TestRunInfo };
