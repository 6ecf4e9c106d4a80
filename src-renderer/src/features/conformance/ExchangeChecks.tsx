import { useEffect, useState, type ReactElement } from 'react';
import type { ExchangeFinding } from '../../../../src-shared/api/index';
import type { Exchange } from '../../../../src-shared/traffic/exchange';
import { useSlice, useStores } from '../../app/context';
import { bySeverity } from './findings';
import { CheckXmlDialog } from './CheckXml';
import { CountsLine, FindingTable } from './FindingList';
import { useConformance } from './use-conformance';
import './conformance.css';

function isFinal(x: Exchange | undefined): boolean {
  return x?.finishedAt !== undefined;
}

/** Asks for an exchange's checks once it is shown; again when an exchange that was in flight finishes. */
function useExchangeCheck(exchangeId: string, exchange: Exchange | undefined) {
  const store = useConformance();
  const { traffic } = useStores();
  // The detail was fetched once; the live list row says when an exchange that was in flight has finished.
  const rowDone = useSlice(traffic, (s) => s.rowById(exchangeId)?.durationMs !== undefined);
  // Wait for the exchange itself: whether it has finished decides if a result may be reused later.
  const known = exchange !== undefined && exchange.id === exchangeId;
  const final = isFinal(exchange) || rowDone;
  useEffect(() => {
    if (known) void store.getState().checkExchange(exchangeId, { final });
  }, [store, exchangeId, known, final]);
  return useSlice(store, (s) => s.exchanges[exchangeId]);
}

/** The tab's label with how many findings the exchange has, coloured by the worst. */
export function ChecksTabLabel({ exchangeId, exchange }: { exchangeId: string; exchange?: Exchange }): ReactElement {
  const check = useExchangeCheck(exchangeId, exchange);
  const c = check?.result?.counts;
  const n = c ? c.error + c.warning + c.info : 0;
  const cls = !c ? '' : c.error ? 'fault' : c.warning ? 'warn' : c.info ? 'info' : 'ok';
  return (
    <>
      Checks{' '}
      {c ? (
        <span className={`badge ${cls}`} data-testid="checks-count">
          {n === 0 ? '✓' : n}
        </span>
      ) : null}
    </>
  );
}

function utf8Body(m: { body: { encoding: string; data: string } } | undefined): string {
  return m && m.body.encoding === 'utf8' ? m.body.data : '';
}

/** The conformance findings of one exchange's two messages, most severe first. */
export function ExchangeChecks({ exchangeId, exchange }: { exchangeId: string; exchange?: Exchange }): ReactElement {
  const store = useConformance();
  const check = useExchangeCheck(exchangeId, exchange);
  const rules = useSlice(store, (s) => s.rules);
  const [xmlOf, setXmlOf] = useState<string | null>(null);
  useEffect(() => void store.getState().loadRules(), [store]);

  const result = check?.result;
  const note = (f: ExchangeFinding): ReactElement => (
    <span className="badge finding-dir" title={f.direction === 'request' ? 'In the HTTP request (sent by the CPE)' : 'In the HTTP response (sent by the ACS)'}>
      {f.direction === 'request' ? 'request · CPE → ACS' : 'response · ACS → CPE'}
    </span>
  );
  const checkedText = result
    ? [result.checked.request ? 'request' : null, result.checked.response ? 'response' : null].filter(Boolean).join(' and ') || 'no CWMP body'
    : '';
  const req = utf8Body(exchange?.request);
  const res = utf8Body(exchange?.response);

  return (
    <div className="panel exchange-checks" data-testid="exchange-checks">
      <div className="check-summary">
        {result ? <CountsLine counts={result.counts} /> : null}
        {result ? (
          <span className="muted">
            Checked the {checkedText}
            {result.model ? ` · values against ${result.model}` : ''}
            {rules.length ? ` · ${rules.length} rules` : ''}
          </span>
        ) : null}
        {check?.loading ? <span className="muted">Checking…</span> : null}
        <span style={{ flex: 1 }} />
        <button type="button" className="btn small" disabled={!req} onClick={() => setXmlOf(req)} title="Open the request body in Check XML to edit and re-check it">
          Request in Check XML
        </button>
        <button type="button" className="btn small" disabled={!res} onClick={() => setXmlOf(res)} title="Open the response body in Check XML to edit and re-check it">
          Response in Check XML
        </button>
        <button type="button" className="btn small" disabled={check?.loading} onClick={() => void store.getState().checkExchange(exchangeId, { force: true })}>
          Check again
        </button>
      </div>
      {check?.error ? <div className="notice fault">{check.error}</div> : null}
      {result && result.findings.length === 0 ? (
        <div className="empty">
          No rule found a problem in this exchange. Decoder warnings, fault codes, Inform events, cwmp:ID pairing and parameter values
          (against the device's data model) were checked.
        </div>
      ) : null}
      {result && result.findings.length > 0 ? <FindingTable findings={bySeverity(result.findings)} rules={rules} note={note} /> : null}
      {xmlOf !== null ? <CheckXmlDialog initialXml={xmlOf} onClose={() => setXmlOf(null)} /> : null}
    </div>
  );
}
