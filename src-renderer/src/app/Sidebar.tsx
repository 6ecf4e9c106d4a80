import type { ReactElement } from 'react';
import { altKey } from '../lib/keys';
import { VIEWS, type View } from '../state/navigation';
import { useSlice, useStores } from './context';

const LABELS: Record<View, { label: string; icon: string }> = {
  bench: { label: 'Bench', icon: '▣' },
  traffic: { label: 'Traffic', icon: '⇅' },
  tests: { label: 'Tests', icon: '✓' },
  proxy: { label: 'Proxy', icon: '⇄' },
  captures: { label: 'Captures', icon: '◉' },
  certificates: { label: 'Certificates', icon: '✦' },
  settings: { label: 'Settings', icon: '⚙' },
};

export function Sidebar(): ReactElement {
  const stores = useStores();
  const view = useSlice(stores.navigation, (s) => s.view);
  const devices = useSlice(stores.devices, (s) => s.devices);
  const rows = useSlice(stores.traffic, (s) => s.rows.length);
  const version = useSlice(stores.connection, (s) => s.status?.version);
  const held = useSlice(stores.proxy, (s) => s.paused.length);
  const testing = useSlice(stores.tests, (s) => s.run?.status === 'running');
  const online = devices.filter((d) => d.online).length;

  return (
    <nav className="sidebar" aria-label="Views">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <div>
          CWMP Workbench
          <small>TR-069 diagnostics</small>
        </div>
      </div>
      <div className="nav">
        {VIEWS.map((v, i) => (
          <button
            key={v}
            type="button"
            aria-current={view === v ? 'page' : undefined}
            onClick={() => stores.navigation.getState().go(v)}
            title={`${LABELS[v].label} (${altKey(String(i + 1))})`}
            data-testid={`nav-${v}`}
          >
            <span className="nav-icon" aria-hidden="true">
              {LABELS[v].icon}
            </span>
            {LABELS[v].label}
            {v === 'bench' && devices.length > 0 ? (
              <span className="count" title={`${online} online of ${devices.length}`}>
                {online}/{devices.length}
              </span>
            ) : v === 'proxy' && held > 0 ? (
              <span className="count" title={`${held} message(s) held at breakpoints`} data-testid="nav-proxy-paused">
                {held} held
              </span>
            ) : v === 'tests' && testing ? (
              <span className="count" title="A test run is going on">
                running
              </span>
            ) : v === 'traffic' && rows > 0 ? (
              <span className="count">{rows > 9999 ? `${Math.floor(rows / 1000)}k` : rows}</span>
            ) : (
              <span className="kbd">{altKey(String(i + 1))}</span>
            )}
          </button>
        ))}
      </div>
      <div className="sidebar-foot">{version ? `v${version}` : ''}</div>
    </nav>
  );
}
