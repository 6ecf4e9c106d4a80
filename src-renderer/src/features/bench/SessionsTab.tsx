import { useMemo, type ReactElement } from 'react';
import type { DeviceSummary } from '../../../../src-shared/api/index';
import { useSlice, useStores } from '../../app/context';
import { formatDuration, formatTime } from '../../lib/format';
import { isFault } from '../../state/traffic-rows';
import { GridHead } from '../../lib/GridHead';

/** The device's recent exchanges, newest first; a click opens them in the Traffic view. */
export function SessionsTab({ device }: { device: DeviceSummary }): ReactElement {
  const { traffic, navigation } = useStores();
  const rows = useSlice(traffic, (s) => s.rows);
  const mine = useMemo(() => {
    const out = [];
    for (let i = rows.length - 1; i >= 0 && out.length < 300; i--) if (rows[i].deviceId === device.id) out.push(rows[i]);
    return out;
  }, [rows, device.id]);

  return (
    <div className="panel" data-testid="device-sessions">
      <div className="toolbar" style={{ margin: '-12px -14px 8px', borderTop: 0 }}>
        <span className="muted">Latest {mine.length} exchanges of this device</span>
        <span className="grow" />
        <button
          type="button"
          className="btn"
          onClick={() => {
            traffic.getState().setFilter({ deviceId: device.id });
            navigation.getState().go('traffic');
          }}
        >
          Open in Traffic
        </button>
      </div>
      <table className="grid">
        <GridHead columns={['Time', 'Session', 'RPC', 'HTTP', 'Duration']} />
        <tbody>
          {mine.map((r) => (
            <tr
              key={r.id}
              className="clickable"
              onClick={() => {
                traffic.getState().setFilter({ deviceId: device.id });
                void traffic.getState().select(r.id);
                traffic.getState().setFollow(false);
                navigation.getState().go('traffic');
              }}
            >
              <td className="mono nowrap">{formatTime(r.startedAt)}</td>
              <td className="mono faint">{r.groupKey.slice(0, 12)}</td>
              <td className={isFault(r) ? 'error-text' : undefined}>
                {r.requestRpc ?? '(empty)'} → {r.responseRpc ?? '(empty)'} {r.faultCode !== undefined ? `(${r.faultCode})` : ''}
              </td>
              <td>{r.status ?? ''}</td>
              <td>{formatDuration(r.durationMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
