import { Fragment, useMemo, useState, type ReactElement } from 'react';
import type { DeviceSummary } from '../../../../src-shared/api/index';
import { useSlice, useStores } from '../../app/context';
import { formatDuration, formatTime } from '../../lib/format';
import { isFault } from '../../state/traffic-rows';
import { GridHead } from '../../lib/GridHead';
import { deviceSessions } from './session-groups';

/** The device's recent exchanges grouped by session, newest session first; a click opens one in Traffic. */
export function SessionsTab({ device }: { device: DeviceSummary }): ReactElement {
  const { traffic, navigation } = useStores();
  const rows = useSlice(traffic, (s) => s.rows);
  const sessions = useMemo(() => deviceSessions(rows, device.id), [rows, device.id]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const exchanges = sessions.reduce((n, g) => n + g.rows.length, 0);
  const toggle = (key: string): void => {
    const next = new Set(collapsed);
    if (!next.delete(key)) next.add(key);
    setCollapsed(next);
  };

  return (
    <div className="panel" data-testid="device-sessions">
      <div className="toolbar" style={{ margin: '-12px -14px 8px', borderTop: 0 }}>
        <span className="muted">
          Latest {sessions.length} session{sessions.length === 1 ? '' : 's'} ({exchanges} exchange{exchanges === 1 ? '' : 's'}) of this device
        </span>
        <span className="grow" />
        <button type="button" className="btn" onClick={() => setCollapsed(collapsed.size ? new Set() : new Set(sessions.map((g) => g.key)))}>
          {collapsed.size ? 'Expand all' : 'Collapse all'}
        </button>
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
        <GridHead columns={['Time', 'RPC', 'HTTP', 'Duration']} />
        <tbody>
          {sessions.map((g) => {
            const open = !collapsed.has(g.key);
            return (
              <Fragment key={g.key}>
                <tr className="clickable session-head" aria-expanded={open} onClick={() => toggle(g.key)} data-testid="session-group">
                  <td colSpan={4}>
                    <span className="chev">{open ? '▾' : '▸'}</span> <span className="mono">{formatTime(g.startedAt)}</span>{' '}
                    <span className="faint mono">{g.key.startsWith('conn:') ? 'connection' : `session ${g.key.slice(0, 12)}`}</span>{' '}
                    <span className="badge">
                      {g.rows.length} exchange{g.rows.length === 1 ? '' : 's'}
                    </span>{' '}
                    {g.faults ? <span className="badge fault">{g.faults} fault{g.faults === 1 ? '' : 's'}</span> : null} {g.events.length ? <span className="muted">{g.events.join(', ')}</span> : null}
                  </td>
                </tr>
                {open
                  ? g.rows.map((r) => (
                      <tr
                        key={r.id}
                        className="clickable"
                        data-testid="session-exchange"
                        onClick={() => {
                          traffic.getState().setFilter({ deviceId: device.id });
                          void traffic.getState().select(r.id);
                          traffic.getState().setFollow(false);
                          navigation.getState().go('traffic');
                        }}
                      >
                        <td className="mono nowrap" style={{ paddingLeft: 22 }}>
                          {formatTime(r.startedAt)}
                        </td>
                        <td className={isFault(r) ? 'error-text' : undefined}>
                          {r.requestRpc ?? '(empty)'} → {r.responseRpc ?? '(empty)'} {r.faultCode !== undefined ? `(${r.faultCode})` : ''}
                        </td>
                        <td>{r.status ?? ''}</td>
                        <td>{formatDuration(r.durationMs)}</td>
                      </tr>
                    ))
                  : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
