import { useMemo, type ReactElement } from 'react';
import type { TestRun } from '../../../../src-shared/api/tests';
import { useSlice, useStores } from '../../app/context';
import { GridHead } from '../../lib/GridHead';
import { areasOf, filterRows, runRows } from '../../state/tests';
import { VerdictBadge } from './VerdictBadge';

const VERDICTS = ['all', 'pass', 'fail', 'error', 'skip'] as const;

/** Every case of the run with its verdict (or still to come), filtered by verdict, area and text. */
export function VerdictTable({ run, selected, onSelect }: { run: TestRun; selected: string | null; onSelect(id: string): void }): ReactElement {
  const { tests } = useStores();
  const filter = useSlice(tests, (s) => s.filter);
  const rows = useMemo(() => runRows(run), [run]);
  const shown = useMemo(() => filterRows(rows, filter), [rows, filter]);
  const areas = useMemo(() => areasOf(run.selected).map((a) => a.area), [run.selected]);

  return (
    <>
      <div className="toolbar" data-testid="tests-filters">
        <label>
          Verdict{' '}
          <select value={filter.verdict} onChange={(e) => tests.getState().setFilter({ verdict: e.target.value as (typeof VERDICTS)[number] })} data-testid="tests-filter-verdict">
            {VERDICTS.map((v) => (
              <option key={v} value={v}>
                {v === 'all' ? 'All' : v}
              </option>
            ))}
          </select>
        </label>
        <label>
          Area{' '}
          <select value={filter.area} onChange={(e) => tests.getState().setFilter({ area: e.target.value })}>
            <option value="all">All</option>
            {areas.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <input type="search" placeholder="Filter cases" value={filter.text} onChange={(e) => tests.getState().setFilter({ text: e.target.value })} aria-label="Filter cases" />
        <span className="grow" />
        <span className="muted">
          {shown.length} of {rows.length}
        </span>
      </div>
      <div className="tests-table">
        <table className="grid" data-testid="tests-verdicts">
          <GridHead columns={['Verdict', 'Case', 'Title', 'Area', 'Section', 'Time', 'Reason']} />
          <tbody>
            {shown.map((r) => (
              <tr key={r.id} className="clickable" aria-selected={selected === r.id} onClick={() => onSelect(r.id)} data-testid={`tests-row-${r.id}`}>
                <td>
                  <VerdictBadge verdict={r.verdict} running={run.current === r.id} />
                </td>
                <td className="mono nowrap">{r.id}</td>
                <td>
                  {r.title} {r.destructive ? <span className="badge fault">destructive</span> : null}
                </td>
                <td className="nowrap">{r.area}</td>
                <td className="nowrap">{r.section}</td>
                <td className="nowrap">{r.durationMs !== undefined ? `${(r.durationMs / 1000).toFixed(2)} s` : ''}</td>
                <td className={r.verdict === 'fail' || r.verdict === 'error' ? 'error-text' : 'muted'}>{r.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
