import { useEffect, useMemo, useState, type ReactElement } from 'react';
import { parseCwmp } from '../../../../src-shared/cwmp/decode';
import type { Exchange } from '../../../../src-shared/traffic/exchange';
import { useSlice, useStores } from '../../app/context';
import { openFile, saveFile } from '../../lib/file-io';
import { errorText } from '../../state/caller';
import { formatBytes, formatDateTime, formatTime } from '../../lib/format';
import { DecodedView } from '../traffic/DecodedView';
import { XmlView } from '../traffic/LazyXmlView';
import { GridHead } from '../../lib/GridHead';
import { ReplayActions } from '../replay/ReplayActions';
import { ReplayPanel } from '../replay/ReplayPanel';
import { DeleteButton } from '../../lib/DeleteButton';

/** One exchange of an opened capture, decoded here (a capture is not in the live store). */
function CapturedExchange({ x }: { x: Exchange }): ReactElement {
  const [tab, setTab] = useState<'decoded' | 'xml'>('decoded');
  const decode = (text: string | undefined) => (text ? parseCwmp(text) : null);
  const req = x.request?.body.encoding === 'utf8' ? x.request.body.data : undefined;
  const res = x.response?.body.encoding === 'utf8' ? x.response.body.data : undefined;
  return (
    <div className="traffic-detail" data-testid="capture-detail">
      <div className="tabs">
        {(['decoded', 'xml'] as const).map((t) => (
          <button key={t} type="button" aria-selected={tab === t} onClick={() => setTab(t)}>
            {t === 'decoded' ? 'Decoded' : 'XML'}
          </button>
        ))}
      </div>
      <div className="detail-body">
        <div className="pair">
          <section>
            <div className="pair-head">Request</div>
            <div className="pair-body">{tab === 'decoded' ? <DecodedView body={decode(req)} /> : req ? <XmlView text={req} /> : <div className="faint">Empty body.</div>}</div>
          </section>
          <section>
            <div className="pair-head">Response</div>
            <div className="pair-body">{tab === 'decoded' ? <DecodedView body={decode(res)} /> : res ? <XmlView text={res} /> : <div className="faint">Empty body.</div>}</div>
          </section>
        </div>
      </div>
    </div>
  );
}

export function CapturesView(): ReactElement {
  const { captures, replay } = useStores();
  const replayShown = useSlice(replay, (s) => s.shown !== null);
  const list = useSlice(captures, (s) => s.captures);
  const dir = useSlice(captures, (s) => s.dir);
  const recording = useSlice(captures, (s) => s.recording);
  const opened = useSlice(captures, (s) => s.opened);
  const opening = useSlice(captures, (s) => s.opening);
  const error = useSlice(captures, (s) => s.error);
  const unavailable = useSlice(captures, (s) => s.unavailable);
  const [selected, setSelected] = useState<string | null>(null);
  const [sessionId, setSessionId] = useState('');
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    void captures.getState().refresh();
    void replay.getState().refresh();
  }, [captures, replay]);

  const exchange = useMemo(() => opened?.exchanges.find((x) => x.id === selected), [opened, selected]);

  const exportAs = async (name: string, format: 'har' | 'transcript'): Promise<void> => {
    const text = await captures.getState().exportText(name, format);
    if (text === null) return;
    const har = format === 'har';
    await saveFile({
      suggestedName: `${name.replace(/\.[^.]+$/, '')}.${har ? 'har' : 'txt'}`,
      data: text,
      mediaType: har ? 'application/json' : 'text/plain',
      filters: [har ? { name: 'HTTP Archive', extensions: ['har'] } : { name: 'Text', extensions: ['txt'] }],
    }).catch((err: unknown) => captures.setState({ error: errorText(err) }));
  };

  /** pcapng of a whole capture, one session, or the selected exchange. */
  const exportPcapng = async (name: string, only?: { sessionId?: string; exchangeIds?: string[] }, suffix = ''): Promise<void> => {
    const bytes = await captures.getState().exportPcapng(name, only);
    if (bytes === null) return;
    await saveFile({
      suggestedName: `${name.replace(/\.[^.]+$/, '')}${suffix}.pcapng`,
      data: bytes,
      mediaType: 'application/vnd.tcpdump.pcap',
      filters: [{ name: 'pcapng (Wireshark)', extensions: ['pcapng'] }],
    }).catch((err: unknown) => captures.setState({ error: errorText(err) }));
  };

  const importCapture = async (): Promise<void> => {
    setNotice(null);
    try {
      const file = await openFile({
        filters: [
          { name: 'Captures (workbench, HAR, pcap, pcapng)', extensions: ['ndjson', 'har', 'json', 'pcap', 'pcapng', 'cap'] },
          { name: 'All files', extensions: ['*'] },
        ],
      });
      if (!file) return;
      const warnings = await captures.getState().importFile(file.data, file.name);
      if (warnings && warnings.length > 0) setNotice(`${file.name} imported; not everything could be read:\n${warnings.join('\n')}`);
      else if (warnings) setNotice(`${file.name} imported.`);
    } catch (err) {
      captures.setState({ error: errorText(err) });
    }
  };

  return (
    <div className="traffic" data-testid="captures-view">
      <div className="toolbar">
        <h2 style={{ marginRight: 8 }}>Captures</h2>
        {recording ? (
          <button type="button" className="btn danger" onClick={() => void captures.getState().stop()}>
            <span className="dot rec" />
            Stop recording
          </button>
        ) : (
          <button type="button" className="btn primary" onClick={() => void captures.getState().start()} disabled={unavailable}>
            Start recording
          </button>
        )}
        <button type="button" className="btn" onClick={() => void importCapture()} title="A workbench capture, HAR, pcap or pcapng file">
          Import…
        </button>
        <span className="grow" />
        <span className="muted mono">{dir}</span>
      </div>
      {error ? <div className="notice fault" style={{ margin: '8px 10px 0' }}>{error}</div> : null}
      {notice ? (
        <div className="notice" style={{ margin: '8px 10px 0', whiteSpace: 'pre-wrap' }} data-testid="capture-import-notice">
          {notice}{' '}
          <button type="button" className="btn small" onClick={() => setNotice(null)}>
            Dismiss
          </button>
        </div>
      ) : null}
      <div className="traffic-body">
        <div style={{ flex: '1 1 50%', overflow: 'auto', borderRight: '1px solid var(--border)', minWidth: 420 }}>
          {list.length === 0 ? (
            <div className="empty">{unavailable ? 'Captures are not available in this build.' : 'No captures yet. Start recording to write every exchange to a file.'}</div>
          ) : (
            <table className="grid" data-testid="capture-list">
              <GridHead columns={['Name', 'Size', 'Modified', '']} />
              <tbody>
                {list.map((c) => (
                  <tr key={c.path} aria-selected={opened?.capture.name === c.name}>
                    <td className="mono">
                      {c.name} {c.recording ? <span className="badge fault">recording</span> : null}
                    </td>
                    <td className="nowrap">{formatBytes(c.size)}</td>
                    <td className="nowrap">{formatDateTime(c.modifiedAt)}</td>
                    <td style={{ whiteSpace: 'nowrap' }}>
                      <button type="button" className="btn small" onClick={() => void captures.getState().open(c.name)} disabled={opening === c.name}>
                        {opening === c.name ? 'Opening…' : 'Open'}
                      </button>{' '}
                      <button type="button" className="btn small" onClick={() => void exportAs(c.name, 'har')}>
                        HAR
                      </button>{' '}
                      <button type="button" className="btn small" onClick={() => void exportAs(c.name, 'transcript')}>
                        Transcript
                      </button>{' '}
                      <button type="button" className="btn small" onClick={() => void exportPcapng(c.name)} title="For Wireshark: synthetic TCP/IP carrying the HTTP">
                        pcapng
                      </button>{' '}
                      <button
                        type="button"
                        className="btn small"
                        onClick={() => {
                          const n = prompt('New name', c.name);
                          if (n && n !== c.name) void captures.getState().rename(c.name, n);
                        }}
                      >
                        Rename
                      </button>{' '}
                      <DeleteButton question={`Delete ${c.name}?`} disabled={c.recording} onDelete={() => captures.getState().remove(c.name)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {opened ? (
            <div style={{ borderTop: '1px solid var(--border)' }}>
              <div className="toolbar">
                <strong>{opened.capture.name}</strong>
                <span className="muted">
                  {opened.total} exchanges · {opened.sessions.length} sessions
                  {opened.warnings.length ? ` · ${opened.warnings.length} warnings` : ''}
                </span>
                <span className="grow" />
                {opened.sessions.length > 0 ? (
                  <>
                    <select aria-label="Session to export" value={sessionId} onChange={(e) => setSessionId(e.target.value)}>
                      <option value="">Session…</option>
                      {opened.sessions.map((s) => (
                        <option key={s.id} value={s.id}>
                          {formatTime(s.startedAt)} {s.deviceId ?? s.id} ({s.outcome})
                        </option>
                      ))}
                    </select>
                    <button type="button" className="btn small" disabled={!sessionId} onClick={() => void exportPcapng(opened.capture.name, { sessionId }, `-${sessionId}`)}>
                      Session as pcapng
                    </button>
                  </>
                ) : null}
                <button type="button" className="btn small" disabled={!exchange} onClick={() => exchange && void exportPcapng(opened.capture.name, { exchangeIds: [exchange.id] }, `-${exchange.id}`)}>
                  Exchange as pcapng
                </button>
                <ReplayActions capture={opened.capture.name} />
                <button type="button" className="btn small" onClick={() => captures.getState().close()}>
                  Close
                </button>
              </div>
              <table className="grid">
                <GridHead columns={['Time', 'Device', 'RPC', 'HTTP']} />
                <tbody>
                  {opened.exchanges.slice(0, 2000).map((x) => (
                    <tr key={x.id} className="clickable" aria-selected={x.id === selected} onClick={() => setSelected(x.id)} data-testid="capture-exchange">
                      <td className="mono nowrap">{formatTime(x.startedAt)}</td>
                      <td className="nowrap">{x.deviceId ?? ''}</td>
                      <td>
                        {x.cwmpRequest?.rpc ?? '(empty)'} → {x.cwmpResponse?.rpc ?? '(empty)'}
                        {x.cwmpRequest?.faultCode ?? x.cwmpResponse?.faultCode ? <span className="badge fault" style={{ marginLeft: 6 }}>{x.cwmpRequest?.faultCode ?? x.cwmpResponse?.faultCode}</span> : null}
                      </td>
                      <td>{x.response?.status ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </div>
        {replayShown ? <ReplayPanel /> : exchange ? <CapturedExchange x={exchange} /> : null}
      </div>
    </div>
  );
}
