import { useEffect, useMemo, useState, type ReactElement } from 'react';
import { useSlice, useStores } from '../../app/context';
import { formatAge } from '../../lib/format';
import { DevicePage } from './DevicePage';
import { PrepareDialog } from './PrepareDialog';

export function BenchView(): ReactElement {
  const { devices: store } = useStores();
  const devices = useSlice(store, (s) => s.devices);
  const selectedId = useSlice(store, (s) => s.selectedId);
  const loaded = useSlice(store, (s) => s.loaded);
  const error = useSlice(store, (s) => s.error);
  const [query, setQuery] = useState('');
  const [preparing, setPreparing] = useState(false);
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!q) return devices;
    return devices.filter((d) => [d.id, d.manufacturer, d.modelName, d.softwareVersion, d.ip].some((v) => v?.toLowerCase().includes(q)));
  }, [devices, query]);

  // With nothing chosen yet, open the first device so the page is never blank.
  useEffect(() => {
    if (!selectedId && devices.length) store.getState().select(devices[0].id);
  }, [selectedId, devices, store]);

  const selected = devices.find((d) => d.id === selectedId);
  return (
    <div className="bench" data-testid="bench-view">
      <div
        className="device-list"
        role="listbox"
        aria-label="Devices"
        tabIndex={0}
        onKeyDown={(e) => {
          if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
          e.preventDefault();
          const at = shown.findIndex((d) => d.id === selectedId);
          const next = shown[Math.min(shown.length - 1, Math.max(0, at + (e.key === 'ArrowDown' ? 1 : -1)))];
          if (next) store.getState().select(next.id);
        }}
      >
        <div className="toolbar">
          <h2>Devices</h2>
          <span className="grow" />
          <span className="muted">{shown.length === devices.length ? devices.length : `${shown.length} of ${devices.length}`}</span>
          <button type="button" className="btn small" onClick={() => setPreparing(true)} title="Queue tasks for a device that has not informed yet" data-testid="prepare-open">
            Prepare…
          </button>
        </div>
        {devices.length > 6 ? (
          <div style={{ padding: '6px 10px', borderBottom: '1px solid var(--border)' }}>
            <input className="input" type="search" style={{ width: '100%' }} placeholder="Filter: serial, model, version, IP" aria-label="Filter devices" value={query} onChange={(e) => setQuery(e.target.value)} />
          </div>
        ) : null}
        {error ? <div className="empty error-text">{error}</div> : null}
        {loaded && devices.length === 0 ? <div className="empty">No device has informed yet. Point a CPE at the ACS URL shown in the status bar.</div> : null}
        {shown.map((d) => (
          <button
            key={d.id}
            type="button"
            className="device-item"
            role="option"
            aria-selected={d.id === selectedId}
            data-testid="device-item"
            onClick={() => store.getState().select(d.id)}
          >
            <div className="line1">
              <span className={`dot ${d.online ? 'on' : ''}`} title={d.online ? 'online' : 'offline'} />
              {d.manufacturer} {d.modelName ?? d.productClass}
              {d.pendingTasks ? <span className="badge info">{d.pendingTasks} queued</span> : null}
            </div>
            <div className="line2 mono">{d.serialNumber}</div>
            <div className="line2">
              {d.softwareVersion ?? '—'} · {d.ip ?? 'no IP'} · {formatAge(d.lastInform)}
            </div>
            {d.lastEvents?.length ? (
              <div className="line2">
                {d.lastEvents.map((e) => (
                  <span key={e.eventCode} className="badge" style={{ marginRight: 4 }}>
                    {e.eventCode}
                  </span>
                ))}
              </div>
            ) : null}
          </button>
        ))}
      </div>
      {selected ? <DevicePage device={selected} /> : <div className="empty" style={{ flex: 1 }}>Select a device.</div>}
      {preparing ? <PrepareDialog onClose={() => setPreparing(false)} /> : null}
    </div>
  );
}
