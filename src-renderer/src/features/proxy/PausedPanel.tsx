import { useEffect, useMemo, useState, type ReactElement } from 'react';
import type { PausedMessage } from '../../../../src-shared/api/proxy';
import { parseCwmp } from '../../../../src-shared/cwmp/decode';
import { describeFault } from '../../../../src-shared/cwmp/faults';
import { useSlice, useStores } from '../../app/context';
import { formatBytes, formatTime } from '../../lib/format';
import { pausedScope, secondsLeft } from '../../state/proxy';
import { DecodedView } from '../traffic/DecodedView';
import { XmlView } from '../traffic/LazyXmlView';
import { directionLabel } from './BreakpointsPanel';
import { defaultFaultCode, explainChoice, faultChoices } from './fault-choices';
import { XmlEditor } from './LazyXmlEditor';

/** A clock for countdowns: ticks while anything is held, stops otherwise. */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, [active]);
  return now;
}

function Countdown({ p, now }: { p: PausedMessage; now: number }): ReactElement {
  const left = secondsLeft(p, now);
  const total = Math.max(1, Math.ceil((p.expiresAt - p.pausedAt) / 1000));
  return (
    <span className={`badge ${left <= 10 ? 'warn' : 'info'}`} title={`Let go on its own at ${formatTime(p.expiresAt)} (after ${total} s)`} data-testid="paused-countdown">
      lets go in {left} s
    </span>
  );
}

function FaultForm({ p, onDone }: { p: PausedMessage; onDone: () => void }): ReactElement {
  const { proxy } = useStores();
  const choices = faultChoices(p.direction);
  const [code, setCode] = useState(String(defaultFaultCode(p.direction)));
  const [text, setText] = useState(describeFault(defaultFaultCode(p.direction))?.text ?? 'Internal error');
  const n = Number(code);
  const explained = explainChoice(n, p.direction);
  const pick = (value: string): void => {
    setCode(value);
    const info = describeFault(Number(value));
    if (info) setText(info.text);
  };
  return (
    <div className="notice fault proxy-fault" data-testid="fault-form">
      <div className="proxy-inline" style={{ flexWrap: 'wrap' }}>
        <strong>Answer the {p.direction === 'cpe-to-acs' ? 'CPE as if by the ACS' : 'ACS as if by the CPE'} with</strong>
        <select className="input" value={choices.some((c) => String(c.code) === code) ? code : ''} onChange={(e) => e.target.value && pick(e.target.value)} aria-label="Fault code" style={{ maxWidth: 320 }} data-testid="fault-code">
          <option value="">other code…</option>
          {choices.map((c) => (
            <option key={c.code} value={c.code}>
              {c.code} {c.text}
            </option>
          ))}
        </select>
        <input className="input" style={{ width: 70 }} value={code} onChange={(e) => pick(e.target.value)} inputMode="numeric" aria-label="Fault code number" />
        <input className="input" style={{ flex: 1, minWidth: 160 }} value={text} onChange={(e) => setText(e.target.value)} maxLength={1024} aria-label="Fault string" />
      </div>
      <div className={explained.ok ? 'muted' : 'error-text'} data-testid="fault-explained">
        {explained.text}
      </div>
      <div className="proxy-inline">
        <button
          type="button"
          className="btn danger"
          disabled={!explained.ok}
          onClick={() => void proxy.getState().fault(p.id, n, text || 'Fault').then((ok) => ok && onDone())}
          data-testid="fault-send"
        >
          Send fault {Number.isInteger(n) ? n : ''}
        </button>
        <button type="button" className="btn" onClick={onDone}>
          Cancel
        </button>
      </div>
    </div>
  );
}

function PausedDetail({ p, now }: { p: PausedMessage; now: number }): ReactElement {
  const { proxy } = useStores();
  const busy = useSlice(proxy, (s) => s.busy[p.id] ?? false);
  const error = useSlice(proxy, (s) => s.errors[pausedScope(p.id)]);
  const [tab, setTab] = useState<'decoded' | 'xml' | 'edit'>('decoded');
  const [mode, setMode] = useState<'none' | 'fault'>('none');
  const [edited, setEdited] = useState<string | null>(null);
  const decoded = useMemo(() => parseCwmp(p.body), [p.body]);
  const editedDecode = useMemo(() => (edited === null ? null : parseCwmp(edited)), [edited]);
  const s = proxy.getState();

  return (
    <div className="proxy-paused-detail" data-testid="paused-detail">
      <div className="detail-head">
        <div className="detail-title">
          <strong>{p.rpc ?? '(empty body)'}</strong>
          <span className="badge">{directionLabel(p.direction)}</span>
          {p.cwmpId ? <span className="muted">cwmp:ID {p.cwmpId}</span> : null}
          <Countdown p={p} now={now} />
        </div>
        <div className="muted" style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
          <span>{p.deviceId ?? 'device not known yet'}</span>
          <span>proxy {p.proxy}</span>
          <span>held since {formatTime(p.pausedAt)}</span>
          <span>{formatBytes(p.body.length)}</span>
        </div>
        <div className="proxy-inline" style={{ flexWrap: 'wrap' }}>
          <button type="button" className="btn primary" disabled={busy} onClick={() => void s.resume(p.id)} title="Pass it on unchanged" data-testid="paused-resume">
            Let go
          </button>
          <button type="button" className="btn" disabled={busy} onClick={() => void s.drop(p.id)} title="Do not pass it on: the connection it came on is closed" data-testid="paused-drop">
            Drop
          </button>
          <button type="button" className="btn" disabled={busy} aria-pressed={mode === 'fault'} onClick={() => setMode(mode === 'fault' ? 'none' : 'fault')} data-testid="paused-fault">
            Answer with fault…
          </button>
          <button
            type="button"
            className="btn"
            disabled={busy}
            aria-pressed={tab === 'edit'}
            onClick={() => {
              setTab('edit');
              if (edited === null) setEdited(p.body);
            }}
            data-testid="paused-edit"
          >
            Edit…
          </button>
          {tab === 'edit' ? (
            <button
              type="button"
              className="btn primary"
              disabled={busy || edited === null || edited === p.body}
              title={edited === p.body ? 'Nothing changed yet' : 'Send the edited body (Content-Length follows)'}
              onClick={() => edited !== null && void s.edit(p.id, edited)}
              data-testid="paused-send-edited"
            >
              Send edited
            </button>
          ) : null}
        </div>
        {mode === 'fault' ? <FaultForm p={p} onDone={() => setMode('none')} /> : null}
        {error ? (
          <div className="notice fault" role="alert" data-testid="paused-error">
            {error}
          </div>
        ) : null}
      </div>
      <div className="tabs">
        {(['decoded', 'xml', 'edit'] as const).map((t) => (
          <button
            key={t}
            type="button"
            aria-selected={tab === t}
            onClick={() => {
              setTab(t);
              if (t === 'edit' && edited === null) setEdited(p.body);
            }}
          >
            {t === 'decoded' ? 'Decoded' : t === 'xml' ? 'XML' : 'Edit'}
          </button>
        ))}
      </div>
      <div className="detail-body" style={{ padding: '8px 10px' }}>
        {tab === 'decoded' ? (
          p.body ? (
            <DecodedView body={decoded} />
          ) : (
            <div className="faint">Empty body (the CPE's empty POST that asks the ACS for its next request, or the end of a session).</div>
          )
        ) : tab === 'xml' ? (
          p.body ? <XmlView text={p.body} /> : <div className="faint">Empty body.</div>
        ) : (
          <>
            <XmlEditor initial={p.body} onChange={setEdited} />
            {editedDecode && edited !== p.body ? (
              <div className={editedDecode.ok ? 'muted' : 'error-text'} style={{ marginTop: 6 }} data-testid="edit-check">
                {editedDecode.ok
                  ? `Decodes as ${editedDecode.message.rpc?.name ?? '(no RPC)'}${editedDecode.message.warnings.length ? ` with ${editedDecode.message.warnings.length} warning(s)` : ''}.`
                  : `Does not decode as CWMP: ${editedDecode.error.message}. It can still be sent, as is.`}
              </div>
            ) : null}
          </>
        )}
      </div>
    </div>
  );
}

/** Messages held at breakpoints, live from `proxy/paused`; the selected one with its actions. */
export function PausedPanel(): ReactElement {
  const { proxy } = useStores();
  const paused = useSlice(proxy, (s) => s.paused);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const now = useNow(paused.length > 0);
  const selected = paused.find((p) => p.id === selectedId) ?? paused[0];

  return (
    <div className="proxy-paused" data-testid="paused-panel">
      <div className="pair-head">
        Paused
        <span className={`badge${paused.length ? ' warn' : ''}`} data-testid="paused-count">
          {paused.length}
        </span>
        <span style={{ flex: 1 }} />
        {paused.length > 1 ? (
          <button type="button" className="btn small" onClick={() => paused.forEach((p) => void proxy.getState().resume(p.id))} title="Pass every held message on unchanged">
            Let all go
          </button>
        ) : null}
      </div>
      {paused.length === 0 ? (
        <div className="empty">Nothing is held. Messages matching a breakpoint wait here until you let them go, edit, drop or answer them.</div>
      ) : (
        <>
          <table className="grid" data-testid="paused-list">
            <tbody>
              {paused.map((p) => (
                <tr key={p.id} className="clickable" aria-selected={p.id === selected?.id} onClick={() => setSelectedId(p.id)} data-testid="paused-row">
                  <td>
                    <strong>{p.rpc ?? '(empty)'}</strong>
                  </td>
                  <td className="muted">{directionLabel(p.direction)}</td>
                  <td className="mono">{p.deviceId ?? ''}</td>
                  <td className="muted">{p.proxy}</td>
                  <td>
                    <Countdown p={p} now={now} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {selected ? <PausedDetail key={selected.id} p={selected} now={now} /> : null}
        </>
      )}
    </div>
  );
}
