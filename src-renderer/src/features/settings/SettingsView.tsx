import { useState, type ReactElement } from 'react';
import { useSlice, useStores } from '../../app/context';
import { AcsSettingsSection } from './AcsSettingsSection';
import { GridHead } from '../../lib/GridHead';

type Theme = 'system' | 'light' | 'dark';

function applyTheme(theme: Theme): void {
  if (theme === 'system') {
    delete document.documentElement.dataset.theme;
    localStorage.removeItem('cwmp-workbench-theme');
  } else {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem('cwmp-workbench-theme', theme);
  }
}

export function SettingsView(): ReactElement {
  const { connection } = useStores();
  const status = useSlice(connection, (s) => s.status);
  const transport = useSlice(connection, (s) => s.transport);
  const [theme, setTheme] = useState<Theme>((localStorage.getItem('cwmp-workbench-theme') as Theme | null) ?? 'system');

  return (
    <div className="panel" data-testid="settings-view" style={{ display: 'flex', flexDirection: 'column', gap: 14, maxWidth: 900 }}>
      <h1>Settings</h1>
      <section className="card">
        <h3>Appearance</h3>
        <div className="form" style={{ marginTop: 8 }}>
          <label htmlFor="theme">Theme</label>
          <select
            id="theme"
            className="input"
            style={{ width: 200 }}
            value={theme}
            onChange={(e) => {
              const t = e.target.value as Theme;
              setTheme(t);
              applyTheme(t);
            }}
          >
            <option value="system">Follow the system</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </div>
      </section>
      <AcsSettingsSection />
      <section className="card">
        <h3>Workbench</h3>
        <dl className="kv" style={{ marginTop: 8 }}>
          <dt>Version</dt>
          <dd>{status?.version ?? '—'}</dd>
          <dt>Shell</dt>
          <dd>{status?.shell ?? '—'} ({transport === 'electron' ? 'Electron IPC' : 'WebSocket'})</dd>
          <dt>Data folder</dt>
          <dd className="mono">{status?.dataDir ?? '—'}</dd>
          <dt>Devices</dt>
          <dd>
            {status ? `${status.devicesOnline} online of ${status.devicesTotal}` : '—'}
          </dd>
        </dl>
      </section>
      <section className="card">
        <h3>Listeners</h3>
        <table className="grid" style={{ marginTop: 8 }}>
          <GridHead columns={['Name', 'URL', 'State']} />
          <tbody>
            {(status?.listeners ?? []).map((l) => (
              <tr key={l.name}>
                <td>{l.name}</td>
                <td className="mono">{l.url}</td>
                <td>{l.listening ? <span className="badge ok">listening</span> : <span className="badge fault">{l.error ?? 'down'}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
