import { useMemo, type ReactElement } from 'react';
import { useSlice, useStores } from '../../app/context';
import { areasOf } from '../../state/tests';

/** The suite by area: tick an area or single cases; destructive ones are marked and never ticked by an area. */
export function CasePicker(): ReactElement {
  const { tests } = useStores();
  const cases = useSlice(tests, (s) => s.cases);
  const picked = useSlice(tests, (s) => s.picked);
  const areas = useMemo(() => areasOf(cases), [cases]);
  const count = cases.filter((c) => picked[c.id]).length;

  return (
    <div className="tests-section" data-testid="tests-picker">
      <div style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
        <strong>Cases</strong>
        <span className="muted" data-testid="tests-picked-count">
          {count} of {cases.length} picked
        </span>
        <span style={{ flex: 1 }} />
        <button type="button" className="btn small" onClick={() => tests.getState().pickDefault()}>
          All safe
        </button>
        <button type="button" className="btn small" onClick={() => tests.getState().pickNone()}>
          None
        </button>
      </div>
      {areas.map(({ area, cases: list }) => {
        const on = list.filter((c) => picked[c.id]).length;
        const safe = list.filter((c) => !c.destructive);
        const allSafe = safe.length > 0 && safe.every((c) => picked[c.id]);
        return (
          <div className="tests-area" key={area}>
            <details>
              <summary>
                <label onClick={(e) => e.stopPropagation()}>
                  <input
                    type="checkbox"
                    aria-label={`Area ${area}`}
                    checked={allSafe}
                    ref={(el) => {
                      if (el) el.indeterminate = on > 0 && !allSafe;
                    }}
                    onChange={(e) => tests.getState().setArea(area, e.target.checked)}
                  />{' '}
                  {area} <span className="faint">({on}/{list.length})</span>
                </label>
              </summary>
              <div className="cases">
                {list.map((c) => (
                  <label key={c.id} title={`${c.id} · TR-069 ${c.section} · ${c.requirement}`}>
                    <input type="checkbox" checked={picked[c.id] === true} onChange={() => tests.getState().toggleCase(c.id)} data-testid={`tests-pick-${c.id}`} /> {c.title}{' '}
                    {c.destructive ? <span className="badge fault">destructive</span> : null}
                  </label>
                ))}
              </div>
            </details>
          </div>
        );
      })}
    </div>
  );
}
