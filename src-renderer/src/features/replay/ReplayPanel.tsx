import { useMemo, type ReactElement } from 'react';
import type { ReplayInfo } from '../../../../src-shared/api/replay';
import type { ReplayedRpc } from '../../../../src-shared/replay/report';
import { sideBySide } from '../../../../src-shared/replay/side-by-side';
import { useSlice, useStores } from '../../app/context';
import { saveFile } from '../../lib/file-io';
import { errorText } from '../../state/caller';
import './replay.css';

/** One request: recorded answer left, bench CPE's right, the differing rows highlighted. */
function RpcDiff({ rpc }: { rpc: ReplayedRpc }): ReactElement {
  const rows = useMemo(() => sideBySide(rpc.recorded, rpc.replayed, rpc.differences), [rpc]);
  const n = rpc.differences.length;
  return (
    <details className="replay-rpc" open={n > 0} data-testid="replay-rpc">
      <summary>
        <span className="mono">#{rpc.index}</span>
        <strong>{rpc.name}</strong>
        {rpc.replayed === null ? <span className="badge warn">not answered</span> : n > 0 ? <span className="badge fault">{n} difference{n > 1 ? 's' : ''}</span> : <span className="badge ok">same</span>}
      </summary>
      <table className="replay-sbs">
        <colgroup>
          <col style={{ width: '34%' }} />
          <col style={{ width: '28%' }} />
          <col style={{ width: '28%' }} />
          <col style={{ width: '10%' }} />
        </colgroup>
        <thead>
          <tr>
            <th>Parameter</th>
            <th>Recorded</th>
            <th>Replayed</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.path} className={r.kind ? 'differs' : undefined} data-testid={r.kind ? 'replay-diff-row' : undefined}>
              <td className="mono">{r.path}</td>
              <td className="mono">{r.recorded ?? <span className="faint">—</span>}</td>
              <td className="mono">{r.replayed ?? <span className="faint">—</span>}</td>
              <td className="kind">{r.kind ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function CpeReportView({ info }: { info: ReplayInfo }): ReactElement | null {
  const r = info.cpeReport;
  if (!r) return null;
  return (
    <table className="grid" data-testid="replay-cpe-report">
      <thead>
        <tr>
          <th>Session</th>
          <th>Events</th>
          <th>Recorded</th>
          <th>Sent now</th>
          <th>Divergence</th>
        </tr>
      </thead>
      <tbody>
        {r.sessions.map((s) => {
          const diverged = s.unexpected.length + s.notSent.length > 0;
          return (
            <tr key={s.session} className={diverged ? 'changed' : undefined}>
              <td>{s.session}</td>
              <td className="mono">{s.events.join(', ')}</td>
              <td className="mono">{s.recorded.join(', ') || '—'}</td>
              <td className="mono">{s.sent.join(', ') || '—'}</td>
              <td>
                {s.unexpected.map((u, i) => (
                  <div key={`u${i}`}>sent, not in the trace: {u.name}</div>
                ))}
                {s.notSent.map((u, i) => (
                  <div key={`n${i}`}>in the trace, not sent: {u.name}</div>
                ))}
                {diverged ? null : <span className="badge ok">as recorded</span>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The replay on screen: progress while it runs; then the side-by-side diff (ACS side) or the divergences (CPE side). */
export function ReplayPanel(): ReactElement | null {
  const { replay } = useStores();
  const replays = useSlice(replay, (s) => s.replays);
  const shown = useSlice(replay, (s) => s.shown);
  const info = replays.find((r) => r.id === shown);
  if (!info) return null;
  const report = info.acsReport ?? info.cpeReport;
  const exportJson = async (): Promise<void> => {
    await saveFile({
      suggestedName: `replay-${info.side}-${info.id}.json`,
      data: `${JSON.stringify(report, null, 2)}\n`,
      mediaType: 'application/json',
      filters: [{ name: 'JSON', extensions: ['json'] }],
    }).catch((err: unknown) => replay.setState({ error: errorText(err) }));
  };
  const s = info.acsReport?.summary;
  return (
    <div className="replay-panel" data-testid="replay-panel">
      <div className="toolbar">
        <strong>{info.side === 'acs' ? 'Replay against a device' : 'Virtual CPE'}</strong>
        <span className="muted mono">{info.capture}</span>
        <span className={`badge ${info.state === 'failed' ? 'fault' : info.state === 'running' ? 'warn' : info.verdict === 0 ? 'ok' : 'fault'}`} data-testid="replay-state">
          {info.state === 'done' ? (info.verdict === 0 ? 'no difference' : 'differences') : info.state}
        </span>
        <span className="grow" />
        {info.state === 'running' ? (
          <button type="button" className="btn small" onClick={() => void replay.getState().cancel(info.id)}>
            Stop
          </button>
        ) : null}
        <button type="button" className="btn small" disabled={!report} onClick={() => void exportJson()} data-testid="replay-export">
          Export JSON
        </button>
        <button type="button" className="btn small" onClick={() => replay.getState().show(null)}>
          Close
        </button>
      </div>
      {info.error ? <div className="notice fault" style={{ margin: '0 10px' }}>{info.error}</div> : null}
      {info.progress.length ? <div className="replay-progress">{info.progress.join('\n')}</div> : null}
      {s ? (
        <div className="muted" style={{ padding: '4px 10px' }} data-testid="replay-summary">
          {info.acsReport!.device}: {s.rpcs} requests, {s.identical} same, {s.different} different, {s.notRun} not answered; {s.differences} differences, {s.ignored} volatile ignored
        </div>
      ) : null}
      {info.acsReport?.rpcs.map((rpc) => <RpcDiff key={rpc.index} rpc={rpc} />)}
      <CpeReportView info={info} />
    </div>
  );
}
