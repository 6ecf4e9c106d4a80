import type { TestRunReport } from '../../../src-shared/testing/report';

/**
 * `--json`: exactly `{ device, firmware, startedAt, durationMs, cases: [{ id, title, area, section, verdict,
 * reason, durationMs, exchanges }], summary: { pass, fail, skip, error } }`. Scripts read these names, so the
 * fields are picked one by one: a field added to the run report does not leak into the published format.
 */
export function jsonReport(report: TestRunReport): string {
  const out = {
    device: report.device,
    firmware: report.firmware,
    startedAt: report.startedAt,
    durationMs: report.durationMs,
    cases: report.cases.map((c) => ({
      id: c.id,
      title: c.title,
      area: c.area,
      section: c.section,
      verdict: c.verdict,
      reason: c.reason,
      durationMs: c.durationMs,
      exchanges: c.exchanges,
    })),
    summary: { pass: report.summary.pass, fail: report.summary.fail, skip: report.summary.skip, error: report.summary.error },
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
