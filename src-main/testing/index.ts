/**
 * The CWMP test runner: runs the built-in suite and scenario files against one device on the
 * workbench's own ACS and returns a `TestRunReport` (src-shared/testing/report.ts).
 *
 * HOW TO CALL IT (CLI `cwmp-workbench test`, the `tests/*` API, benchmarks):
 *
 *   import { createWorkbench } from '../app/workbench';
 *   import { listCases, runTests, UnknownCaseError, ScenarioFileError } from '../testing/index';
 *
 *   const wb = await createWorkbench({ dataDir, host: '127.0.0.1', acsPort: 7547, acsTlsPort: 7548, uiPort: 0,
 *                                      sim: 0, shell: 'headless', serveUi: false });
 *   await wb.start();
 *   // ... wait until the device has informed (wb.hub 'devices/changed', or wb.acs.handlers['devices/list'])
 *   const report = await runTests({ bench: wb, deviceId: 'OUI-ProductClass-Serial', suites: ['builtin'],
 *                                   signal, onProgress });
 *
 * The "ACS handle" is therefore the started Workbench itself (`bench`: any object with its `hub`, `traffic`,
 * `acs` and `certs`, see ./bench.ts). For `--sim`, `startSimBench()` (src-main/app/sim-bench.ts) starts a workbench with
 * a simulated CPE tuned for tests (short waits, connection-request Digest, HTTPS with the lab CA) and returns
 * `{ bench, deviceId, hooks, stop }`: pass `hooks` on to runTests (they let the VALUE CHANGE cases change a
 * value on the device itself).
 *
 * Errors: `UnknownCaseError` (an id in `only`/`skip` names no case: the CLI's exit 2), `ScenarioFileError`
 * (a scenario file is unreadable or wrong, with file, line and field: exit 2), `DeviceNotFoundError` (the ACS
 * does not know the device: exit 2). Anything else that goes wrong during a run ends the affected cases as
 * `error`; the report always lists every selected case.
 */
import type { CaseInfo, CaseResult, TestRunReport } from '../../src-shared/testing/report';
import { summarise } from '../../src-shared/testing/report';
import { selectCases } from '../../src-shared/testing/select';
import type { TestBench } from './bench';
import { builtinCases } from './builtin/index';
import type { CaseEnv, TestCase } from './case';
import { DeviceLink, RunStopped, type SeenInform } from './device-link';
import { resultOf, runCase } from './drive';
import { discoverFacts } from './facts';
import type { DeviceHooks } from './host-ops';
import { loadScenarioFile, ScenarioFileError } from './scenario-file';

export { ScenarioFileError } from './scenario-file';
/** An id in `only` or `skip` that names no case of the chosen suites (the same class `selectCases` throws). */
export { UnknownCaseError } from '../../src-shared/testing/select';
export type { TestBench } from './bench';
export type { DeviceHooks } from './host-ops';

/** The ACS does not know the device the run names. */
export class DeviceNotFoundError extends Error {
  constructor(readonly deviceId: string) {
    super(`the ACS knows no device ${deviceId}`);
    this.name = 'DeviceNotFoundError';
  }
}

export type RunProgress = { type: 'case-start'; case: CaseInfo } | { type: 'case-end'; result: CaseResult };

export interface RunOptions {
  bench: TestBench;
  /** OUI-ProductClass-SerialNumber, as the ACS keys devices. */
  deviceId: string;
  /** `builtin` and/or scenario file paths, in order. */
  suites: string[];
  only?: string[];
  skip?: string[];
  /** Run the destructive cases (Reboot, FactoryReset, firmware Download); otherwise they are listed as skipped. */
  destructive?: boolean;
  signal?: AbortSignal;
  onProgress?: (e: RunProgress) => void;
  /** Ways to act on the device other than CWMP (the simulator's); cases that need them skip without. */
  hooks?: DeviceHooks;
  /** Bound on one request's answer, ms (default 30 000). */
  rpcTimeoutMs?: number;
  /** The device holds the ACS's CPE credentials (default: when its ManagementServer.Username is the ACS's). */
  acsCredentialsKnown?: boolean;
  /** Multiplies every wait for an Inform (default 1; a slow CPE may need 2 or more). */
  waitScale?: number;
}

function info(tc: TestCase): CaseInfo {
  const { id, title, area, section, requirement, destructive } = tc;
  return { id, title, area, section, requirement, destructive };
}

async function loadSuites(suites: readonly string[]): Promise<TestCase[]> {
  const out: TestCase[] = [];
  const seen = new Map<string, string>();
  for (const suite of suites.length ? suites : ['builtin']) {
    const cases = suite === 'builtin' ? builtinCases : await loadScenarioFile(suite);
    for (const c of cases) {
      const other = seen.get(c.id);
      if (other !== undefined) throw new ScenarioFileError(suite, undefined, 'id', `case id ${c.id} is already used by ${other}`);
      seen.set(c.id, suite);
      out.push(c);
    }
  }
  return out;
}

/** Every case of the suites, in run order. */
export async function listCases(opts: { suites: string[] }): Promise<CaseInfo[]> {
  return (await loadSuites(opts.suites)).map(info);
}

/** Runs the selected cases against the device; resolves with the report (every selected case in it). */
export async function runTests(opts: RunOptions): Promise<TestRunReport> {
  const startedAt = new Date();
  const t0 = performance.now();
  const cases = selectCases(await loadSuites(opts.suites), { ...(opts.only ? { only: opts.only } : {}), ...(opts.skip ? { skip: opts.skip } : {}) });
  const { bench, deviceId } = opts;
  const device = await Promise.resolve()
    .then(() => bench.acs.handlers['devices/get']({ deviceId }))
    .catch(() => {
      throw new DeviceNotFoundError(deviceId);
    });
  const signal = opts.signal ?? new AbortController().signal;
  const results: CaseResult[] = [];
  const emit = (e: RunProgress): void => {
    try {
      opts.onProgress?.(e);
    } catch {
      // A listener's failure is not the run's.
    }
  };
  const report = (firmware: string): TestRunReport => ({
    device: deviceId,
    firmware,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - t0),
    cases: results,
    summary: summarise(results),
  });
  const finishAll = (rest: TestCase[], verdict: 'skip' | 'error', reason: string): void => {
    for (const tc of rest) {
      emit({ type: 'case-start', case: info(tc) });
      const r = resultOf(tc, verdict, reason);
      results.push(r);
      emit({ type: 'case-end', result: r });
    }
  };

  const link = new DeviceLink(bench, deviceId, signal, opts.rpcTimeoutMs ?? 30_000);
  try {
    // A fresh session to learn the device from: its Inform, then read-only discovery.
    let first: SeenInform | null = null;
    try {
      const waiting = link.nextInform(30_000 * (opts.waitScale ?? 1));
      const cr = await link.connectionRequest();
      if (cr.outcome !== 'reached' && cr.outcome !== 'error') {
        finishAll(cases, 'error', `the device cannot be reached: connection request ${cr.outcome}: ${cr.message}`);
        return report(device.softwareVersion ?? '');
      }
      first = await waiting;
    } catch (err) {
      if (!(err instanceof RunStopped)) throw err;
    }
    if (signal.aborted) {
      finishAll(cases, 'skip', 'the run was stopped before this case');
      return report(device.softwareVersion ?? '');
    }
    if (!first) {
      finishAll(cases, 'error', 'the device sent no Inform after a connection request');
      return report(device.softwareVersion ?? '');
    }
    let facts;
    try {
      facts = await discoverFacts(link, first);
    } catch (err) {
      if (!(err instanceof RunStopped)) throw err;
      finishAll(cases, 'skip', 'the run was stopped before this case');
      return report(device.softwareVersion ?? '');
    }
    const pk = facts.params.get(`${facts.root}.ManagementServer.ParameterKey`)?.value;
    if (pk !== undefined) facts.vars.restoreParameterKey = pk;
    const acsUser = bench.acs.settings.get().auth.username;
    const env: CaseEnv = {
      localChange: opts.hooks?.setLocalValue !== undefined,
      https: bench.acs.urls().https !== undefined,
      acsCredentialsKnown: opts.acsCredentialsKnown ?? facts.params.get(`${facts.root}.ManagementServer.Username`)?.value === acsUser,
    };
    const ctx = { bench, link, facts, env, hooks: opts.hooks ?? {}, signal, waitScale: opts.waitScale ?? 1 };
    for (let i = 0; i < cases.length; i++) {
      const tc = cases[i];
      if (signal.aborted) {
        finishAll(cases.slice(i), 'skip', 'the run was stopped before this case');
        break;
      }
      emit({ type: 'case-start', case: info(tc) });
      let result: CaseResult;
      if (tc.destructive && !opts.destructive) result = resultOf(tc, 'skip', 'destructive (reboots, resets or flashes the device): runs only when destructive cases are selected');
      else {
        const { stopped: _stopped, ...r } = await runCase(ctx, tc);
        result = r;
      }
      results.push(result);
      emit({ type: 'case-end', result });
    }
    return report(facts.softwareVersion || device.softwareVersion || '');
  } finally {
    link.close();
  }
}
