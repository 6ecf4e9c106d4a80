/**
 * `--html`: one self-contained page — inline CSS, no script, no external reference (its CSP forbids any
 * fetch) — with the verdict table and each case's exchanges pretty-printed. Everything from the device or
 * the suite is escaped: a CPE's fault string must not be able to add markup to a report someone opens.
 */
import type { CaseResult, Verdict } from '../../../src-shared/testing/report';
import { summarise } from '../../../src-shared/testing/report';
import { caseExchanges, type ReportInput } from './exchange-log';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

const STYLE = `
:root { color-scheme: light dark; --pass: #1a7f37; --fail: #cf222e; --skip: #8c8c8c; --error: #bc4c00; }
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
.meta { color: GrayText; margin-bottom: 1rem; }
.summary span { margin-right: 1rem; font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0 2rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid color-mix(in srgb, currentColor 15%, transparent); vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.v { font-weight: 700; text-transform: uppercase; font-size: .8rem; }
.v-pass { color: var(--pass); } .v-fail { color: var(--fail); } .v-skip { color: var(--skip); } .v-error { color: var(--error); }
code { font: 12px ui-monospace, monospace; }
details { margin: .5rem 0; border: 1px solid color-mix(in srgb, currentColor 15%, transparent); border-radius: 4px; padding: .4rem .6rem; }
summary { cursor: pointer; }
pre { font: 12px/1.35 ui-monospace, monospace; white-space: pre-wrap; word-break: break-all; background: color-mix(in srgb, currentColor 6%, transparent); padding: .5rem; margin: .25rem 0; }
.x-head { font: 12px ui-monospace, monospace; margin-top: .6rem; }
`;

function verdict(v: Verdict): string {
  return `<span class="v v-${v}">${v}</span>`;
}

function row(c: CaseResult): string {
  const cells = [
    verdict(c.verdict),
    `<a href="#case-${escapeHtml(c.id)}"><code>${escapeHtml(c.id)}</code></a>`,
    escapeHtml(c.title),
    escapeHtml(c.area),
    escapeHtml(c.section),
    `${(c.durationMs / 1000).toFixed(2)} s`,
    escapeHtml(c.reason),
  ];
  return `<tr>${cells.map((cell, i) => `<td${i === 5 ? ' class="num"' : ''}>${cell}</td>`).join('')}</tr>`;
}

function detail(c: CaseResult, input: ReportInput): string {
  const facts = [
    `<div>${verdict(c.verdict)} ${escapeHtml(c.reason)}</div>`,
    `<div>TR-069 ${escapeHtml(c.section)} · ${escapeHtml(c.requirement)}${c.destructive ? ' · destructive' : ''}</div>`,
  ];
  if (c.expected !== undefined) facts.push(`<div>Expected: ${escapeHtml(c.expected)}</div>`);
  if (c.actual !== undefined) facts.push(`<div>Actual: ${escapeHtml(c.actual)}</div>`);
  const exchanges = caseExchanges(c, input.exchange).map((x) =>
    [
      `<div class="x-head">${escapeHtml(x.heading)}</div>`,
      x.request ? `<pre title="CPE → ACS">${escapeHtml(x.request)}</pre>` : '',
      x.response ? `<pre title="ACS → CPE">${escapeHtml(x.response)}</pre>` : '',
    ].join(''),
  );
  return [
    `<details id="case-${escapeHtml(c.id)}"${c.verdict === 'fail' || c.verdict === 'error' ? ' open' : ''}>`,
    `<summary>${verdict(c.verdict)} <code>${escapeHtml(c.id)}</code> ${escapeHtml(c.title)}</summary>`,
    ...facts,
    exchanges.length ? exchanges.join('') : '<div class="meta">No exchanges recorded for this case.</div>',
    '</details>',
  ].join('\n');
}

export function htmlReport(input: ReportInput): string {
  const { report } = input;
  const s = summarise(report.cases);
  const title = `CWMP test run: ${report.device}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<div class="meta">Firmware ${escapeHtml(report.firmware)} · started ${escapeHtml(report.startedAt)} · ${(report.durationMs / 1000).toFixed(1)} s</div>
<div class="summary">${(['pass', 'fail', 'skip', 'error'] as const).map((v) => `<span class="v-${v}">${s[v]} ${v}</span>`).join('')}</div>
<table>
<thead><tr><th>Verdict</th><th>Id</th><th>Title</th><th>Area</th><th>Section</th><th>Time</th><th>Reason</th></tr></thead>
<tbody>
${report.cases.map(row).join('\n')}
</tbody>
</table>
<h2>Cases</h2>
${report.cases.map((c) => detail(c, input)).join('\n')}
</body>
</html>
`;
}
