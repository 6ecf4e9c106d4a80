import { useEffect, useState, type ReactElement } from 'react';
import type { CertSummary } from '../../../../src-shared/api/index';
import { useSlice, useStores } from '../../app/context';
import { commonNameOf, expiryLevel } from '../../state/certificates';
import { CertDetailPane } from './CertDetailPane';
import { CreateCaDialog, ImportDialog, IssueDialog } from './CertDialogs';
import { GridHead } from '../../lib/GridHead';

function Expiry({ c }: { c: CertSummary }): ReactElement {
  const level = expiryLevel(c);
  const text = c.validity === 'expired' ? 'expired' : c.validity === 'not-yet-valid' ? 'not yet valid' : `${c.daysLeft} d`;
  return <span className={`badge ${level === 'bad' ? 'fault' : level === 'soon' ? 'warn' : 'ok'}`}>{text}</span>;
}

export function CertificatesView(): ReactElement {
  const { certificates } = useStores();
  const certs = useSlice(certificates, (s) => s.certs);
  const selectedId = useSlice(certificates, (s) => s.selectedId);
  const error = useSlice(certificates, (s) => s.error);
  const unavailable = useSlice(certificates, (s) => s.unavailable);
  const acsTls = useSlice(certificates, (s) => s.acsTls);
  const [dialog, setDialog] = useState<'ca' | 'issue' | 'import' | null>(null);

  useEffect(() => {
    void certificates.getState().refresh();
  }, [certificates]);

  const soon = certs.filter((c) => expiryLevel(c) !== 'ok');
  const cas = certs.filter((c) => c.isCa && c.hasPrivateKey);

  return (
    <div className="traffic" data-testid="certificates-view">
      <div className="toolbar">
        <h2 style={{ marginRight: 8 }}>Certificates</h2>
        <button type="button" className="btn primary" onClick={() => setDialog('ca')} data-testid="create-ca" disabled={unavailable}>
          Create lab CA…
        </button>
        <button type="button" className="btn" onClick={() => setDialog('issue')} disabled={unavailable || cas.length === 0} title={cas.length ? '' : 'Create or import a CA first'} data-testid="issue-cert">
          Issue certificate…
        </button>
        <button type="button" className="btn" onClick={() => setDialog('import')} disabled={unavailable}>
          Import…
        </button>
        <span className="grow" />
        {acsTls ? (
          <>
            <label className="check" title="Whether the ACS's HTTPS listener asks CPEs for a client certificate">
              ACS mutual TLS
              <select className="input" value={acsTls.mtlsMode} onChange={(e) => void certificates.getState().setAcsTls({ mtlsMode: e.target.value as 'off' | 'optional' | 'required' })}>
                <option value="off">off</option>
                <option value="optional">optional</option>
                <option value="required">required</option>
              </select>
            </label>
            <label className="check" title={`NSS key log for Wireshark: ${acsTls.keyLogPath}`}>
              <input type="checkbox" checked={acsTls.keyLog} onChange={(e) => void certificates.getState().setAcsTls({ keyLog: e.target.checked })} />
              TLS key log
            </label>
          </>
        ) : null}
      </div>
      {soon.length ? (
        <div className="notice warn" style={{ margin: '8px 10px 0' }} data-testid="expiry-warning">
          {soon.length} certificate{soon.length === 1 ? '' : 's'} expired or expiring within 30 days: {soon.map((c) => c.label).join(', ')}
        </div>
      ) : null}
      {error ? <div className="notice fault" style={{ margin: '8px 10px 0' }}>{error}</div> : null}
      <div className="traffic-body">
        <div style={{ flex: '1 1 50%', overflow: 'auto', borderRight: '1px solid var(--border)', minWidth: 420 }}>
          {certs.length === 0 ? (
            <div className="empty">{unavailable ? 'Certificate management is not available in this build.' : 'No certificates yet. Create a lab CA to start.'}</div>
          ) : (
            <table className="grid" data-testid="cert-list">
              <GridHead columns={['Label', 'Role', 'Subject', 'Issuer', 'Expires', 'Use']} />
              <tbody>
                {certs.map((c) => (
                  <tr key={c.id} className="clickable" aria-selected={c.id === selectedId} onClick={() => void certificates.getState().select(c.id)} data-testid="cert-row">
                    <td>
                      {c.label}
                      {c.deliberatelyBad ? <span className="badge fault" style={{ marginLeft: 4 }}>bad: {c.deliberatelyBad}</span> : null}
                    </td>
                    <td>
                      <span className={`badge${c.isCa ? ' info' : ''}`}>{c.role}</span>
                    </td>
                    <td className="mono">{c.commonName}</td>
                    <td className="muted" title={c.issuer}>
                      {c.selfSigned ? 'self-signed' : commonNameOf(c.issuer)}
                    </td>
                    <td>
                      <Expiry c={c} />
                    </td>
                    <td>
                      {c.usedByAcs ? <span className="badge ok">ACS</span> : null} {c.trustedFor.map((t) => <span key={t} className="badge">{t === 'acs-clients' ? 'trusts CPEs' : 'trusts upstream'}</span>)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        {selectedId ? <CertDetailPane /> : null}
      </div>
      {dialog === 'ca' ? <CreateCaDialog onClose={() => setDialog(null)} /> : null}
      {dialog === 'issue' ? <IssueDialog cas={cas} onClose={() => setDialog(null)} /> : null}
      {dialog === 'import' ? <ImportDialog onClose={() => setDialog(null)} /> : null}
    </div>
  );
}
