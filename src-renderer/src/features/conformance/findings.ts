/** Findings made readable: decoder codes explained, counted and grouped by rule, most severe first. */
import type { ConformanceRule, Finding, FindingSeverity } from '../../../../src-shared/conformance/types';
import { describeDiagnostic } from '../../../../src-shared/cwmp/diagnostics';

const RANK: Record<FindingSeverity, number> = { error: 0, warning: 1, info: 2 };

export function severityRank(s: FindingSeverity): number {
  return RANK[s];
}

export function severityIcon(s: FindingSeverity): string {
  switch (s) {
    case 'error':
      return '✖';
    case 'warning':
      return '▲';
    case 'info':
      return 'ℹ';
    default: {
      const never: never = s;
      return String(never);
    }
  }
}

/** The decoder code a decode-warning finding ends with (`… [missing-xsi-type]`), if any. */
export function diagnosticCode(message: string): string | undefined {
  return /\[([a-z0-9-]+)\]\s*$/.exec(message)?.[1];
}

/** The finding's message without its trailing decoder code (shown apart). */
export function findingText(message: string): string {
  return message.replace(/\s*\[[a-z0-9-]+\]\s*$/, '');
}

/** What a decoder code in the finding means, in words; undefined for findings that are not decoder quirks. */
export function explainFinding(f: Pick<Finding, 'message'>): string | undefined {
  const code = diagnosticCode(f.message);
  return code ? describeDiagnostic(code) : undefined;
}

export interface RuleSummary {
  ruleId: string;
  severity: FindingSeverity;
  section: string;
  /** The rule's one-line description, when the rules have loaded. */
  title?: string;
  count: number;
  /** Distinct exchanges the rule fired on (tree findings have none). */
  exchanges: number;
}

/** Findings grouped by rule: most severe first, then most frequent, then by id. */
export function summarizeByRule<F extends Finding & { exchangeId?: string }>(
  findings: readonly F[],
  rules: readonly ConformanceRule[] = [],
): Array<RuleSummary & { findings: F[] }> {
  const byId = new Map<string, RuleSummary & { findings: F[]; seen: Set<string> }>();
  for (const f of findings) {
    let g = byId.get(f.ruleId);
    if (!g) {
      const rule = rules.find((r) => r.id === f.ruleId);
      g = { ruleId: f.ruleId, severity: f.severity, section: f.section, title: rule?.title, count: 0, exchanges: 0, findings: [], seen: new Set() };
      byId.set(f.ruleId, g);
    }
    g.count++;
    g.findings.push(f);
    if (severityRank(f.severity) < severityRank(g.severity)) g.severity = f.severity;
    if (f.exchangeId !== undefined && !g.seen.has(f.exchangeId)) {
      g.seen.add(f.exchangeId);
      g.exchanges++;
    }
  }
  return [...byId.values()]
    .map(({ seen: _seen, ...g }) => g)
    .sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || b.count - a.count || a.ruleId.localeCompare(b.ruleId));
}

/** Findings most severe first, keeping their order otherwise. */
export function bySeverity<F extends Finding>(findings: readonly F[]): F[] {
  return findings
    .map((f, i) => [f, i] as const)
    .sort(([a, i], [b, j]) => severityRank(a.severity) - severityRank(b.severity) || i - j)
    .map(([f]) => f);
}
