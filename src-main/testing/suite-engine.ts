/** The suite's runner (`listCases` / `runTests`) as the `TestEngine` the tests service and CLI drive. */
import type { DeviceHooks, TestBench } from './index';
import { listCases, runTests } from './index';
import type { TestEngine } from './test-service';

export interface SuiteEngineOptions {
  bench: TestBench;
  /** `builtin` and/or scenario files. */
  suites: string[];
  /** Ways to act on a device beside CWMP (a simulated CPE's); cases that need them skip without. */
  hooks?: (deviceId: string) => DeviceHooks | undefined;
}

export function createSuiteEngine(opts: SuiteEngineOptions): TestEngine {
  let cases: ReturnType<typeof listCases> | undefined;
  return {
    cases: () => (cases ??= listCases({ suites: opts.suites }).catch((err: unknown) => {
      cases = undefined; // a scenario file fixed on disk is read again next time
      throw err;
    })),
    run: ({ deviceId, selection, signal, onProgress }) =>
      runTests({
        bench: opts.bench,
        deviceId,
        suites: opts.suites,
        only: selection.only ? [...selection.only] : undefined,
        skip: selection.skip ? [...selection.skip] : undefined,
        destructive: selection.destructive,
        signal,
        onProgress,
        hooks: opts.hooks?.(deviceId),
      }),
  };
}
