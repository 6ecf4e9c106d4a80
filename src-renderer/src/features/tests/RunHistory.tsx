import { useState, type ReactElement } from 'react';
import { useSlice, useStores } from '../../app/context';

/** A device's runs, newest first: open one, or tick two to compare (A the older, B the newer). */
export function RunHistory({ deviceId }: { deviceId: string }): ReactElement {
  const { tests } = useStores();
  const runs = useSlice(tests, (s) => s.runs[deviceId]) ?? [];
  const open = useSlice(tests, (s) => s.run?.runId);
  const [ticked, setTicked] = useState<string[]>([]);

  const tick = (runId: string): void => setTicked((t) => (t.includes(runId) ? t.filter((x) => x !== runId) : [...t, runId].slice(-2)));
  const compare = (): void => {
    // Older first: "what changed from A to B" reads forward in time.
    const [a, b] = runs.filter((r) => ticked.includes(r.runId)).reverse();
    if (a && b) void tests.getState().compare(a.runId, b.runId);
  };

  return (
    <div className="tests-section" data-testid="tests-runs">
      <div style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
        <strong>Runs</strong>
        <span style={{ flex: 1 }} />
        <button type="button" className="btn small" disabled={ticked.length !== 2} onClick={compare} data-testid="tests-compare">
          Compare
        </button>
      </div>
      {runs.length === 0 ? <div className="faint">No runs on this device yet.</div> : null}
      {runs.map((r) => (
        <div key={r.runId} style={{ display: 'flex', alignItems: 'center', gap: 6 }} data-testid="tests-run-row">
          <input type="checkbox" aria-label={`Compare run ${r.startedAt}`} checked={ticked.includes(r.runId)} onChange={() => tick(r.runId)} />
          <button type="button" className="btn small" aria-pressed={open === r.runId} onClick={() => void tests.getState().openRun(r.runId)} title={r.message ?? r.status}>
            {new Date(r.startedAt).toLocaleString()}
          </button>
          <span className="mono faint" title="Firmware">
            {r.firmware || '?'}
          </span>
          <span className="muted">
            {r.status === 'running' ? `${r.done}/${r.total}` : `${r.summary.pass}✓ ${r.summary.fail}✗ ${r.summary.error}! ${r.summary.skip}–`}
          </span>
          {r.status !== 'finished' ? <span className={`badge ${r.status === 'running' ? 'info' : 'warn'}`}>{r.status}</span> : null}
        </div>
      ))}
    </div>
  );
}
