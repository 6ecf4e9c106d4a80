import { useEffect, useRef, useState, type ReactElement } from 'react';
import { useSlice, useStores } from '../../app/context';
import { exportHar } from '../../lib/har-export';
import { CheckXmlDialog } from '../conformance/CheckXml';

/** The filter bar. Text is applied after a short pause in typing; the store does the filtering. */

/** The filters give way (narrower) before the toolbar wraps onto a second line. */
const SELECT = { flex: '0 1 160px', minWidth: 76 } as const;

export function TrafficFilters(): ReactElement {
  const { traffic, client } = useStores();
  const filter = useSlice(traffic, (s) => s.filter);
  const devices = useSlice(traffic, (s) => s.devices);
  const rpcs = useSlice(traffic, (s) => s.rpcs);
  const eventCodes = useSlice(traffic, (s) => s.eventCodes);
  const paused = useSlice(traffic, (s) => s.paused);
  const held = useSlice(traffic, (s) => s.held);
  const follow = useSlice(traffic, (s) => s.follow);
  const grouping = useSlice(traffic, (s) => s.grouping);
  const [text, setText] = useState(filter.text);
  const [checkXml, setCheckXml] = useState(false);
  const search = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (text === traffic.getState().filter.text) return;
    const t = setTimeout(() => traffic.getState().setFilter({ text }), 120);
    return () => clearTimeout(t);
  }, [text, traffic]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return;
      if (e.key === '/' || (e.key === 'f' && (e.ctrlKey || e.metaKey))) {
        e.preventDefault();
        search.current?.focus();
        search.current?.select();
      } else if (e.key === 'p' && !e.ctrlKey && !e.metaKey && !e.altKey) {
        traffic.getState().setPaused(!traffic.getState().paused);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [traffic]);

  const set = traffic.getState().setFilter;
  return (
    <div className="toolbar one-line" role="search">
      <input
        ref={search}
        className="input"
        style={{ flex: '0 1 230px', minWidth: 100 }}
        type="search"
        placeholder="Filter: text, parameter name or value  ( / )"
        aria-label="Filter text"
        data-testid="traffic-filter-text"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') traffic.getState().setFilter({ text });
          if (e.key === 'Escape') {
            setText('');
            traffic.getState().setFilter({ text: '' });
          }
        }}
      />
      <select className="input" style={SELECT} aria-label="Device" value={filter.deviceId} onChange={(e) => set({ deviceId: e.target.value })} data-testid="traffic-filter-device">
        <option value="">All devices</option>
        {devices.map((d) => (
          <option key={d} value={d}>
            {d}
          </option>
        ))}
      </select>
      <select className="input" style={SELECT} aria-label="RPC" value={filter.rpc} onChange={(e) => set({ rpc: e.target.value })} data-testid="traffic-filter-rpc">
        <option value="">All RPCs</option>
        {rpcs.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      <select className="input" style={SELECT} aria-label="Event code" value={filter.eventCode} onChange={(e) => set({ eventCode: e.target.value })}>
        <option value="">All events</option>
        {eventCodes.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      <label className="check">
        <input type="checkbox" checked={filter.faultsOnly} onChange={(e) => set({ faultsOnly: e.target.checked })} data-testid="traffic-filter-faults" />
        Faults
      </label>
      <label className="check">
        <input type="checkbox" checked={filter.warningsOnly} onChange={(e) => set({ warningsOnly: e.target.checked })} />
        Warnings
      </label>
      <span className="grow" />
      <button type="button" className="btn" aria-pressed={grouping === 'session'} onClick={() => traffic.getState().setGrouping(grouping === 'session' ? 'flat' : 'session')} title="Group by CWMP session">
        Sessions
      </button>
      <button type="button" className="btn" aria-pressed={follow} onClick={() => traffic.getState().setFollow(!follow)} title="Keep the newest exchange in view">
        Follow
      </button>
      <button type="button" className="btn" aria-pressed={paused} onClick={() => traffic.getState().setPaused(!paused)} title="Pause the live list (P)" data-testid="traffic-pause">
        {paused ? `Resume${held ? ` (${held})` : ''}` : 'Pause'}
      </button>
      <button
        type="button"
        className="btn"
        title="Save the exchanges in the list (after filtering) as a HAR file"
        onClick={() => {
          const ids = new Set(traffic.getState().visible.map((r) => r.id));
          void exportHar(client, (x) => ids.has(x.id), 'traffic', traffic.getState().filter.deviceId || undefined);
        }}
      >
        Export HAR
      </button>
      <button type="button" className="btn" title="Decode and check a pasted CWMP message (from a customer's trace)" onClick={() => setCheckXml(true)}>
        Check XML
      </button>
      <button
        type="button"
        className="btn danger"
        onClick={() => {
          if (confirm('Clear the live traffic list? Captures on disk are kept.')) void client.call('traffic/clear', {});
        }}
      >
        Clear
      </button>
      {checkXml ? <CheckXmlDialog onClose={() => setCheckXml(false)} /> : null}
    </div>
  );
}
