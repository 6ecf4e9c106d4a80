/**
 * `--junit`: one `<testsuite>` per area, `<testcase classname name time>`, `<failure message>` with the
 * expected and actual behaviour, `<error message>`, `<skipped message>`, and each case's exchange log in
 * `<system-out>` — the Ant/Jenkins schema that GitLab, Jenkins, GitHub test reporters and Azure read.
 * Device text (bodies, fault strings) reaches it, so every value goes through the CWMP builder's escaping.
 */
import { create } from 'xmlbuilder2';
import type { CaseResult } from '../../../src-shared/testing/report';
import { summarise } from '../../../src-shared/testing/report';
import { finishXml, toXmlAttr, toXmlText } from '../../../src-shared/cwmp/xml-escape';
import { exchangeLog, type ReportInput } from './exchange-log';

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

/** The cases grouped by area, areas in the order they first appear (the suite's order). */
export function byArea(cases: readonly CaseResult[]): Map<string, CaseResult[]> {
  const areas = new Map<string, CaseResult[]>();
  for (const c of cases) {
    const list = areas.get(c.area);
    if (list) list.push(c);
    else areas.set(c.area, [c]);
  }
  return areas;
}

function failureText(c: CaseResult): string {
  const lines: string[] = [];
  if (c.expected !== undefined) lines.push(`expected: ${c.expected}`);
  if (c.actual !== undefined) lines.push(`actual: ${c.actual}`);
  if (lines.length === 0) lines.push(c.reason);
  lines.push(`section: TR-069 ${c.section} (${c.requirement})`);
  return lines.join('\n');
}

export function junitReport({ report, exchange }: ReportInput): string {
  const total = summarise(report.cases);
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('testsuites', {
    name: toXmlAttr(`CWMP ${report.device} ${report.firmware}`),
    tests: String(report.cases.length),
    failures: String(total.fail),
    errors: String(total.error),
    skipped: String(total.skip),
    time: seconds(report.durationMs),
    timestamp: toXmlAttr(report.startedAt),
  });
  for (const [area, cases] of byArea(report.cases)) {
    const s = summarise(cases);
    const suite = root.ele('testsuite', {
      name: toXmlAttr(area),
      tests: String(cases.length),
      failures: String(s.fail),
      errors: String(s.error),
      skipped: String(s.skip),
      time: seconds(cases.reduce((sum, c) => sum + c.durationMs, 0)),
      timestamp: toXmlAttr(report.startedAt),
      hostname: toXmlAttr(report.device),
    });
    suite.ele('properties')
      .ele('property', { name: 'device', value: toXmlAttr(report.device) }).up()
      .ele('property', { name: 'firmware', value: toXmlAttr(report.firmware) });
    for (const c of cases) {
      const tc = suite.ele('testcase', { classname: toXmlAttr(area), name: toXmlAttr(`${c.id}: ${c.title}`), time: seconds(c.durationMs) });
      const message = toXmlAttr(c.reason || c.verdict);
      if (c.verdict === 'fail') tc.ele('failure', { message, type: 'fail' }).txt(toXmlText(failureText(c)));
      else if (c.verdict === 'error') tc.ele('error', { message, type: 'error' }).txt(toXmlText(failureText(c)));
      else if (c.verdict === 'skip') tc.ele('skipped', { message });
      const log = exchangeLog(c, exchange);
      if (log) tc.ele('system-out').txt(toXmlText(log));
    }
  }
  return `${finishXml(root.end({ prettyPrint: true }))}\n`;
}
