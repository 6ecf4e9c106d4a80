import { useState, type ReactElement } from 'react';
import type { ProxyInfo } from '../../../../src-shared/api/proxy';
import { useSlice, useStores } from '../../app/context';
import { Dialog } from '../../lib/Dialog';
import { FORM_SCOPE } from '../../state/proxy';
import { changesFromForm, emptyForm, formFromInfo, profileFromForm, type ListenerMode, type ProxyForm } from './proxy-form';

const LISTENER_MODES: Array<[ListenerMode, string]> = [
  ['http', 'HTTP'],
  ['https-self-signed', 'HTTPS, self-signed certificate made by the workbench'],
  ['https-store', 'HTTPS, a certificate from the store'],
  ['https-pem', 'HTTPS, a certificate pasted as PEM'],
];

const PEM_CERT = '-----BEGIN CERTIFICATE-----';
const PEM_KEY = '-----BEGIN PRIVATE KEY-----';

/** A labelled PEM text area in the dialog's two-column form. */
function PemField(props: { id: string; label: string; value: string; onChange: (value: string) => void; placeholder: string }): ReactElement {
  return (
    <>
      <label htmlFor={props.id}>{props.label}</label>
      <textarea id={props.id} className="input mono proxy-pem" value={props.value} onChange={(e) => props.onChange(e.target.value)} placeholder={props.placeholder} />
    </>
  );
}

/** Create a profile (no `editing`) or edit one. The ACS URL is offered as the upstream of a new profile. */
export function ProfileDialog({ editing, onClose }: { editing?: ProxyInfo; onClose: () => void }): ReactElement {
  const { proxy, certificates, connection } = useStores();
  const apiError = useSlice(proxy, (s) => s.errors[FORM_SCOPE]);
  const certs = useSlice(certificates, (s) => s.certs);
  const acsUrl = useSlice(connection, (s) => s.status?.listeners.find((l) => l.name === 'acs-http')?.url);
  const [form, setForm] = useState<ProxyForm>(() => (editing ? formFromInfo(editing) : { ...emptyForm(), upstreamUrl: '' }));
  const [startNow, setStartNow] = useState(true);
  const [localError, setLocalError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<ProxyForm>): void => {
    setForm((f) => ({ ...f, ...patch }));
    setLocalError(null);
  };
  const listenerCerts = certs.filter((c) => c.hasPrivateKey && !c.isCa);

  const close = (): void => {
    proxy.getState().clearError(FORM_SCOPE);
    onClose();
  };

  const submit = async (): Promise<void> => {
    proxy.getState().clearError(FORM_SCOPE);
    if (editing) {
      const r = changesFromForm(form, editing);
      if (!r.ok) return setLocalError(r.error);
      if (Object.keys(r.value).length === 0) return close();
      setBusy(true);
      const done = await proxy.getState().update(editing.name, r.value);
      setBusy(false);
      if (done) close();
      return;
    }
    const r = profileFromForm(form);
    if (!r.ok) return setLocalError(r.error);
    setBusy(true);
    const done = await proxy.getState().create(r.value, startNow);
    setBusy(false);
    if (done) close();
  };

  const error = localError ?? apiError;
  return (
    <Dialog title={editing ? `Edit proxy ${editing.name}` : 'New proxy profile'} onClose={close}>
      <div className="form proxy-form" data-testid="proxy-form">
        <label htmlFor="px-name">Name</label>
        <input id="px-name" className="input" value={form.name} disabled={!!editing} onChange={(e) => set({ name: e.target.value })} placeholder="letters, digits, _ and -" data-testid="proxy-name" />

        <label htmlFor="px-listener">Listener</label>
        <select id="px-listener" className="input" value={form.listener} onChange={(e) => set({ listener: e.target.value as ListenerMode })} data-testid="proxy-listener">
          {LISTENER_MODES.map(([m, label]) => (
            <option key={m} value={m}>
              {label}
            </option>
          ))}
        </select>

        <label htmlFor="px-host">Listen on</label>
        <div className="proxy-inline">
          <input id="px-host" className="input" value={form.host} onChange={(e) => set({ host: e.target.value })} aria-label="Listen host" title="127.0.0.1 keeps it on this machine; 0.0.0.0 lets CPEs on the network reach it" />
          <span className="muted">port</span>
          <input className="input" style={{ width: 80 }} value={form.port} onChange={(e) => set({ port: e.target.value })} inputMode="numeric" placeholder="7548" aria-label="Listen port" data-testid="proxy-port" />
          <span className="faint">0 = any free port (a new one at each start)</span>
        </div>

        {form.listener === 'https-store' ? (
          <>
            <label htmlFor="px-cert">Certificate</label>
            <select id="px-cert" className="input" value={form.listenerCertId} onChange={(e) => set({ listenerCertId: e.target.value })}>
              <option value="">— pick a certificate with its key —</option>
              {listenerCerts.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label} ({c.commonName})
                </option>
              ))}
            </select>
          </>
        ) : null}
        {form.listener === 'https-pem' ? (
          <>
            <PemField id="px-cert-pem" label="Certificate" value={form.certPem} onChange={(certPem) => set({ certPem })} placeholder={PEM_CERT} />
            <PemField
              id="px-key-pem"
              label="Private key"
              value={form.keyPem}
              onChange={(keyPem) => set({ keyPem })}
              placeholder={editing?.listen.tls?.mode === 'pem' ? 'kept as stored unless pasted again' : PEM_KEY}
            />
          </>
        ) : null}

        <label htmlFor="px-upstream">Upstream ACS</label>
        <div className="proxy-inline">
          <input id="px-upstream" className="input" style={{ flex: 1 }} value={form.upstreamUrl} onChange={(e) => set({ upstreamUrl: e.target.value })} placeholder="https://acs.example.net:7547/" data-testid="proxy-upstream" />
          {acsUrl && !editing ? (
            <button type="button" className="btn small" onClick={() => set({ upstreamUrl: acsUrl })} title={`Use the workbench's own ACS (${acsUrl})`}>
              This ACS
            </button>
          ) : null}
        </div>

        <span />
        <div className="proxy-checks">
          <label className="check" title="Check the upstream's certificate against the system's CAs and the trust store">
            <input type="checkbox" checked={form.verify} onChange={(e) => set({ verify: e.target.checked })} data-testid="proxy-verify" />
            Verify the upstream certificate
          </label>
          <label className="check" title="Also trust the CAs in the proxy trust store (Certificates view)">
            <input type="checkbox" checked={form.trustStore} disabled={!form.verify} onChange={(e) => set({ trustStore: e.target.checked })} />
            Trust the proxy trust store
          </label>
          <label className="check" title="Forward the CPE's Host header instead of the upstream's host">
            <input type="checkbox" checked={form.preserveHost} onChange={(e) => set({ preserveHost: e.target.checked })} />
            Keep the CPE's Host header
          </label>
          <label className="check">
            <input type="checkbox" checked={form.autoStart} onChange={(e) => set({ autoStart: e.target.checked })} />
            Start with the workbench
          </label>
          <label className="check">
            <input type="checkbox" checked={form.rewriteConnectionRequestUrl} onChange={(e) => set({ rewriteConnectionRequestUrl: e.target.checked })} data-testid="proxy-rewrite-cr" />
            Route connection requests through the workbench
          </label>
        </div>
        {/^https:/i.test(form.upstreamUrl.trim()) || form.clientCert || form.caPem ? (
          <>
            <PemField
              id="px-ca"
              label="Upstream CAs"
              value={form.caPem}
              onChange={(caPem) => set({ caPem })}
              placeholder="Extra CA certificates (PEM) to trust for the upstream, besides the system's and the trust store"
            />
            <span />
            <label className="check" title="Present a client certificate to the ACS (mutual TLS)">
              <input type="checkbox" checked={form.clientCert} onChange={(e) => set({ clientCert: e.target.checked })} data-testid="proxy-client-cert" />
              Present a client certificate to the upstream
            </label>
            {form.clientCert ? (
              <>
                <PemField id="px-cc" label="Client certificate" value={form.clientCertPem} onChange={(clientCertPem) => set({ clientCertPem })} placeholder={PEM_CERT} />
                <PemField
                  id="px-ck"
                  label="Client key"
                  value={form.clientKeyPem}
                  onChange={(clientKeyPem) => set({ clientKeyPem })}
                  placeholder={editing?.upstream.clientCert ? 'kept as stored while the upstream is unchanged' : PEM_KEY}
                />
              </>
            ) : null}
          </>
        ) : null}
        {form.rewriteConnectionRequestUrl ? (
          <>
            <span />
            <div className="notice warn" data-testid="proxy-rewrite-warning">
              <strong>This changes bytes.</strong> The ConnectionRequestURL in each forwarded Inform is rewritten to a relay on the workbench, so the ACS
              sees a different URL (and a different Content-Length) than the CPE sent. Exchanges rewritten this way are marked in the trace.
            </div>
          </>
        ) : null}

        <label htmlFor="px-timeout">Pause timeout</label>
        <div className="proxy-inline">
          <input id="px-timeout" className="input" style={{ width: 80 }} value={form.pauseTimeoutSec} onChange={(e) => set({ pauseTimeoutSec: e.target.value })} inputMode="decimal" />
          <span className="muted">seconds before a message held at a breakpoint is let go on its own</span>
        </div>
      </div>
      {!editing ? (
        <label className="check">
          <input type="checkbox" checked={startNow} onChange={(e) => setStartNow(e.target.checked)} />
          Start it now
        </label>
      ) : editing.running ? (
        <div className="muted">The running proxy restarts with the changes; open connections are closed.</div>
      ) : null}
      {error ? (
        <div className="error-text" role="alert" data-testid="proxy-form-error">
          {error}
        </div>
      ) : null}
      <div className="buttons">
        <button type="button" className="btn" onClick={close}>
          Cancel
        </button>
        <button type="button" className="btn primary" disabled={busy} onClick={() => void submit()} data-testid="proxy-submit">
          {busy ? 'Working…' : editing ? 'Save' : 'Create'}
        </button>
      </div>
    </Dialog>
  );
}
