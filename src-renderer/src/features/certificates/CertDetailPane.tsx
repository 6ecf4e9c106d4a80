import { useState, type ReactElement } from 'react';
import type { ExportFormat } from '../../../../src-shared/api/index';
import { useSlice, useStores } from '../../app/context';
import { copyText } from '../../lib/copy';
import { saveFile, type FileFilter } from '../../lib/file-io';
import { errorText } from '../../state/caller';
import { DeleteButton } from '../../lib/DeleteButton';

function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The save dialog's filter for an export, from the file name the service chose. */
function exportFilters(filename: string): FileFilter[] {
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(filename)?.[1]?.toLowerCase();
  return ext ? [{ name: `${ext.toUpperCase()} file`, extensions: [ext] }] : [];
}

export function CertDetailPane(): ReactElement {
  const { certificates, client } = useStores();
  const d = useSlice(certificates, (s) => s.detail);
  const [note, setNote] = useState('');

  if (!d) return <div className="traffic-detail empty">Loading…</div>;

  const exportAs = async (format: ExportFormat): Promise<void> => {
    setNote('');
    try {
      const password = format === 'pkcs12' ? (prompt('Password for the PKCS#12 file') ?? undefined) : undefined;
      const r = await client.call('certs/export', { id: d.id, format, ...(password !== undefined ? { password } : {}) });
      // Saved where the user chooses: the desktop's save dialog (keys owner-only), else a browser download.
      const saved = await saveFile({
        suggestedName: r.filename,
        data: r.encoding === 'base64' ? base64ToBytes(r.data) : r.data,
        mediaType: r.mediaType,
        filters: exportFilters(r.filename),
      });
      setNote(saved.saved ? `Saved ${saved.path ?? r.filename}` : '');
    } catch (err) {
      setNote(errorText(err));
    }
  };

  return (
    <div className="traffic-detail" data-testid="cert-detail">
      <div className="detail-head">
        <div className="detail-title">
          <h2>{d.label}</h2>
          <span className={`badge ${d.validity === 'valid' ? (d.daysLeft <= 30 ? 'warn' : 'ok') : 'fault'}`}>{d.validity === 'valid' ? `valid, ${d.daysLeft} days left` : d.validity}</span>
          {d.isCa ? <span className="badge info">CA</span> : null}
          {d.hasPrivateKey ? <span className="badge">private key held</span> : null}
        </div>
        <div style={{ display: 'flex', gap: 5, flexWrap: 'wrap' }}>
          <button type="button" className="btn small" onClick={() => void exportAs('pem')}>
            Export PEM
          </button>
          <button type="button" className="btn small" onClick={() => void exportAs('pem-chain')}>
            PEM chain
          </button>
          <button type="button" className="btn small" onClick={() => void exportAs('der')}>
            DER
          </button>
          {d.hasPrivateKey ? (
            <>
              <button type="button" className="btn small" onClick={() => void exportAs('pem-key')}>
                Private key
              </button>
              <button type="button" className="btn small" onClick={() => void exportAs('pkcs12')}>
                PKCS#12
              </button>
            </>
          ) : null}
          <button type="button" className="btn small" onClick={() => void copyText(d.pem).then(() => setNote('PEM copied'))}>
            Copy PEM
          </button>
          {d.role === 'server' && d.hasPrivateKey && !d.usedByAcs ? (
            <button type="button" className="btn small" onClick={() => void certificates.getState().setAcsTls({ certId: d.id })}>
              Use for ACS HTTPS
            </button>
          ) : null}
          <button type="button" className="btn small" onClick={() => void certificates.getState().renew(d.id)}>
            Renew
          </button>
          <DeleteButton question={`Delete ${d.label}?`} onDelete={() => certificates.getState().remove(d.id)} />
        </div>
        {note ? <div className="muted">{note}</div> : null}
      </div>
      <div className="detail-body panel" style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
        {d.warnings.length ? (
          <div className="notice warn">
            {d.warnings.map((w) => (
              <div key={w}>{w}</div>
            ))}
          </div>
        ) : null}
        <dl className="kv">
          <dt>Subject</dt>
          <dd className="mono">{d.subject}</dd>
          <dt>Issuer</dt>
          <dd className="mono">{d.issuer}</dd>
          <dt>Serial</dt>
          <dd className="mono">{d.serialNumber}</dd>
          <dt>Valid</dt>
          <dd>
            {d.notBefore} → {d.notAfter}
          </dd>
          <dt>Key</dt>
          <dd>{d.publicKey.description}</dd>
          <dt>Signature</dt>
          <dd>{d.signatureAlgorithm}</dd>
          <dt>SANs</dt>
          <dd className="mono">{d.sans.join(', ') || '—'}</dd>
          <dt>Key usage</dt>
          <dd>{d.keyUsage.join(', ') || '—'}</dd>
          <dt>Extended key usage</dt>
          <dd>{d.extendedKeyUsage.join(', ') || '—'}</dd>
          <dt>Basic constraints</dt>
          <dd>{d.basicConstraints ? `CA: ${d.basicConstraints.ca}${d.basicConstraints.pathLength !== undefined ? `, path length ${d.basicConstraints.pathLength}` : ''}` : '—'}</dd>
          <dt>SHA-256</dt>
          <dd className="mono">{d.fingerprint256}</dd>
          <dt>SHA-1</dt>
          <dd className="mono">{d.fingerprint1}</dd>
          <dt>Origin</dt>
          <dd>{d.origin}</dd>
          <dt>Trusted for</dt>
          <dd>
            {(['acs-clients', 'proxy-upstream'] as const).map((store) => (
              <label key={store} className="check" style={{ marginRight: 12 }}>
                <input type="checkbox" checked={d.trustedFor.includes(store)} onChange={(e) => void certificates.getState().setTrust(d.id, store, e.target.checked)} />
                {store === 'acs-clients' ? 'CPE client certificates (ACS)' : 'upstream servers (proxy)'}
              </label>
            ))}
          </dd>
        </dl>
        <div>
          <h3 style={{ marginBottom: 4 }}>Chain {d.chainComplete ? <span className="badge ok">complete</span> : <span className="badge warn">incomplete</span>}</h3>
          {d.chainProblem ? <div className="error-text">{d.chainProblem}</div> : null}
          <table className="grid">
            <tbody>
              {d.chain.map((l, i) => (
                <tr key={l.fingerprint256} className={l.id ? 'clickable' : undefined} onClick={() => l.id && l.id !== d.id && void certificates.getState().select(l.id)}>
                  <td style={{ width: 24 }}>{i}</td>
                  <td className="mono">{l.subject}</td>
                  <td>{l.signatureValid ? <span className="badge ok">signature ok</span> : <span className="badge fault">bad signature</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <pre className="raw">{d.pem}</pre>
      </div>
    </div>
  );
}
