import type { ReactElement } from 'react';
import type { DeviceSummary } from '../../../../src-shared/api/index';
import type { TlsPeerCertificate } from '../../../../src-shared/traffic/exchange';
import { explainEvent } from '../../lib/explain';
import { formatAge, formatDateTime } from '../../lib/format';

export function SummaryTab({ device: d }: { device: DeviceSummary }): ReactElement {
  return (
    <div className="panel cards" data-testid="device-summary">
      <section className="card">
        <h3>Identity</h3>
        <dl className="kv" style={{ marginTop: 8 }}>
          <dt>Manufacturer</dt>
          <dd>{d.manufacturer}</dd>
          <dt>OUI</dt>
          <dd className="mono">{d.oui}</dd>
          <dt>Product class</dt>
          <dd>{d.productClass}</dd>
          <dt>Model</dt>
          <dd>{d.modelName ?? '—'}</dd>
          <dt>Serial number</dt>
          <dd className="mono">{d.serialNumber}</dd>
          <dt>Software</dt>
          <dd>{d.softwareVersion ?? '—'}</dd>
          <dt>Hardware</dt>
          <dd>{d.hardwareVersion ?? '—'}</dd>
          <dt>Data model</dt>
          <dd>{d.root === 'InternetGatewayDevice' ? 'TR-098 (InternetGatewayDevice)' : d.root === 'Device' ? 'TR-181 (Device)' : '—'}</dd>
        </dl>
      </section>
      <section className="card">
        <h3>Connection</h3>
        <dl className="kv" style={{ marginTop: 8 }}>
          <dt>State</dt>
          <dd>{d.online ? <span className="badge ok">online</span> : <span className="badge">offline</span>}</dd>
          <dt>IP address</dt>
          <dd className="mono">{d.ip ?? '—'}</dd>
          <dt>Connection request URL</dt>
          <dd className="mono">{d.connectionRequestUrl ?? '—'}</dd>
          <dt>CWMP version</dt>
          <dd>{d.cwmpVersion ?? '—'}</dd>
          <dt>First seen</dt>
          <dd>{formatDateTime(d.firstSeen)}</dd>
          <dt>Last Inform</dt>
          <dd>
            {formatDateTime(d.lastInform)} <span className="muted">({formatAge(d.lastInform)})</span>
          </dd>
          <dt>Queued tasks</dt>
          <dd>{d.pendingTasks}</dd>
        </dl>
      </section>
      <ClientCertificateCard cert={d.tlsClientCertificate} />
      <section className="card">
        <h3>Last Inform events</h3>
        <table className="grid" style={{ marginTop: 8 }}>
          <tbody>
            {(d.lastEvents ?? []).map((e) => (
              <tr key={e.eventCode}>
                <td className="mono" style={{ whiteSpace: 'nowrap' }}>
                  {e.eventCode}
                  {e.commandKey ? <span className="faint"> ({e.commandKey})</span> : null}
                </td>
                <td className="muted">{explainEvent(e.eventCode)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

/** The client certificate the CPE presented with its last Inform over mutual TLS, and the ACS's verdict. */
function ClientCertificateCard({ cert }: { cert: TlsPeerCertificate | undefined }): ReactElement {
  return (
    <section className="card" data-testid="device-client-cert">
      <h3>TLS client certificate</h3>
      {cert ? (
        <dl className="kv" style={{ marginTop: 8 }}>
          <dt>Verdict</dt>
          <dd>
            <span className={cert.verdict === 'trusted' ? 'badge ok' : 'badge fault'}>{cert.verdict}</span>
            {cert.reason ? <span className="muted"> {cert.reason}</span> : null}
          </dd>
          <dt>Subject</dt>
          <dd className="mono">{cert.subject || '—'}</dd>
          <dt>Issuer</dt>
          <dd className="mono">{cert.issuer || '—'}</dd>
          <dt>Valid to</dt>
          <dd>{cert.validTo || '—'}</dd>
          <dt>SHA-256</dt>
          <dd className="mono" style={{ wordBreak: 'break-all' }}>{cert.fingerprint256 || '—'}</dd>
        </dl>
      ) : (
        <p className="muted" style={{ marginTop: 8 }}>
          None with the last Inform (plain HTTP, mutual TLS off, or the CPE sent no certificate).
        </p>
      )}
    </section>
  );
}
