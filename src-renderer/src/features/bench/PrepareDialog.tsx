import { useState, type ReactElement } from 'react';
import type { TaskInfo, TaskRequest } from '../../../../src-shared/api/index';
import { useStores } from '../../app/context';
import { Dialog } from '../../lib/Dialog';
import { errorText } from '../../state/caller';

type Kind = 'GetParameterValues' | 'SetParameterValues' | 'Download' | 'Reboot';

/**
 * Prepares the bench before a CPE is powered on: tasks queued for a device the ACS has not heard from,
 * named by its serial number or full id (`OUI-ProductClass-Serial`), run on its first Inform.
 */
export function PrepareDialog({ onClose }: { onClose: () => void }): ReactElement {
  const { tasks, client } = useStores();
  const [target, setTarget] = useState('');
  const [kind, setKind] = useState<Kind>('GetParameterValues');
  const [path, setPath] = useState('Device.DeviceInfo.');
  const [value, setValue] = useState('');
  const [url, setUrl] = useState('');
  const [queued, setQueued] = useState<TaskInfo[]>([]);
  const [error, setError] = useState('');

  const rpc = (): TaskRequest => {
    switch (kind) {
      case 'GetParameterValues':
        return { name: kind, parameterNames: [path] };
      case 'SetParameterValues':
        return { name: kind, parameterList: [{ name: path, value, type: 'xsd:string' }], parameterKey: `prepared-${Date.now()}` };
      case 'Download':
        return { name: kind, commandKey: `prepared-${Date.now()}`, fileType: '1 Firmware Upgrade Image', url };
      case 'Reboot':
        return { name: kind, commandKey: `prepared-${Date.now()}` };
    }
  };

  const submit = async (): Promise<void> => {
    setError('');
    const who = target.trim();
    if (!who) return setError('Name the device: its serial number or full id');
    try {
      await tasks.getState().create(who, rpc(), false);
      setQueued((await client.call('tasks/list', { deviceId: who })).tasks);
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <Dialog title="Prepare tasks for a device not seen yet" onClose={onClose}>
      <div className="form">
        <label htmlFor="prep-target">Serial number or device id</label>
        <input id="prep-target" className="input mono" value={target} onChange={(e) => setTarget(e.target.value)} placeholder="SN0001 or 00D09E-HGW-SN0001" data-testid="prepare-target" />
        <label htmlFor="prep-kind">Task</label>
        <select id="prep-kind" className="input" value={kind} onChange={(e) => setKind(e.target.value as Kind)} data-testid="prepare-kind">
          <option>GetParameterValues</option>
          <option>SetParameterValues</option>
          <option>Download</option>
          <option>Reboot</option>
        </select>
        {kind === 'GetParameterValues' || kind === 'SetParameterValues' ? (
          <>
            <label htmlFor="prep-path">Parameter</label>
            <input id="prep-path" className="input mono" value={path} onChange={(e) => setPath(e.target.value)} />
          </>
        ) : null}
        {kind === 'SetParameterValues' ? (
          <>
            <label htmlFor="prep-value">Value</label>
            <input id="prep-value" className="input" value={value} onChange={(e) => setValue(e.target.value)} />
          </>
        ) : null}
        {kind === 'Download' ? (
          <>
            <label htmlFor="prep-url">Firmware URL</label>
            <input id="prep-url" className="input" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="http://…" />
          </>
        ) : null}
      </div>
      <p className="muted" style={{ margin: 0 }}>
        The tasks wait for the device's first Inform and go out in that session, in the order queued.
      </p>
      {queued.length ? (
        <ul className="mono" data-testid="prepare-queued" style={{ margin: 0, paddingLeft: 18 }}>
          {queued.map((t) => (
            <li key={t.id}>
              {t.rpc.name} · {t.status}
            </li>
          ))}
        </ul>
      ) : null}
      {error ? <div className="error-text">{error}</div> : null}
      <div className="buttons">
        <button type="button" className="btn" onClick={onClose}>
          Close
        </button>
        <button type="button" className="btn primary" onClick={() => void submit()} data-testid="prepare-submit">
          Queue task
        </button>
      </div>
    </Dialog>
  );
}
