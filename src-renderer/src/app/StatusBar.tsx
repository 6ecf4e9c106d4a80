import type { ReactElement } from 'react';
import { useSlice, useStores } from './context';

export function StatusBar(): ReactElement {
  const stores = useStores();
  const link = useSlice(stores.connection, (s) => s.link);
  const status = useSlice(stores.connection, (s) => s.status);
  const transport = useSlice(stores.connection, (s) => s.transport);
  const devices = useSlice(stores.devices, (s) => s.devices);
  const online = devices.filter((d) => d.online).length;
  const listeners = (status?.listeners ?? []).filter((l) => l.name !== 'ui');

  return (
    <footer className="statusbar" data-testid="statusbar">
      <span title={transport === 'electron' ? 'Electron IPC' : 'WebSocket (headless mode)'}>
        <span className={`dot ${link === 'open' ? 'on' : link === 'closed' ? 'off' : ''}`} />
        {link === 'open' ? 'Connected' : link === 'connecting' ? 'Connecting…' : 'Disconnected — retrying'}
      </span>
      {listeners.map((l) => (
        <span key={l.name} title={l.error ?? l.url}>
          <span className={`dot ${l.listening ? 'on' : 'off'}`} />
          {l.name} <span className="mono">{l.url}</span>
        </span>
      ))}
      <span className="sep" />
      <span data-testid="devices-online">
        {online} of {devices.length} device{devices.length === 1 ? '' : 's'} online
      </span>
      <span>
        <span className={`dot ${status?.capture?.recording ? 'rec' : ''}`} />
        {status?.capture?.recording ? `Recording ${status.capture.file ?? ''}` : 'Not recording'}
      </span>
    </footer>
  );
}
