import { useState, type ReactElement } from 'react';
import type { DeviceSummary } from '../../../../src-shared/api/index';
import { useStores } from '../../app/context';
import { errorText } from '../../state/caller';
import { Dialog } from '../../lib/Dialog';
import { FileStorePicker } from './FileStorePicker';
import { FieldError, invalidProps } from '../../lib/FieldError';
import { withoutMethod, type FieldErrors } from '../../lib/form-checks';
import { checkTransferForm, type TransferForm } from './transfer-form';

const DOWNLOAD_TYPES = ['1 Firmware Upgrade Image', '2 Web Content', '3 Vendor Configuration File', '4 Tone File', '5 Ringer File'];
const UPLOAD_TYPES = ['1 Vendor Configuration File', '2 Vendor Log File', '3 Vendor Configuration File 1', '4 Vendor Log File 1'];

/** Download or Upload: the device fetches from (or posts to) a URL, usually the workbench's file store. */
export function TransferDialog({ device, kind, onClose }: { device: DeviceSummary; kind: 'download' | 'upload'; onClose: () => void }): ReactElement {
  const { tasks, connection } = useStores();
  const files = connection.getState().status?.listeners.find((l) => l.name === 'files')?.url ?? '';
  const types = kind === 'download' ? DOWNLOAD_TYPES : UPLOAD_TYPES;
  const [fileType, setFileType] = useState(types[0]);
  const [url, setUrl] = useState(files ? `${files.replace(/\/$/, '')}/${kind === 'download' ? 'firmware.bin' : 'upload/config.cfg'}` : '');
  const [fileSize, setFileSize] = useState('0');
  const [targetFileName, setTarget] = useState('');
  const [username, setUser] = useState('');
  const [password, setPass] = useState('');
  const [error, setError] = useState('');

  const [errors, setErrors] = useState<FieldErrors<keyof TransferForm>>({});
  const clear = (k: keyof TransferForm): void => {
    if (errors[k]) setErrors({ ...errors, [k]: undefined });
  };

  const submit = async (): Promise<void> => {
    setError('');
    const checked = checkTransferForm({ kind, fileType, url, fileSize, targetFileName, username, password }, `${kind}-${Date.now()}`);
    if (!checked.ok) return setErrors(checked.errors);
    try {
      await tasks.getState().create(device.id, checked.rpc, true);
      onClose();
    } catch (err) {
      setError(withoutMethod(errorText(err)));
    }
  };

  return (
    <Dialog title={kind === 'download' ? 'Download a file to the device' : 'Upload a file from the device'} onClose={onClose}>
      {kind === 'download' ? (
        <FileStorePicker
          selected={url.endsWith('/') ? undefined : decodeURIComponent(url.slice(url.lastIndexOf('/') + 1))}
          onPick={(f) => {
            if (f.url) setUrl(f.url);
            setErrors({});
            setFileSize(String(f.size));
          }}
        />
      ) : null}
      <div className="form">
        <label htmlFor="ft">File type</label>
        <select id="ft" className="input" value={fileType} onChange={(e) => setFileType(e.target.value)}>
          {types.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
        <label htmlFor="url">URL</label>
        <input id="url" className="input" value={url} onChange={(e) => (setUrl(e.target.value), clear('url'))} placeholder="http://…" {...invalidProps('url', errors.url)} />
        <FieldError id="url" error={errors.url} />
        {kind === 'download' ? (
          <>
            <label htmlFor="size">File size (bytes)</label>
            <input id="size" className="input" value={fileSize} onChange={(e) => (setFileSize(e.target.value), clear('fileSize'))} inputMode="numeric" {...invalidProps('size', errors.fileSize)} />
            <FieldError id="size" error={errors.fileSize} />
            <label htmlFor="target">Target file name</label>
            <input id="target" className="input" value={targetFileName} onChange={(e) => (setTarget(e.target.value), clear('targetFileName'))} {...invalidProps('target', errors.targetFileName)} />
            <FieldError id="target" error={errors.targetFileName} />
          </>
        ) : null}
        <label htmlFor="user">Username</label>
        <input id="user" className="input" value={username} onChange={(e) => (setUser(e.target.value), clear('username'))} {...invalidProps('user', errors.username)} />
        <FieldError id="user" error={errors.username} />
        <label htmlFor="pass">Password</label>
        <input id="pass" className="input" type="password" value={password} onChange={(e) => (setPass(e.target.value), clear('password'))} {...invalidProps('pass', errors.password)} />
        <FieldError id="pass" error={errors.password} />
      </div>
      <p className="muted" style={{ margin: 0 }}>
        Progress shows in the Files tab; the task finishes when the device reports TransferComplete.
      </p>
      {error ? <div className="error-text">{error}</div> : null}
      <div className="buttons">
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="btn primary" onClick={() => void submit()}>
          {kind === 'download' ? 'Start download' : 'Start upload'}
        </button>
      </div>
    </Dialog>
  );
}
