import { useState, type ReactElement } from 'react';
import type { OriginalMessage, RecordedRequest, RecordedResponse } from '../../../../src-shared/traffic/exchange';
import { useSlice, useStores } from '../../app/context';
import { copyText, toCurl } from '../../lib/copy';
import { exportHar } from '../../lib/har-export';
import { explainEvent, explainFault } from '../../lib/explain';
import { formatBytes, formatDateTime, formatDuration } from '../../lib/format';
import { ChecksTabLabel, ExchangeChecks } from '../conformance/ExchangeChecks';
import { DecodedView } from './DecodedView';
import { XmlView } from './LazyXmlView';

type Tab = 'decoded' | 'xml' | 'raw' | 'checks';

function bodyText(m: RecordedRequest | RecordedResponse | undefined): string {
  if (!m) return '';
  return m.body.encoding === 'utf8' ? m.body.data : `[${m.body.size} bytes of binary data, base64]\n${m.body.data}`;
}

/** The message as it arrived, before a breakpoint edit. */
function OriginalBody({ original }: { original: OriginalMessage }): ReactElement {
  const b = original.body;
  return (
    <details className="original-body" data-testid="original-body">
      <summary className="muted">Original, before the edit ({formatBytes(b.size)}{original.cwmp?.rpc ? ` · ${original.cwmp.rpc}` : ''})</summary>
      {b.encoding === 'utf8' ? <XmlView text={b.data} /> : <pre className="raw">{`[${b.size} bytes of binary data, base64]\n${b.data}`}</pre>}
    </details>
  );
}

function rawHttp(m: RecordedRequest | RecordedResponse | undefined, first: string): string {
  if (!m) return '';
  const head = [first, ...m.headers.map(([n, v]) => `${n}: ${v}`)].join('\n');
  return `${head}\n\n${bodyText(m)}${m.body.truncated ? '\n[… truncated]' : ''}`;
}

export function TrafficDetail(): ReactElement {
  const { traffic, client } = useStores();
  const detail = useSlice(traffic, (s) => s.detail);
  const [tab, setTab] = useState<Tab>('decoded');
  const [toast, setToast] = useState('');

  const flash = (text: string): void => {
    setToast(text);
    setTimeout(() => setToast(''), 1600);
  };

  if (!detail) return <div className="traffic-detail" />;
  const x = detail.data?.exchange;
  const row = traffic.getState().rowById(detail.id);
  const pair = traffic.getState().pairOf(detail.id);

  return (
    <div className="traffic-detail" data-testid="traffic-detail">
      <div className="detail-head">
        <div className="detail-title">
          <h2>{row ? `${row.requestRpc ?? '(empty)'} → ${row.responseRpc ?? '(empty)'}` : detail.id}</h2>
          {row?.faultCode !== undefined ? <span className="badge fault">Fault {row.faultCode}</span> : null}
          {row?.warnings ? <span className="badge warn">{row.warnings} warning{row.warnings === 1 ? '' : 's'}</span> : null}
          {x?.original ? (
            <span className="badge warn" data-testid="detail-edited">
              edited at a breakpoint
            </span>
          ) : null}
          <span className="grow" style={{ flex: 1 }} />
          <button type="button" className="btn small" disabled={!x?.request} onClick={() => x && void copyText(bodyText(x.request)).then(() => flash('Request XML copied'))}>
            Copy request XML
          </button>
          <button type="button" className="btn small" disabled={!x?.response} onClick={() => x && void copyText(bodyText(x.response)).then(() => flash('Response XML copied'))}>
            Copy response XML
          </button>
          <button type="button" className="btn small" disabled={!x?.request} onClick={() => x && void copyText(toCurl(x)).then(() => flash('cURL command copied'))}>
            Copy as cURL
          </button>
          <button
            type="button"
            className="btn small"
            disabled={!x?.sessionId}
            title="Save every exchange of this CWMP session as a HAR file"
            onClick={() => x?.sessionId && void exportHar(client, (e) => e.sessionId === x.sessionId, `session-${x.deviceId ?? 'unknown'}`, x.deviceId).then((n) => n > 0 && flash(`Saved ${n} exchanges`))}
          >
            Save session
          </button>
          <button type="button" className="btn small" onClick={() => void traffic.getState().select(null)} title="Close (Esc)" aria-label="Close detail">
            ✕
          </button>
        </div>
        {x ? (
          <div className="muted" style={{ display: 'flex', gap: 14, flexWrap: 'wrap' }}>
            <span>{formatDateTime(x.startedAt)}</span>
            <span>{x.deviceId ?? 'unknown device'}</span>
            <span className="mono">
              {x.connection.remoteAddress}:{x.connection.remotePort} → {x.connection.localAddress}:{x.connection.localPort}
            </span>
            {x.connection.tls ? <span>TLS {x.connection.tls.protocol} {x.connection.tls.peerCertificate ? `· client cert ${x.connection.tls.peerCertificate.verdict}` : ''}</span> : null}
            <span>{formatDuration(x.finishedAt !== undefined ? x.finishedAt - x.startedAt : undefined)}</span>
            <span>{x.source}</span>
          </div>
        ) : null}
        {pair ? (
          <div className="muted" data-testid="rpc-pair">
            {pair.role === 'request' ? 'Answers ' : 'Answered by '}
            <button type="button" className="btn small" onClick={() => void traffic.getState().select(pair.row.id)}>
              {pair.role === 'request' ? pair.row.responseRpc : pair.row.requestRpc} · cwmp:ID {pair.role === 'request' ? pair.row.responseId : pair.row.requestId}
            </button>{' '}
            {pair.role === 'request' ? 'sent by the ACS in the previous exchange' : 'in the next exchange of the session'}
          </div>
        ) : null}
        {row?.events.length ? (
          <div className="muted">
            {row.events.map((e) => (
              <div key={e}>
                <span className="badge info">{e}</span> {explainEvent(e)}
              </div>
            ))}
          </div>
        ) : null}
        {row?.faultCode !== undefined ? (
          <div className="notice fault">
            <strong>
              {row.faultCode} {row.faultString}
            </strong>{' '}
            — {explainFault(row.faultCode) || 'see the decoded message for details'}
          </div>
        ) : null}
        {x?.error ? <div className="notice fault">{x.error}</div> : null}
        {x?.original ? (
          <div className="notice" data-testid="edited-notice">
            The {x.original.request && x.original.response ? 'request and the response were' : x.original.request ? 'request was' : 'response was'} edited at a breakpoint:
            shown below is what the proxy forwarded; the original is under each edited message.
          </div>
        ) : null}
      </div>
      <div className="tabs" role="tablist">
        {(['decoded', 'xml', 'raw', 'checks'] as const).map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} onClick={() => setTab(t)} data-testid={`detail-tab-${t}`}>
            {t === 'decoded' ? 'Decoded' : t === 'xml' ? 'XML' : t === 'raw' ? 'Raw HTTP' : <ChecksTabLabel exchangeId={detail.id} exchange={x} />}
          </button>
        ))}
      </div>
      <div className="detail-body">
        {detail.loading ? <div className="empty">Loading…</div> : null}
        {detail.error ? <div className="empty error-text">{detail.error}</div> : null}
        {tab === 'checks' ? <ExchangeChecks exchangeId={detail.id} exchange={x} /> : null}
        {detail.data && x && tab !== 'checks' ? (
          <div className="pair">
            <section aria-label="Request">
              <div className="pair-head">
                Request <span className="faint">CPE → ACS · {x.request ? `${x.request.method} ${x.request.url} · ${formatBytes(x.request.body.size)}` : 'none'}</span>
              </div>
              <div className="pair-body">
                {tab === 'decoded' ? <DecodedView body={detail.data.request} /> : null}
                {tab === 'xml' ? (x.request?.body.size ? <XmlView text={bodyText(x.request)} /> : <div className="faint">Empty body.</div>) : null}
                {tab === 'raw' ? <pre className="raw">{rawHttp(x.request, x.request ? `${x.request.method} ${x.request.url} HTTP/${x.request.httpVersion}` : '')}</pre> : null}
                {x.original?.request ? <OriginalBody original={x.original.request} /> : null}
              </div>
            </section>
            <section aria-label="Response">
              <div className="pair-head">
                Response <span className="faint">ACS → CPE · {x.response ? `${x.response.status} ${x.response.statusText} · ${formatBytes(x.response.body.size)}` : 'none yet'}</span>
              </div>
              <div className="pair-body">
                {tab === 'decoded' ? <DecodedView body={detail.data.response} /> : null}
                {tab === 'xml' ? (x.response?.body.size ? <XmlView text={bodyText(x.response)} /> : <div className="faint">Empty body.</div>) : null}
                {tab === 'raw' ? <pre className="raw">{rawHttp(x.response, x.response ? `HTTP/1.1 ${x.response.status} ${x.response.statusText}` : '')}</pre> : null}
                {x.original?.response ? <OriginalBody original={x.original.response} /> : null}
              </div>
            </section>
          </div>
        ) : null}
      </div>
      {toast ? <div className="toast">{toast}</div> : null}
    </div>
  );
}
