import type { ReactElement } from 'react';
import type { ProxyInfo } from '../../../../src-shared/api/proxy';
import { useSlice, useStores } from '../../app/context';
import { listenerIsTls, listenUrl, upstreamIsTls } from '../../state/proxy';
import { GridHead } from '../../lib/GridHead';
import { DeleteButton } from '../../lib/DeleteButton';

function State({ p }: { p: ProxyInfo }): ReactElement {
  if (p.running) {
    return (
      <span className="badge ok" data-testid="proxy-state">
        running{p.connections ? ` · ${p.connections} conn` : ''}
      </span>
    );
  }
  return (
    <span className={`badge${p.error ? ' fault' : ''}`} title={p.error} data-testid="proxy-state">
      {p.error ? 'failed' : 'stopped'}
    </span>
  );
}

function Tls({ p }: { p: ProxyInfo }): ReactElement {
  const cpe = listenerIsTls(p);
  const acs = upstreamIsTls(p);
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      <span className={`badge${cpe ? ' info' : ''}`} title={cpe ? (p.listenerCertId ? `HTTPS with store certificate ${p.listenerCertId}` : `HTTPS (${p.listen.tls?.mode})`) : 'Plain HTTP from the CPE'}>
        CPE {cpe ? 'TLS' : 'HTTP'}
      </span>{' '}
      <span
        className={`badge${acs ? (p.upstream.verify ? ' info' : ' warn') : ''}`}
        title={acs ? (p.upstream.verify ? 'HTTPS to the ACS, certificate verified' : 'HTTPS to the ACS, certificate NOT verified') : 'Plain HTTP to the ACS'}
      >
        ACS {acs ? (p.upstream.verify ? 'TLS' : 'TLS unverified') : 'HTTP'}
      </span>
      {p.upstream.clientCert ? (
        <span className="badge info" title="Presents a client certificate to the ACS" style={{ marginLeft: 4 }}>
          mTLS
        </span>
      ) : null}
    </span>
  );
}

export function ProfileTable({ onEdit }: { onEdit: (p: ProxyInfo) => void }): ReactElement {
  const { proxy, captures } = useStores();
  const proxies = useSlice(proxy, (s) => s.proxies);
  const selected = useSlice(proxy, (s) => s.selected);
  const busy = useSlice(proxy, (s) => s.busy);
  const errors = useSlice(proxy, (s) => s.errors);
  const recording = useSlice(captures, (s) => s.recording);

  return (
    <table className="grid" data-testid="proxy-list">
      <GridHead columns={['Name', 'Listen → upstream ACS', 'State', 'TLS', 'Recording', '']} />
      <tbody>
        {proxies.map((p) => {
          const why = errors[p.name] ?? p.error;
          return (
            <tr key={p.name} className="clickable" aria-selected={p.name === selected} onClick={() => proxy.getState().select(p.name)} data-testid="proxy-row" data-name={p.name}>
              <td>
                <strong>{p.name}</strong>
                {p.rewriteConnectionRequestUrl ? (
                  <span className="badge warn" style={{ marginLeft: 4 }} title="Rewrites the ConnectionRequestURL in Informs (changes bytes)">
                    CR rewrite
                  </span>
                ) : null}
                {why ? (
                  <div className="error-text" data-testid="proxy-row-error">
                    {why}
                  </div>
                ) : null}
              </td>
              <td className="mono proxy-url">
                <div data-testid="proxy-url" title="Give this URL to the CPE as its ACS URL">
                  {listenUrl(p)}
                </div>
                <div className="muted" title="The upstream ACS it forwards to" data-testid="proxy-upstream-url">
                  → {p.upstream.url}
                </div>
              </td>
              <td>
                <State p={p} />
              </td>
              <td>
                <Tls p={p} />
              </td>
              <td
                className="muted"
                style={{ whiteSpace: 'nowrap' }}
                title={`Every exchange goes to the live traffic list${recording ? ` and to the capture ${recording.name}` : '; start recording in Captures to keep it in a file'}`}
                data-testid="proxy-recording"
              >
                {recording ? (
                  <>
                    <span className="dot rec" />
                    capture
                  </>
                ) : (
                  'live only'
                )}
              </td>
              <td style={{ whiteSpace: 'nowrap' }} onClick={(e) => e.stopPropagation()}>
                {p.running ? (
                  <button type="button" className="btn small" disabled={busy[p.name]} onClick={() => void proxy.getState().stop(p.name)} data-testid="proxy-stop">
                    Stop
                  </button>
                ) : (
                  <button type="button" className="btn small primary" disabled={busy[p.name]} onClick={() => void proxy.getState().start(p.name)} data-testid="proxy-start">
                    Start
                  </button>
                )}{' '}
                <button type="button" className="btn small" onClick={() => onEdit(p)} data-testid="proxy-edit">
                  Edit
                </button>{' '}
                <DeleteButton
                  disabled={busy[p.name]}
                  testId="proxy-delete"
                  question={() => {
                    const held = proxy.getState().paused.filter((m) => m.proxy === p.name).length;
                    const extra = p.running ? ` It is running${p.connections ? ` with ${p.connections} open connection(s)` : ''} and will be stopped${held ? `; ${held} held message(s) are let go` : ''}.` : '';
                    return `Delete the proxy profile ${p.name}?${extra}`;
                  }}
                  onDelete={() => proxy.getState().remove(p.name)}
                />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
