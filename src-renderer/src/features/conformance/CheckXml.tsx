import { useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import { modKey } from '../../lib/keys';
import { parseCwmp } from '../../../../src-shared/cwmp/decode';
import { useSlice } from '../../app/context';
import { useEscapeKey } from '../../lib/Dialog';
import type { MessageModel, MessageSender } from '../../state/conformance';
import { DecodedView } from '../traffic/DecodedView';
import { bySeverity } from './findings';
import { CountsLine, FindingTable } from './FindingList';
import { useConformance } from './use-conformance';
import './conformance.css';

/** A deliberately broken Inform, to show what the checks find. */
export const EXAMPLE_BROKEN_INFORM = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <soap:Header/>
  <soap:Body>
    <cwmp:Inform>
      <DeviceId><Manufacturer>ACME</Manufacturer><OUI>00AA00</OUI><ProductClass>Box</ProductClass><SerialNumber>42</SerialNumber></DeviceId>
      <Event><EventStruct><EventCode>1 BOOT</EventCode><CommandKey></CommandKey></EventStruct><EventStruct><EventCode>1 BOOT</EventCode><CommandKey></CommandKey></EventStruct></Event>
      <MaxEnvelopes>2</MaxEnvelopes>
      <CurrentTime>yesterday</CurrentTime>
      <RetryCount>0</RetryCount>
      <ParameterList>
        <ParameterValueStruct><Name>Device.DeviceInfo.SoftwareVersion</Name><Value>1.0</Value></ParameterValueStruct>
      </ParameterList>
    </cwmp:Inform>
  </soap:Body>
</soap:Envelope>`;

/**
 * Paste a CWMP message (a customer's trace, a hand-made request), see it decoded here and checked by the
 * main process's conformance rules.
 */
export function CheckXmlPanel({ initialXml = '' }: { initialXml?: string }): ReactElement {
  const store = useConformance();
  const message = useSlice(store, (s) => s.message);
  const rules = useSlice(store, (s) => s.rules);
  const [xml, setXml] = useState(initialXml || message?.xml || '');
  const [sender, setSender] = useState<MessageSender>('auto');
  const [model, setModel] = useState<MessageModel>('auto');
  const file = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void store.getState().loadRules();
    if (initialXml) void store.getState().checkMessage(initialXml);
  }, [store, initialXml]);

  const run = (): void => void store.getState().checkMessage(xml, { sender, model });
  const decoded = useMemo(() => (message?.xml.trim() ? parseCwmp(message.xml) : null), [message?.xml]);
  const stale = message !== null && message.xml !== xml;

  return (
    <div className="check-xml" data-testid="check-xml">
      <div className="check-xml-input">
        <div className="toolbar">
          <label className="muted">
            Sender{' '}
            <select className="input" value={sender} onChange={(e) => setSender(e.target.value as MessageSender)} aria-label="Sender">
              <option value="auto">by method</option>
              <option value="cpe">CPE</option>
              <option value="acs">ACS</option>
            </select>
          </label>
          <label className="muted">
            Model{' '}
            <select className="input" value={model} onChange={(e) => setModel(e.target.value as MessageModel)} aria-label="Data model">
              <option value="auto">by root</option>
              <option value="tr-181">TR-181</option>
              <option value="tr-098">TR-098</option>
            </select>
          </label>
          <span className="grow" style={{ flex: 1 }} />
          <button type="button" className="btn" onClick={() => file.current?.click()}>
            Open file…
          </button>
          <input
            ref={file}
            type="file"
            accept=".xml,.txt,text/xml,text/plain"
            hidden
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) void f.text().then((t) => setXml(t));
            }}
          />
          <button type="button" className="btn" onClick={() => setXml(EXAMPLE_BROKEN_INFORM)} title="A deliberately broken Inform">
            Example
          </button>
          <button type="button" className="btn primary" onClick={run} disabled={message?.loading} data-testid="check-xml-run" title={`Check (${modKey('Enter')})`}>
            Check
          </button>
        </div>
        <textarea
          className="check-xml-text mono"
          value={xml}
          spellCheck={false}
          placeholder="Paste a CWMP SOAP message here (a request or a response), then Check."
          aria-label="CWMP message XML"
          data-testid="check-xml-input"
          autoFocus
          onChange={(e) => setXml(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              run();
            }
          }}
        />
      </div>
      <div className="check-xml-result" data-testid="check-xml-result">
        {!message ? <div className="empty">Nothing checked yet.</div> : null}
        {message?.loading ? <div className="empty">Checking…</div> : null}
        {message?.error ? <div className="notice fault">{message.error}</div> : null}
        {message?.result ? (
          <>
            <div className="check-summary">
              <CountsLine counts={message.result.counts} />
              <span className="muted">
                {message.result.decoded ? 'Decoded' : 'Not decodable'}
                {message.result.model ? ` · values checked against ${message.result.model}` : ' · no data model applied'}
              </span>
              {stale ? <span className="badge warn">edited since: Check again</span> : null}
            </div>
            {message.result.findings.length ? <FindingTable findings={bySeverity(message.result.findings)} rules={rules} /> : null}
            {decoded ? (
              <div className="check-decoded">
                <h3>Decoded</h3>
                <DecodedView body={decoded} />
              </div>
            ) : null}
          </>
        ) : null}
      </div>
    </div>
  );
}

/**
 * The Check XML panel in a modal; Escape or the backdrop closes it. Keys typed in it stay in it: the
 * views' single-key shortcuts (p, /) listen on the window.
 */
export function CheckXmlDialog({ initialXml, onClose }: { initialXml?: string; onClose: () => void }): ReactElement {
  useEscapeKey(onClose);
  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className="dialog check-xml-dialog"
        role="dialog"
        aria-modal="true"
        aria-label="Check XML"
        tabIndex={-1}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Escape') onClose();
        }}
      >
        <div className="check-xml-title">
          <h1>Check XML</h1>
          <span className="muted">Decode a CWMP message and run the conformance rules on it.</span>
          <span style={{ flex: 1 }} />
          <button type="button" className="btn small" onClick={onClose} aria-label="Close">
            ✕
          </button>
        </div>
        <CheckXmlPanel initialXml={initialXml} />
      </div>
    </div>
  );
}
