import type { ReactElement, ReactNode } from 'react';
import type { FindingCounts } from '../../../../src-shared/api/index';
import type { ConformanceRule, Finding, FindingSeverity } from '../../../../src-shared/conformance/types';
import { diagnosticCode, explainFinding, findingText, severityIcon } from './findings';

export function SeverityIcon({ severity }: { severity: FindingSeverity }): ReactElement {
  return (
    <span className={`sev sev-${severity}`} title={severity} aria-label={severity}>
      {severityIcon(severity)}
    </span>
  );
}

/** "2 errors · 1 warning", or "No findings". */
export function CountsLine({ counts }: { counts: FindingCounts }): ReactElement {
  const parts: ReactElement[] = [];
  const add = (n: number, word: string, cls: string): void => {
    if (n > 0) parts.push(<span key={word} className={`badge ${cls}`}>{`${n} ${word}${n === 1 ? '' : 's'}`}</span>);
  };
  add(counts.error, 'error', 'fault');
  add(counts.warning, 'warning', 'warn');
  add(counts.info, 'note', 'info');
  if (parts.length === 0) return <span className="badge ok">No findings</span>;
  return <span className="counts">{parts}</span>;
}

/** One finding as a table row: severity, rule and section, what is wrong, where; decoder codes explained. */
export function FindingRow({ finding, rule, where, extra }: { finding: Finding; rule?: ConformanceRule; where?: ReactNode; extra?: ReactNode }): ReactElement {
  const code = diagnosticCode(finding.message);
  const why = explainFinding(finding);
  return (
    <tr className={`finding finding-${finding.severity}`} data-testid="finding" data-rule={finding.ruleId} data-code={code}>
      <td className="nowrap">
        <SeverityIcon severity={finding.severity} />
      </td>
      <td className="nowrap">
        <span className="mono" title={rule?.title}>
          {finding.ruleId}
        </span>
        <div className="faint">§ {finding.section}</div>
      </td>
      <td>
        <div>
          {findingText(finding.message)} {code ? <code className="faint">{code}</code> : null}
        </div>
        {why ? <div className="muted finding-why">{why}</div> : null}
        {finding.path ? <div className="faint mono">at {finding.path}</div> : null}
        {extra}
      </td>
      {where !== undefined ? <td className="nowrap">{where}</td> : null}
    </tr>
  );
}

/** A table of findings; `where` adds a column (an exchange link), `note` a line under each finding (its direction). */
export function FindingTable<F extends Finding>({
  findings,
  rules,
  where,
  whereTitle = 'Where',
  note,
}: {
  findings: readonly F[];
  rules: readonly ConformanceRule[];
  where?: (f: F) => ReactNode;
  whereTitle?: string;
  note?: (f: F) => ReactNode;
}): ReactElement {
  return (
    <table className="grid findings" data-testid="findings">
      <thead>
        <tr>
          <th style={{ width: 18 }} />
          <th>Rule</th>
          <th>Finding</th>
          {where ? <th>{whereTitle}</th> : null}
        </tr>
      </thead>
      <tbody>
        {findings.map((f, i) => (
          <FindingRow key={i} finding={f} rule={rules.find((r) => r.id === f.ruleId)} where={where ? where(f) : undefined} extra={note ? note(f) : undefined} />
        ))}
      </tbody>
    </table>
  );
}
