import { useState, type ReactElement } from 'react';
import { BAD_CERT_KINDS, KEY_ALGORITHMS, type BadCertKind, type CertKeyAlgorithm, type CertSummary } from '../../../../src-shared/api/certs';
import { useSlice, useStores } from '../../app/context';
import { Dialog } from '../../lib/Dialog';
import { bytesToText, openFile } from '../../lib/file-io';

function list(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function Buttons({ onClose, label, busy, onSubmit }: { onClose: () => void; label: string; busy: boolean; onSubmit: () => void }): ReactElement {
  const { certificates } = useStores();
  const error = useSlice(certificates, (s) => s.error);
  return (
    <>
      {error ? <div className="error-text">{error}</div> : null}
      <div className="buttons">
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="btn primary" disabled={busy} onClick={onSubmit} data-testid="dialog-submit">
          {busy ? 'Working…' : label}
        </button>
      </div>
    </>
  );
}

export function CreateCaDialog({ onClose }: { onClose: () => void }): ReactElement {
  const { certificates } = useStores();
  const [cn, setCn] = useState('CWMP Workbench Lab CA');
  const [org, setOrg] = useState('Lab');
  const [alg, setAlg] = useState<CertKeyAlgorithm>('ec-p256');
  const [days, setDays] = useState('3650');
  const [busy, setBusy] = useState(false);
  const submit = async (): Promise<void> => {
    setBusy(true);
    const r = await certificates.getState().createCa({ subject: { commonName: cn, ...(org ? { organization: org } : {}) }, keyAlgorithm: alg, validityDays: Number(days) || 3650 });
    setBusy(false);
    if (r) onClose();
  };
  return (
    <Dialog title="Create a lab CA" onClose={onClose}>
      <div className="form">
        <label htmlFor="ca-cn">Common name</label>
        <input id="ca-cn" className="input" value={cn} onChange={(e) => setCn(e.target.value)} data-testid="ca-cn" />
        <label htmlFor="ca-o">Organisation</label>
        <input id="ca-o" className="input" value={org} onChange={(e) => setOrg(e.target.value)} />
        <label htmlFor="ca-alg">Key</label>
        <select id="ca-alg" className="input" value={alg} onChange={(e) => setAlg(e.target.value as CertKeyAlgorithm)}>
          {KEY_ALGORITHMS.map((a) => (
            <option key={a}>{a}</option>
          ))}
        </select>
        <label htmlFor="ca-days">Valid for (days)</label>
        <input id="ca-days" className="input" value={days} onChange={(e) => setDays(e.target.value)} inputMode="numeric" />
      </div>
      <p className="muted" style={{ margin: 0 }}>
        The CA is trusted for CPE client certificates and for upstream servers; change that in its details.
      </p>
      <Buttons onClose={onClose} label="Create CA" busy={busy} onSubmit={() => void submit()} />
    </Dialog>
  );
}

export function IssueDialog({ cas, onClose }: { cas: CertSummary[]; onClose: () => void }): ReactElement {
  const { certificates } = useStores();
  const [issuerId, setIssuer] = useState(cas[0]?.id ?? '');
  const [profile, setProfile] = useState<'server' | 'client'>('server');
  const [cn, setCn] = useState('acs.lab');
  const [dns, setDns] = useState('acs.lab, localhost');
  const [ip, setIp] = useState('127.0.0.1');
  const [alg, setAlg] = useState<CertKeyAlgorithm>('ec-p256');
  const [days, setDays] = useState('825');
  const [bad, setBad] = useState<BadCertKind | ''>('');
  const [busy, setBusy] = useState(false);
  const submit = async (): Promise<void> => {
    setBusy(true);
    const r = await certificates.getState().issue({
      issuerId,
      profile,
      subject: { commonName: cn },
      dns: list(dns),
      ip: list(ip),
      keyAlgorithm: alg,
      validityDays: Number(days) || 825,
      ...(bad ? { bad } : {}),
    });
    setBusy(false);
    if (r) onClose();
  };
  return (
    <Dialog title="Issue a certificate" onClose={onClose}>
      <div className="form">
        <label htmlFor="is-ca">Issuer</label>
        <select id="is-ca" className="input" value={issuerId} onChange={(e) => setIssuer(e.target.value)}>
          {cas.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
        <label htmlFor="is-prof">Profile</label>
        <select
          id="is-prof"
          className="input"
          value={profile}
          onChange={(e) => {
            const p = e.target.value as 'server' | 'client';
            setProfile(p);
            if (p === 'client') {
              setCn('cpe-000001');
              setDns('');
              setIp('');
            }
          }}
        >
          <option value="server">server (ACS, proxy)</option>
          <option value="client">client (CPE)</option>
        </select>
        <label htmlFor="is-cn">Common name</label>
        <input id="is-cn" className="input" value={cn} onChange={(e) => setCn(e.target.value)} />
        <label htmlFor="is-dns">DNS names</label>
        <input id="is-dns" className="input" value={dns} onChange={(e) => setDns(e.target.value)} placeholder="comma separated" />
        <label htmlFor="is-ip">IP addresses</label>
        <input id="is-ip" className="input" value={ip} onChange={(e) => setIp(e.target.value)} placeholder="comma separated" />
        <label htmlFor="is-alg">Key</label>
        <select id="is-alg" className="input" value={alg} onChange={(e) => setAlg(e.target.value as CertKeyAlgorithm)}>
          {KEY_ALGORITHMS.map((a) => (
            <option key={a}>{a}</option>
          ))}
        </select>
        <label htmlFor="is-days">Valid for (days)</label>
        <input id="is-days" className="input" value={days} onChange={(e) => setDays(e.target.value)} inputMode="numeric" />
        <label htmlFor="is-bad">Negative test</label>
        <select id="is-bad" className="input" value={bad} onChange={(e) => setBad(e.target.value as BadCertKind | '')}>
          <option value="">— a good certificate —</option>
          {BAD_CERT_KINDS.map((k) => (
            <option key={k} value={k}>
              deliberately bad: {k}
            </option>
          ))}
        </select>
      </div>
      <Buttons onClose={onClose} label="Issue" busy={busy} onSubmit={() => void submit()} />
    </Dialog>
  );
}

function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

export function ImportDialog({ onClose }: { onClose: () => void }): ReactElement {
  const { certificates } = useStores();
  const [pem, setPem] = useState('');
  const [binary, setBinary] = useState<{ name: string; base64: string } | null>(null);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);

  const [fileError, setFileError] = useState('');

  const chooseFile = async (): Promise<void> => {
    setFileError('');
    try {
      const file = await openFile({
        filters: [
          { name: 'Certificates and keys', extensions: ['pem', 'crt', 'cer', 'der', 'key', 'p12', 'pfx'] },
          { name: 'All files', extensions: ['*'] },
        ],
        maxBytes: 4 * 1024 * 1024,
      });
      if (!file) return;
      const text = bytesToText(file.data);
      if (text.includes('-----BEGIN')) {
        setPem(text);
        setBinary(null);
      } else setBinary({ name: file.name, base64: toBase64(file.data) });
    } catch (err) {
      setFileError(err instanceof Error ? err.message : String(err));
    }
  };

  const submit = async (): Promise<void> => {
    setBusy(true);
    const isP12 = binary && /\.(p12|pfx)$/i.test(binary.name);
    const n = await certificates
      .getState()
      .importPem(
        binary ? (isP12 ? { pkcs12Base64: binary.base64, password } : { derBase64: binary.base64 }) : { pem, ...(password ? { keyPassword: password } : {}) },
      );
    setBusy(false);
    if (n > 0) onClose();
  };

  return (
    <Dialog title="Import certificates" onClose={onClose}>
      <div className="form">
        <label>File</label>
        <div>
          <button id="im-file" type="button" className="btn" onClick={() => void chooseFile()}>
            Choose file…
          </button>
          {fileError ? <span className="error-text"> {fileError}</span> : null}
        </div>
        <label htmlFor="im-pem">or PEM</label>
        <textarea id="im-pem" className="input mono" style={{ height: 120, padding: 6 }} value={pem} onChange={(e) => setPem(e.target.value)} placeholder="-----BEGIN CERTIFICATE-----" />
        <label htmlFor="im-pass">Password</label>
        <input id="im-pass" className="input" type="password" value={password} onChange={(e) => setPassword(e.target.value)} placeholder="for PKCS#12 or an encrypted key" />
      </div>
      {binary ? <div className="muted">{binary.name}: binary file ({/\.(p12|pfx)$/i.test(binary.name) ? 'PKCS#12' : 'DER'})</div> : null}
      <Buttons onClose={onClose} label="Import" busy={busy || (!pem && !binary)} onSubmit={() => void submit()} />
    </Dialog>
  );
}
