import { useState, type ReactElement } from 'react';
import type { TestsResults } from '../../../../src-shared/api/tests';
import { useStores } from '../../app/context';
import { GridHead } from '../../lib/GridHead';
import { VerdictBadge } from './VerdictBadge';

/** Two runs side by side: every case's verdict in A and in B, the ones that changed first in attention. */
export function RunCompare({ comparison }: { comparison: TestsResults['tests/compare'] }): ReactElement {
  const { tests } = useStores();
  const [onlyChanged, setOnlyChanged] = useState(true);
  const { a, b, rows } = comparison;
  const changed = rows.filter((r) => r.changed);
  const shown = onlyChanged ? changed : rows;
  const label = (r: typeof a): string => `${r.firmware || '?'} · ${new Date(r.startedAt).toLocaleString()}`;

  return (
    <div className="tests-main" data-testid="tests-comparison">
      <div className="toolbar">
        <strong>Compare</strong>
        <span>
          A: <span className="mono">{label(a)}</span>
        </span>
        <span>
          B: <span className="mono">{label(b)}</span>
        </span>
        <span className="muted" data-testid="tests-changed-count">
          {changed.length} changed ({changed.filter((r) => r.direction === 'regressed').length} regressed, {changed.filter((r) => r.direction === 'fixed').length} fixed)
        </span>
        <span className="grow" />
        <label>
          <input type="checkbox" checked={onlyChanged} onChange={(e) => setOnlyChanged(e.target.checked)} /> Only changed
        </label>
        <button type="button" className="btn small" onClick={() => tests.getState().closeComparison()}>
          Close
        </button>
      </div>
      <div className="tests-table">
        <table className="grid">
          <GridHead columns={['Case', 'Title', 'Area', 'A', 'B', '']} />
          <tbody>
            {shown.map((r) => (
              <tr key={r.id} className={r.changed ? 'changed' : undefined} data-testid={`tests-compare-${r.id}`}>
                <td className="mono nowrap">{r.id}</td>
                <td>{r.title}</td>
                <td className="nowrap">{r.area}</td>
                <td title={r.aReason}>{r.a ? <VerdictBadge verdict={r.a} /> : <span className="faint">not run</span>}</td>
                <td title={r.bReason}>{r.b ? <VerdictBadge verdict={r.b} /> : <span className="faint">not run</span>}</td>
                <td>{r.direction ? <span className={`badge ${r.direction === 'fixed' ? 'ok' : 'fault'}`}>{r.direction}</span> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {shown.length === 0 ? <div className="empty">No case changed verdict.</div> : null}
      </div>
    </div>
  );
}
