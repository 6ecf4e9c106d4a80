/**
 * `cwmp-workbench test`: starts an ACS, waits for the CPE, runs the suite through the same test service the
 * app uses, prints one line per case and writes the reports. Exit 0 all passed or skipped, 1 any failed or
 * errored, 2 the run could not happen. The runner itself comes in through `TestRuntime`, so this flow is
 * tested with real sockets and a stand-in engine.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestRun } from '../../src-shared/api/tests';
import { runExitCode, type CaseInfo, type CaseResult } from '../../src-shared/testing/report';
import { selectCases } from '../../src-shared/testing/select';
import type { Workbench } from '../app/workbench';
import { awaitInform, knownDevices } from '../testing/await-device';
import { writeReports } from '../testing/reports/write-reports';
import { createTestService, firmwareFromAcs, type TestEngine } from '../testing/test-service';
import { UsageError } from './args';
import { benchAddresses } from './serve';
import { parseTestArgs, TEST_USAGE, type TestArgs } from './test-args';

export interface BenchStartOptions {
  sim: boolean;
  dataDir: string;
  host: string;
  acsPort: number;
  acsTlsPort: number;
  flexiblePorts: Array<'acsPort' | 'acsTlsPort'>;
  suites: string[];
}

/** A started workbench and the engine that runs cases on it. */
export interface TestBenchHandle {
  workbench: Workbench;
  engine: TestEngine;
  /** With `sim`: the simulated CPE, which has informed already. */
  simDeviceId?: string;
  stop(): Promise<void>;
}

/** What the command needs of the suite: its cases (a bad scenario file throws) and a bench to run them on. */
export interface TestRuntime {
  listCases(suites: string[]): Promise<CaseInfo[]>;
  startBench(options: BenchStartOptions): Promise<TestBenchHandle>;
}

export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** Called with a function that stops the run (Ctrl-C); returns a function that unhooks it. */
  onInterrupt?(stop: () => void): () => void;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function caseLine(c: CaseResult): string {
  const verdict = c.verdict.toUpperCase().padEnd(5);
  const time = `${(c.durationMs / 1000).toFixed(2)}s`.padStart(8);
  const why = c.verdict === 'pass' || !c.reason ? '' : ` — ${c.reason.replace(/\s+/g, ' ')}`;
  return `${verdict} ${time}  ${c.id}  ${c.title}${why}`;
}

/** Runs `test` with parsed arguments; returns the exit code. */
export async function runTestCommand(args: TestArgs, runtime: TestRuntime, io: Io): Promise<number> {
  const fail = (text: string): number => {
    io.err(`cwmp-workbench test: ${text}`);
    return 2;
  };

  // Everything that can be refused is refused before a port is opened.
  let cases: CaseInfo[];
  try {
    cases = await runtime.listCases(args.suites);
    selectCases(cases, args);
  } catch (err) {
    return fail(message(err));
  }

  const tempDir = args.dataDir ? undefined : await mkdtemp(join(tmpdir(), 'cwmp-workbench-test-'));
  const dataDir = args.dataDir ?? (tempDir as string);
  let handle: TestBenchHandle | undefined;
  const interrupt = new AbortController();
  let stopRun: (() => void) | undefined;
  const unhook = io.onInterrupt?.(() => {
    if (stopRun) stopRun();
    else interrupt.abort();
  });
  try {
    try {
      handle = await runtime.startBench({ ...args, dataDir });
    } catch (err) {
      return fail(`could not start the ACS: ${message(err)}`);
    }
    const { workbench } = handle;
    const urls = workbench.acs.urls();
    if (urls.http) io.out(`ACS ${urls.http}`);
    if (urls.https) io.out(`ACS ${urls.https}`);
    if (!handle.simDeviceId && urls.http) {
      const u = new URL(urls.http);
      if (u.hostname === '0.0.0.0' || u.hostname === '[::]') {
        const addresses = benchAddresses();
        if (addresses.length) io.err(`cwmp-workbench test: CPEs on the bench network can use ${addresses.map((a) => `http://${a}:${u.port}/`).join(' or ')}`);
      } else if (/^(127\.|\[::1\]|localhost)/.test(u.hostname)) {
        io.err('cwmp-workbench test: the ACS listens on loopback only; for a CPE on another machine set CWMP_WORKBENCH_HOST=0.0.0.0');
      }
    }

    let deviceId = handle.simDeviceId;
    if (deviceId && args.device) io.err(`cwmp-workbench test: --sim tests the simulated CPE ${deviceId}; --device ${args.device} is not used`);
    if (!deviceId) {
      const since = Date.now();
      const known = args.dataDir ? await knownDevices(workbench, args.device) : [];
      const target = args.device ?? (known.length === 1 ? known[0].id : undefined);
      const waiting = awaitInform(workbench, { wanted: target, since, timeoutMs: args.waitMs, signal: interrupt.signal });
      if (known.length && target) {
        const id = known.find((d) => d.id === target || d.serialNumber === target)?.id ?? target;
        // The data directory knows this CPE: ask it to call now instead of waiting for its periodic Inform.
        const cr = await Promise.resolve(workbench.acs.handlers['devices/connection-request']({ deviceId: id })).catch((err: unknown) => ({ message: message(err) }));
        io.err(`cwmp-workbench test: connection request to ${id}: ${cr.message}`);
      }
      io.err(`cwmp-workbench test: waiting up to ${Math.round(args.waitMs / 1000)} s for an Inform from ${target ?? 'a CPE'}`);
      const device = await waiting;
      if (!device) return fail(interrupt.signal.aborted ? 'interrupted before the CPE informed' : `no Inform from ${target ?? 'any CPE'} within ${Math.round(args.waitMs / 1000)} s`);
      deviceId = device.id;
    }

    const service = createTestService({
      dataDir,
      hub: workbench.hub,
      engine: handle.engine,
      firmware: firmwareFromAcs(workbench.acs),
    });
    let run: TestRun;
    // By device, not run id: the first case may end before start() has handed the id back.
    const target = deviceId;
    const off = workbench.hub.subscribe((e) => {
      if (e.event === 'tests/progress' && e.data.result && e.data.run.deviceId === target) io.out(caseLine(e.data.result));
    });
    try {
      try {
        run = await service.start(deviceId, { only: args.only, skip: args.skip, destructive: args.destructive });
      } catch (err) {
        return fail(message(err));
      }
      io.err(`cwmp-workbench test: ${run.total} case(s) against ${deviceId} (firmware ${run.firmware || 'unknown'})`);
      stopRun = () => service.stop(run.runId);
      if (interrupt.signal.aborted) stopRun();
      run = await service.finished(run.runId);
    } finally {
      off();
      await service.close();
    }
    if (run.status === 'failed') return fail(`the run could not go on: ${run.message ?? 'unknown error'}`);

    const s = run.summary;
    io.out(`${run.report.cases.length} cases: ${s.pass} pass, ${s.fail} fail, ${s.skip} skip, ${s.error} error in ${(run.durationMs / 1000).toFixed(1)} s${run.status === 'stopped' ? ' (stopped)' : ''}`);
    try {
      await writeReports(run.report, { json: args.json, junit: args.junit, html: args.html }, (id) => workbench.traffic.get(id));
    } catch (err) {
      return fail(`could not write a report: ${message(err)}`);
    }
    // A stopped run is not a verdict on the device: the cases it never reached say "skipped", and a CI job
    // must not read that as a pass.
    if (run.status === 'stopped') return fail('the run was stopped before the end; the reports hold what ran');
    return runExitCode(s);
  } finally {
    unhook?.();
    await handle?.stop().catch((err: unknown) => io.err(`cwmp-workbench test: stopping: ${message(err)}`));
    if (tempDir) await rm(tempDir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** `cwmp-workbench test`. */
export async function run(argv: string[]): Promise<number> {
  let args: TestArgs | 'help';
  try {
    args = parseTestArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`cwmp-workbench test: ${err.message}\n\n${TEST_USAGE}`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(TEST_USAGE);
    return 0;
  }
  const { suiteRuntime } = await import('./test-runtime');
  let interrupted = 0;
  return runTestCommand(args, suiteRuntime, {
    out: (line) => void process.stdout.write(`${line}\n`),
    err: (line) => void process.stderr.write(`${line}\n`),
    onInterrupt(stop) {
      // Ctrl-C stops the run (the runner puts changed values back); a second one within a second is the
      // same request forwarded by a wrapper, a later one leaves without waiting.
      let first = 0;
      const onSignal = (): void => {
        interrupted++;
        if (interrupted === 1) {
          first = Date.now();
          process.stderr.write('cwmp-workbench test: stopping (the device\'s values are being restored)\n');
          stop();
        } else if (Date.now() - first > 1000) process.exit(130);
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      return () => {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      };
    },
  });
}
