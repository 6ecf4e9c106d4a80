/** What `replay acs` reports (its `--json` file, the app's diff view): per RPC, recorded against replayed. */
import type { Difference, DiffResult } from './diff';
import type { RecordedAnswer } from './script';

export interface ReplayedRpc {
  /** 1-based, in the order the recorded ACS sent them. */
  index: number;
  /** The request's RPC name. */
  name: string;
  /** What the recorded CPE answered. */
  recorded: RecordedAnswer;
  /** What the bench CPE answered; null when the request could not be played (see summary.notRun). */
  replayed: RecordedAnswer;
  differences: Difference[];
}

export interface ReplayAcsSummary {
  /** Requests in the script. */
  rpcs: number;
  /** Answered alike (volatile parameters aside). */
  identical: number;
  different: number;
  /** Requests the bench CPE never answered (session broke off, time ran out). */
  notRun: number;
  /** Differences listed, over all requests. */
  differences: number;
  /** Differences left out as volatile. */
  ignored: number;
  /** Recorded sessions with requests, and how many of them were played. */
  sessions: number;
  sessionsPlayed: number;
  /** The device of the trace. */
  recordedDevice?: string;
  /** The volatile patterns that applied. */
  ignorePatterns: string[];
  warnings: string[];
}

export interface ReplayAcsReport {
  /** The bench device the requests were played to (`OUI-ProductClass-SerialNumber`). */
  device: string;
  rpcs: ReplayedRpc[];
  summary: ReplayAcsSummary;
}

/** Builds the report from per-RPC outcomes. */
export function acsReport(
  device: string,
  rows: Array<{ index: number; name: string; recorded: RecordedAnswer; replayed: RecordedAnswer; played: boolean; diff: DiffResult }>,
  extra: Pick<ReplayAcsSummary, 'sessions' | 'sessionsPlayed' | 'recordedDevice' | 'ignorePatterns' | 'warnings'>,
): ReplayAcsReport {
  const rpcs: ReplayedRpc[] = rows.map((r) => ({ index: r.index, name: r.name, recorded: r.recorded, replayed: r.replayed, differences: r.diff.differences }));
  const different = rows.filter((r) => r.played && r.diff.differences.length > 0).length;
  const notRun = rows.filter((r) => !r.played).length;
  return {
    device,
    rpcs,
    summary: {
      rpcs: rows.length,
      identical: rows.length - different - notRun,
      different,
      notRun,
      differences: rows.reduce((n, r) => n + r.diff.differences.length, 0),
      ignored: rows.reduce((n, r) => n + r.diff.ignored, 0),
      ...extra,
    },
  };
}

/** `replay acs` exit status: 0 no difference, 1 differences (or requests not played). */
export function acsReportExitCode(report: ReplayAcsReport): 0 | 1 {
  return report.summary.different === 0 && report.summary.notRun === 0 ? 0 : 1;
}

function show(v: unknown): string {
  return v === null || v === undefined ? '—' : JSON.stringify(v);
}

/** The report as text, one block per request. */
export function acsReportText(report: ReplayAcsReport): string {
  const lines: string[] = [];
  for (const r of report.rpcs) {
    const state = r.replayed === null ? 'not answered' : r.differences.length === 0 ? 'same' : `${r.differences.length} difference${r.differences.length > 1 ? 's' : ''}`;
    lines.push(`#${r.index} ${r.name}: ${state}`);
    for (const d of r.differences) lines.push(`    ${d.kind.padEnd(12)} ${d.path || '(answer)'}: ${show(d.recorded)} → ${show(d.replayed)}`);
  }
  const s = report.summary;
  lines.push('');
  lines.push(
    `${report.device}: ${s.rpcs} request(s) in ${s.sessionsPlayed}/${s.sessions} session(s): ${s.identical} same, ${s.different} different, ${s.notRun} not answered; ` +
      `${s.differences} difference(s), ${s.ignored} volatile ignored`,
  );
  for (const w of s.warnings) lines.push(`warning: ${w}`);
  return `${lines.join('\n')}\n`;
}
