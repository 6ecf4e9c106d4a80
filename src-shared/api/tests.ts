import { z } from 'zod';
import type { VerdictChange } from '../testing/compare';
import type { CaseInfo, CaseResult, RunSummary, TestRunReport } from '../testing/report';

/** `running` until the last case ends; `stopped` by tests/stop; `interrupted` when the workbench went away mid-run. */
export type TestRunStatus = 'running' | 'finished' | 'stopped' | 'failed' | 'interrupted';

/** A run as lists show it. */
export interface TestRunInfo {
  runId: string;
  deviceId: string;
  status: TestRunStatus;
  /** The device's SoftwareVersion when the run started. */
  firmware: string;
  /** ISO 8601. */
  startedAt: string;
  durationMs: number;
  /** Cases selected, and how many have a verdict. */
  total: number;
  done: number;
  summary: RunSummary;
  /** The case running now. */
  current?: string;
  /** Why the run failed or stopped early, in words. */
  message?: string;
}

/** A run with its report: every selected case, those not reached yet absent from `report.cases`. */
export interface TestRun extends TestRunInfo {
  /** The cases the run was started with, in order. */
  selected: CaseInfo[];
  report: TestRunReport;
}

const id = z.string().min(1).max(512);
const caseIds = z.array(z.string().min(1).max(200)).max(5000);

export const testsMethods = {
  /** The built-in suite's cases. */
  'tests/cases': { params: z.object({}).strict() },
  /** Starts a run against a device; an unknown case id is a bad-request, a device already under test a conflict. */
  'tests/start': {
    params: z.object({ deviceId: id, only: caseIds.optional(), skip: caseIds.optional(), destructive: z.boolean().optional() }).strict(),
  },
  'tests/stop': { params: z.object({ runId: id }).strict() },
  /** The runs of a device, newest first. */
  'tests/runs': { params: z.object({ deviceId: id }).strict() },
  'tests/get': { params: z.object({ runId: id }).strict() },
  /** Two runs side by side: which cases changed verdict from A to B. */
  'tests/compare': { params: z.object({ a: id, b: id }).strict() },
  /** A run's report as `cwmp-workbench test` writes it: `--json`, `--junit` or `--html`. */
  'tests/export': { params: z.object({ runId: id, format: z.enum(['json', 'junit', 'html']) }).strict() },
} as const;

export interface TestsResults {
  'tests/cases': { cases: CaseInfo[] };
  'tests/start': TestRunInfo;
  'tests/stop': { stopped: boolean };
  'tests/runs': { runs: TestRunInfo[] };
  'tests/get': TestRun;
  'tests/compare': { a: TestRunInfo; b: TestRunInfo; rows: VerdictChange[] };
  'tests/export': { content: string; mediaType: string; suggestedName: string };
}

/** Pushed as a run starts, as each case starts and ends, and when the run ends. */
export interface TestProgressEvent {
  run: TestRunInfo;
  /** The case that just ended. */
  result?: CaseResult;
}
