import { conformanceRule, type ConformanceRuleId } from './rules';
import type { Finding } from './types';

/** Collects findings, filling severity and section from the rule table. */
export class FindingCollector {
  readonly findings: Finding[] = [];

  add(ruleId: ConformanceRuleId, message: string, path?: string): void {
    const rule = conformanceRule(ruleId);
    const f: Finding = { ruleId, severity: rule.severity, section: rule.section, message };
    if (path !== undefined) f.path = path;
    this.findings.push(f);
  }
}

/** `"value"`, shortened for messages. */
export function quote(value: string, max = 80): string {
  return JSON.stringify(value.length > max ? `${value.slice(0, max)}…` : value);
}
