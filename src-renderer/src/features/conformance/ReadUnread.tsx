import { useState, type ReactElement } from 'react';
import type { DeviceConformance } from '../../../../src-shared/api/index';
import { useStores } from '../../app/context';
import { errorText } from '../../state/caller';

type Unread = NonNullable<DeviceConformance['unread']>;

/**
 * Required parameters the ACS never read are not "missing": this says which and offers to read them —
 * one GetParameterValues task per object (a fault on one absent object does not spoil the others),
 * the device woken by a connection request, then the check runs again.
 */
export function ReadUnread({ deviceId, unread, onRead }: { deviceId: string; unread: Unread; onRead: () => void }): ReactElement {
  const { tasks } = useStores();
  const [state, setState] = useState<{ busy: boolean; note?: string; error?: string }>({ busy: false });
  const read = async (): Promise<void> => {
    setState({ busy: true, note: `Reading ${unread.readPaths.length} path(s)…` });
    try {
      const ids: string[] = [];
      for (const [i, path] of unread.readPaths.entries()) {
        const last = i === unread.readPaths.length - 1;
        ids.push(await tasks.getState().create(deviceId, { name: 'GetParameterValues', parameterNames: [path] }, last));
      }
      const done = await Promise.all(ids.map((id) => tasks.getState().whenFinished(id).catch(() => null)));
      const faults = done.filter((t) => t && t.status !== 'done').length;
      setState({ busy: false, note: faults ? `${faults} of ${ids.length} reads did not succeed (see Tasks)` : `Read ${ids.length} path(s)` });
      onRead();
    } catch (err) {
      setState({ busy: false, error: errorText(err) });
    }
  };
  const shown = unread.parameters.slice(0, 6);
  return (
    <div className="notice" data-testid="conformance-unread">
      <strong>{unread.parameters.length}</strong> required parameter{unread.parameters.length === 1 ? '' : 's'} never read from the device (
      <span className="mono">{shown.join(', ')}</span>
      {unread.parameters.length > shown.length ? `, … ${unread.parameters.length - shown.length} more` : ''}): not known to be missing.{' '}
      <button type="button" className="btn small" disabled={state.busy} onClick={() => void read()} data-testid="conformance-read-unread" title={unread.readPaths.join('\n')}>
        {state.busy ? 'Reading…' : `Read them (${unread.readPaths.length} GetParameterValues)`}
      </button>
      {state.note ? <span className="muted"> {state.note}</span> : null}
      {state.error ? <span className="fault"> {state.error}</span> : null}
    </div>
  );
}
