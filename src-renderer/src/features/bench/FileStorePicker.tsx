import { useCallback, useState, type ReactElement } from 'react';
import { sanitizeFileName, type StoredFileInfo } from '../../../../src-shared/api/files';
import { useStores } from '../../app/context';
import { openFileBlob } from '../../lib/file-io';
import { formatBytes, formatDateTime } from '../../lib/format';
import { errorText } from '../../state/caller';
import { putFileInChunks } from './file-upload';
import { GridHead } from '../../lib/GridHead';
import { DeleteButton } from '../../lib/DeleteButton';
import { useLoadAndFollow } from '../../lib/use-load-and-follow';

/**
 * The workbench's file store (what CPEs download from, and where their uploads land): list, add a file
 * from disk, delete. With `onPick`, a row click picks the file (the transfer dialog uses that).
 */
export function FileStorePicker({ onPick, selected }: { onPick?: (file: StoredFileInfo) => void; selected?: string }): ReactElement {
  const { client } = useStores();
  const [files, setFiles] = useState<StoredFileInfo[] | null>(null);
  const [error, setError] = useState('');
  const [progress, setProgress] = useState<string | null>(null);

  const load = useCallback(async (): Promise<void> => {
    try {
      setFiles((await client.call('files/list', {})).files);
    } catch (err) {
      setError(errorText(err));
    }
  }, [client]);

  useLoadAndFollow(client, load, (e) => {
    if (e.event === 'files/changed') void load();
  });

  const choose = async (): Promise<void> => {
    try {
      // The browser hands the File over as is (sent in chunks); the native dialog reads up to 64 MiB.
      const picked = await openFileBlob();
      if (picked) await add(picked);
    } catch (err) {
      setError(errorText(err));
    }
  };

  const add = async (picked: { name: string; blob: Blob }): Promise<void> => {
    const name = sanitizeFileName(picked.name);
    if (!name) {
      setError(`"${picked.name}" has no usable file name (letters, digits, . _ - + ( ) and spaces)`);
      return;
    }
    if (files?.some((f) => f.name === name) && !window.confirm(`Replace ${name} in the file store?`)) return;
    setError('');
    try {
      setProgress(`${name}: 0 %`);
      const file = await putFileInChunks(client, name, picked.blob, (sent, total) => setProgress(`${name}: ${total ? Math.round((sent / total) * 100) : 100} %`));
      await load();
      onPick?.(file);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setProgress(null);
    }
  };

  const remove = async (name: string): Promise<void> => {
    try {
      await client.call('files/delete', { name });
      await load();
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <div data-testid="file-store" style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
      <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
        <strong>File store</strong>
        <span className="muted">{files ? `${files.length} file${files.length === 1 ? '' : 's'}` : ''}</span>
        <span style={{ flex: 1 }} />
        {progress ? <span className="badge info">{progress}</span> : null}
        <button type="button" className="btn small" data-testid="file-store-add" disabled={progress !== null} onClick={() => void choose()}>
          Add from disk…
        </button>
      </div>
      {error ? <div className="error-text">{error}</div> : null}
      {files && files.length === 0 ? (
        <div className="muted">Empty. Add a firmware image or configuration file from disk.</div>
      ) : (
        <div style={{ maxHeight: 180, overflow: 'auto' }}>
          <table className="grid">
            <GridHead columns={['Name', 'Size', 'Modified', 'SHA-256', '']} />
            <tbody>
              {(files ?? []).map((f) => (
                <tr
                  key={f.name}
                  className={onPick ? 'clickable' : undefined}
                  aria-selected={selected === f.name}
                  onClick={onPick ? () => onPick(f) : undefined}
                >
                  <td className="mono">{f.name}</td>
                  <td>{formatBytes(f.size)}</td>
                  <td>{formatDateTime(f.modified)}</td>
                  <td className="mono" title={f.sha256}>
                    {f.sha256 ? `${f.sha256.slice(0, 12)}…` : '—'}
                  </td>
                  <td>
                    <DeleteButton question={`Delete ${f.name} from the file store?`} onDelete={() => remove(f.name)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
