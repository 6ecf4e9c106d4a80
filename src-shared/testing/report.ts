/**
 * The result of a test run against one CPE: what the runner produces, what the CLI writes as JSON
 * (`cwmp-workbench test --json`), what JUnit/HTML reports are rendered from and what the Tests view shows.
 * The JSON report's field names are a published format (scripts and CI read them): do not rename them.
 */

export type Verdict = 'pass' | 'fail' | 'skip' | 'error';

/** How TR-069 (via the ATP-069 test plan) classes a requirement. */
export type Requirement = 'mandatory' | 'conditional' | 'optional';

/** What a case is, independent of any run. */
export interface CaseInfo {
  /** Stable id, e.g. `gpv.invalid-name`: used by `--only` / `--skip` and to compare runs. */
  id: string;
  title: string;
  /** The suite area (one JUnit `<testsuite>` each), e.g. `GetParameterValues`. */
  area: string;
  /** The TR-069 Amendment 6 section it checks, e.g. `A.3.2.2`. */
  section: string;
  requirement: Requirement;
  /** Reboots, factory-resets or flashes the device: runs only when selected with `--destructive`. */
  destructive: boolean;
}

export interface CaseResult extends CaseInfo {
  verdict: Verdict;
  /** Why, in words: the failure, the skip's precondition, the error. Empty only for a plain pass. */
  reason: string;
  /** For a failure: what the case expected and what the device did. */
  expected?: string;
  actual?: string;
  durationMs: number;
  /** Traffic exchange ids (`seq` of the recorded exchanges) that prove the verdict. */
  exchanges: number[];
  /** The exchanges by traffic id (what `traffic/get` takes), including any the live store has since dropped. */
  exchangeIds?: string[];
}

export interface RunSummary {
  pass: number;
  fail: number;
  skip: number;
  error: number;
}

export interface TestRunReport {
  /** Device id, OUI-ProductClass-SerialNumber. */
  device: string;
  /** The device's SoftwareVersion as it informed. */
  firmware: string;
  /** ISO 8601. */
  startedAt: string;
  durationMs: number;
  cases: CaseResult[];
  summary: RunSummary;
}

export function summarise(cases: readonly { verdict: Verdict }[]): RunSummary {
  const s: RunSummary = { pass: 0, fail: 0, skip: 0, error: 0 };
  for (const c of cases) s[c.verdict]++;
  return s;
}

/** Exit code of `cwmp-workbench test` for a finished run: 0 all passed or skipped, 1 any failed or errored. */
export function runExitCode(summary: RunSummary): 0 | 1 {
  return summary.fail + summary.error > 0 ? 1 : 0;
}
