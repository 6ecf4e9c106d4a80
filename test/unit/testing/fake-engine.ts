import type { CaseInfo, CaseResult, TestRunReport, Verdict } from '../../../src-shared/testing/report';
import { summarise } from '../../../src-shared/testing/report';
import type { TestEngine } from '../../../src-main/testing/test-service';

export const CASES: CaseInfo[] = [
  { id: 'gpv.single', title: 'GPV of one parameter', area: 'GetParameterValues', section: 'A.3.2.2', requirement: 'mandatory', destructive: false },
  { id: 'gpv.invalid-name', title: 'GPV of an invalid name gives 9005', area: 'GetParameterValues', section: 'A.3.2.2', requirement: 'mandatory', destructive: false },
  { id: 'spv.string', title: 'SPV of a string', area: 'SetParameterValues', section: 'A.3.2.1', requirement: 'mandatory', destructive: false },
  { id: 'reboot.m-reboot', title: 'Reboot gives M Reboot', area: 'Reboot', section: 'A.3.2.9', requirement: 'mandatory', destructive: true },
];

/**
 * A stand-in for the suite's runner: verdicts from a table, each case waits for `gate` (so a test can
 * hold a run mid-way), an abort ends the remaining cases as error, destructive
 * cases skip unless allowed — what the real runner promises.
 */
export function fakeEngine(verdicts: Record<string, Verdict> = {}, firmware = '1.0'): TestEngine & { gate?: Promise<void>; calls: string[][] } {
  const engine: TestEngine & { gate?: Promise<void>; calls: string[][] } = {
    calls: [],
    cases: () => CASES,
    async run({ deviceId, cases, selection, signal, onProgress }): Promise<TestRunReport> {
      engine.calls.push(cases.map((c) => c.id));
      const startedAt = new Date().toISOString();
      const out: CaseResult[] = [];
      for (const c of cases) {
        if (signal.aborted) {
          out.push({ ...c, verdict: 'error', reason: 'the run was stopped', durationMs: 0, exchanges: [] });
          continue;
        }
        onProgress({ type: 'case-start', case: c });
        await engine.gate;
        const verdict = signal.aborted ? 'error' : c.destructive && !selection.destructive ? 'skip' : (verdicts[c.id] ?? 'pass');
        const result: CaseResult = { ...c, verdict, reason: verdict === 'pass' ? '' : `${verdict} because`, durationMs: 5, exchanges: [1], exchangeIds: [`x-${c.id}`] };
        out.push(result);
        onProgress({ type: 'case-end', result });
      }
      return { device: deviceId, firmware, startedAt, durationMs: 10, cases: out, summary: summarise(out) };
    },
  };
  return engine;
}
