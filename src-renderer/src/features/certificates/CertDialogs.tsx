import { useEffect, useState, type ReactElement } from 'react';
import { BAD_CERT_KINDS, KEY_ALGORITHMS, type BadCertKind, type CertKeyAlgorithm, type CertSummary } from '../../../../src-shared/api/certs';
import { useSlice, useStores } from '../../app/context';
import { Dialog } from '../../lib/Dialog';
import { bytesToText, openFile } from '../../lib/file-io';
import { FieldError, invalidProps } from '../../lib/FieldError';
import { withoutMethod, type FieldErrors } from '../../lib/form-checks';
import { CA_FIELDS, checkCaForm, checkIssueForm, fieldOfApiError, ISSUE_FIELDS, type CaForm, type IssueForm } from './cert-form';

/** The server's complaint that no field claims, in words (the method name left out). */
function FormError({ text }: { text: string | undefined }): ReactElement | null {
  return text ? <div className="error-text" data-testid="dialog-error">{text}</div> : null;
}

function Buttons({ onClose, label, busy, onSubmit }: { onClose: () => void; label: string; busy: boolean; onSubmit: () => void }): ReactElement {
  return (
    <div className="buttons">
      <button type="button" className="btn" onClick={onClose}>
        Cancel
      </button>
      <button type="button" className="btn primary" disabled={busy} onClick={onSubmit} data-testid="dialog-submit">
        {busy ? 'Working…' : label}
      </button>
    </div>
  );
}

/** The dialog's own copy of the store's form error, cleared when it opens so an old failure is not shown. */
function useFormError(): string | undefined {
  const { certificates } = useStores();
  useEffect(() => certificates.getState().clearFormError(), [certificates]);
  return useSlice(certificates, (s) => s.formError);
}

export function CreateCaDialog({ onClose }: { onClose: () => void }): ReactElement {
  const { certificates } = useStores();
  const [form, setForm] = useState<CaForm>({ cn: 'CWMP Workbench Lab CA', org: 'Lab', alg: 'ec-p256', days: '3650' });
  const [errors, setErrors] = useState<FieldErrors<keyof CaForm>>({});
  const [busy, setBusy] = useState(false);
  const apiError = useFormError();
  const server = apiError ? fieldOfApiError(apiError, CA_FIELDS) : undefined;
  const shown = { ...errors, ...(server?.field && !errors[server.field] ? { [server.field]: server.text } : {}) };
  const edit = (k: keyof CaForm, v: string): void => {
    setForm({ ...form, [k]: v });
    if (errors[k]) setErrors({ ...errors, [k]: undefined });
  };
  const submit = async (): Promise<void> => {
    const checked = checkCaForm(form);
    if (!checked.ok) return setErrors(checked.errors);
    setBusy(true);
    const r = await certificates.getState().createCa(checked.params);
    setBusy(false);
    if (r) onClose();
  };
  return (
    <Dialog title="Create a lab CA" onClose={onClose}>
      <div className="form">
        <label htmlFor="ca-cn">Common name</label>
        <input id="ca-cn" className="input" value={form.cn} onChange={(e) => edit('cn', e.target.value)} data-testid="ca-cn" {...invalidProps('ca-cn', shown.cn)} />
        <FieldError id="ca-cn" error={shown.cn} />
        <label htmlFor="ca-o">Organisation</label>
        <input id="ca-o" className="input" value={form.org} onChange={(e) => edit('org', e.target.value)} {...invalidProps('ca-o', shown.org)} />
        <FieldError id="ca-o" error={shown.org} />
        <label htmlFor="ca-alg">Key</label>
        <select id="ca-alg" className="input" value={form.alg} onChange={(e) => edit('alg', e.target.value)}>
          {KEY_ALGORITHMS.map((a) => (
            <option key={a}>{a}</option>
          ))}
        </select>
        <label htmlFor="ca-days">Valid for (days)</label>
        <input id="ca-days" className="input" value={form.days} onChange={(e) => edit('days', e.target.value)} inputMode="numeric" data-testid="ca-days" {...invalidProps('ca-days', shown.days)} />
        <FieldError id="ca-days" error={shown.days} />
      </div>
      <p className="muted" style={{ margin: 0 }}>
        The CA is trusted for CPE client certificates and for upstream servers; change that in its details.
      </p>
      <FormError text={server && !server.field ? server.text : undefined} />
      <Buttons onClose={onClose} label="Create CA" busy={busy} onSubmit={() => void submit()} />
    </Dialog>
  );
}

export function IssueDialog({ cas, onClose }: { cas: CertSummary[]; onClose: () => void }): ReactElement {
  const { certificates } = useStores();
  const [form, setForm] = useState<IssueForm>({
    issuerId: cas[0]?.id ?? '',
    profile: 'server',
    cn: 'acs.lab',
    dns: 'acs.lab, localhost',
    ip: '127.0.0.1',
    alg: 'ec-p256',
    days: '825',
    bad: '',
  });
  const [errors, setErrors] = useState<FieldErrors<keyof IssueForm>>({});
  const [busy, setBusy] = useState(false);
  const apiError = useFormError();
  const server = apiError ? fieldOfApiError(apiError, ISSUE_FIELDS) : undefined;
  const shown = { ...errors, ...(server?.field && !errors[server.field] ? { [server.field]: server.text } : {}) };
  const edit = (patch: Partial<IssueForm>): void => {
    setForm({ ...form, ...patch });
    const cleared = { ...errors };
    for (const k of Object.keys(patch) as (keyof IssueForm)[]) cleared[k] = undefined;
    setErrors(cleared);
  };
  const submit = async (): Promise<void> => {
    const checked = checkIssueForm(form);
    if (!checked.ok) return setErrors(checked.errors);
    setBusy(true);
    const r = await certificates.getState().issue(checked.params);
    setBusy(false);
    if (r) onClose();
  };
  return (
    <Dialog title="Issue a certificate" onClose={onClose}>
      <div className="form">
        <label htmlFor="is-ca">Issuer</label>
        <select id="is-ca" className="input" value={form.issuerId} onChange={(e) => edit({ issuerId: e.target.value })} {...invalidProps('is-ca', shown.issuerId)}>
          {cas.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
        <FieldError id="is-ca" error={shown.issuerId} />
        <label htmlFor="is-prof">Profile</label>
        <select
          id="is-prof"
          className="input"
          value={form.profile}
          onChange={(e) => {
            const p = e.target.value as 'server' | 'client';
            edit(p === 'client' ? { profile: p, cn: 'cpe-000001', dns: '', ip: '' } : { profile: p });
          }}
        >
          <option value="server">server (ACS, proxy)</option>
          <option value="client">client (CPE)</option>
        </select>
        <label htmlFor="is-cn">Common name</label>
        <input id="is-cn" className="input" value={form.cn} onChange={(e) => edit({ cn: e.target.value })} {...invalidProps('is-cn', shown.cn)} />
        <FieldError id="is-cn" error={shown.cn} />
        <label htmlFor="is-dns">DNS names</label>
        <input id="is-dns" className="input" value={form.dns} onChange={(e) => edit({ dns: e.target.value })} placeholder="comma separated" {...invalidProps('is-dns', shown.dns)} />
        <FieldError id="is-dns" error={shown.dns} />
        <label htmlFor="is-ip">IP addresses</label>
        <input id="is-ip" className="input" value={form.ip} onChange={(e) => edit({ ip: e.target.value })} placeholder="comma separated" data-testid="is-ip" {...invalidProps('is-ip', shown.ip)} />
        <FieldError id="is-ip" error={shown.ip} />
        <label htmlFor="is-alg">Key</label>
        <select id="is-alg" className="input" value={form.alg} onChange={(e) => edit({ alg: e.target.value as CertKeyAlgorithm })}>
          {KEY_ALGORITHMS.map((a) => (
            <option key={a}>{a}</option>
          ))}
        </select>
        <label htmlFor="is-days">Valid for (days)</label>
        <input id="is-days" className="input" value={form.days} onChange={(e) => edit({ days: e.target.value })} inputMode="numeric" {...invalidProps('is-days', shown.days)} />
        <FieldError id="is-days" error={shown.days} />
        <label htmlFor="is-bad">Negative test</label>
        <select id="is-bad" className="input" value={form.bad} onChange={(e) => edit({ bad: e.target.value as BadCertKind | '' })}>
          <option value="">— a good certificate —</option>
          {BAD_CERT_KINDS.map((k) => (
            <option key={k} value={k}>
              deliberately bad: {k}
            </option>
          ))}
        </select>
      </div>
      <FormError text={server && !server.field ? server.text : undefined} />
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
  const apiError = useFormError();

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
      <FormError text={apiError ? withoutMethod(apiError) : undefined} />
      <Buttons onClose={onClose} label="Import" busy={busy || (!pem && !binary)} onSubmit={() => void submit()} />
    </Dialog>
  );
}
