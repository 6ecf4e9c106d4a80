import { useEffect, useState, type ReactElement } from 'react';
import type { ProxyInfo } from '../../../../src-shared/api/proxy';
import { useSlice, useStores } from '../../app/context';
import { listenUrl, VIEW_SCOPE } from '../../state/proxy';
import { BreakpointsPanel } from './BreakpointsPanel';
import { PausedPanel } from './PausedPanel';
import { ProfileDialog } from './ProfileDialog';
import { ProfileTable } from './ProfileTable';
import './proxy.css';

function SelectedProfile({ p }: { p: ProxyInfo }): ReactElement {
  return (
    <div className="proxy-selected" data-testid="proxy-selected">
      <dl className="kv">
        <dt>CPE's ACS URL</dt>
        <dd className="mono">{listenUrl(p)}</dd>
        <dt>Forwards to</dt>
        <dd className="mono">{p.upstream.url}</dd>
        {p.connectionRequestUrl ? (
          <>
            <dt>Connection requests</dt>
            <dd className="mono">{p.connectionRequestUrl}</dd>
          </>
        ) : null}
        <dt>Held messages</dt>
        <dd>let go on their own after {p.pauseTimeoutMs / 1000} s</dd>
        <dt>Traffic source</dt>
        <dd className="mono">proxy:{p.name}</dd>
      </dl>
      <BreakpointsPanel proxyName={p.name} />
    </div>
  );
}

export function ProxyView(): ReactElement {
  const { proxy } = useStores();
  const proxies = useSlice(proxy, (s) => s.proxies);
  const selected = useSlice(proxy, (s) => s.selected);
  const viewError = useSlice(proxy, (s) => s.errors[VIEW_SCOPE]);
  const unavailable = useSlice(proxy, (s) => s.unavailable);
  const [dialog, setDialog] = useState<{ editing?: ProxyInfo } | null>(null);

  useEffect(() => {
    void proxy.getState().refresh();
  }, [proxy]);

  const current = proxies.find((p) => p.name === selected);
  const running = proxies.filter((p) => p.running).length;

  return (
    <div className="traffic" data-testid="proxy-view">
      <div className="toolbar">
        <h2 style={{ marginRight: 8 }}>Proxy</h2>
        <button type="button" className="btn primary" onClick={() => setDialog({})} disabled={unavailable} data-testid="proxy-new">
          New profile…
        </button>
        <span className="grow" />
        <span className="muted">
          {proxies.length} profile{proxies.length === 1 ? '' : 's'} · {running} running
        </span>
      </div>
      {viewError ? <div className="notice fault" style={{ margin: '8px 10px 0' }}>{viewError}</div> : null}
      <div className="traffic-body">
        <div className="proxy-left">
          {proxies.length === 0 ? (
            <div className="empty">
              {unavailable
                ? 'The capture proxy is not available in this build.'
                : 'No proxy profiles yet. A profile listens for a CPE and forwards every byte to an upstream ACS, recording the conversation.'}
            </div>
          ) : (
            <ProfileTable onEdit={(p) => setDialog({ editing: p })} />
          )}
          {current ? <SelectedProfile p={current} /> : null}
        </div>
        <PausedPanel />
      </div>
      {dialog ? <ProfileDialog editing={dialog.editing} onClose={() => setDialog(null)} /> : null}
    </div>
  );
}
