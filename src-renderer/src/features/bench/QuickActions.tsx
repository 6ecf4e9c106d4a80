import { useState, type ReactElement } from 'react';
import type { DeviceSummary, TaskRequest } from '../../../../src-shared/api/index';
import { useStores } from '../../app/context';
import { errorText } from '../../state/caller';
import { Dialog } from '../../lib/Dialog';
import { TransferDialog } from './TransferDialog';

type Confirm = { title: string; body: string; run: () => Promise<unknown> } | null;

export function QuickActions({ device }: { device: DeviceSummary }): ReactElement {
  const { tasks, devices, parameters } = useStores();
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [transfer, setTransfer] = useState<'download' | 'upload' | null>(null);
  const [error, setError] = useState('');

  const run = (fn: () => Promise<unknown>): void => {
    setError('');
    fn().catch((err: unknown) => setError(errorText(err)));
  };
  const queue = (rpc: TaskRequest) => () => tasks.getState().create(device.id, rpc, true);
  const root = `${device.root ?? 'Device'}.`;

  return (
    <div className="actions">
      <button type="button" className="btn" onClick={() => run(() => devices.getState().connectionRequest(device.id))} data-testid="action-cr" title="Ask the device to open a session now">
        Connection request
      </button>
      <button
        type="button"
        className="btn"
        onClick={() => run(() => devices.getState().connectionRequest(device.id, 'udp'))}
        data-testid="action-cr-udp"
        title="TR-111 UDP connection request, signed with the device's connection-request credentials, to the binding it announced to the STUN server (or reported in UDPConnectionRequestAddress)"
      >
        UDP connection request
      </button>
      <button type="button" className="btn" onClick={() => run(() => parameters.getState().refreshAll())} title={`GetParameterNames + GetParameterValues of all of ${root}`}>
        Refresh all
      </button>
      <button type="button" className="btn" onClick={() => setTransfer('download')}>
        Download…
      </button>
      <button type="button" className="btn" onClick={() => setTransfer('upload')}>
        Upload…
      </button>
      <button type="button" className="btn" onClick={() => setConfirm({ title: 'Reboot the device?', body: `${device.id} will restart and drop its sessions.`, run: queue({ name: 'Reboot', commandKey: `reboot-${Date.now()}` }) })}>
        Reboot
      </button>
      <button
        type="button"
        className="btn danger"
        onClick={() => setConfirm({ title: 'Factory reset the device?', body: `${device.id} will lose all its configuration. This cannot be undone.`, run: queue({ name: 'FactoryReset' }) })}
      >
        Factory reset
      </button>
      {error ? <span className="error-text">{error}</span> : null}
      {confirm ? (
        <Dialog title={confirm.title} onClose={() => setConfirm(null)}>
          <p style={{ margin: 0 }}>{confirm.body}</p>
          <div className="buttons">
            <button type="button" className="btn" onClick={() => setConfirm(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="btn primary"
              onClick={() => {
                run(confirm.run);
                setConfirm(null);
              }}
            >
              {confirm.title.startsWith('Factory') ? 'Factory reset' : 'Reboot'}
            </button>
          </div>
        </Dialog>
      ) : null}
      {transfer ? <TransferDialog device={device} kind={transfer} onClose={() => setTransfer(null)} /> : null}
    </div>
  );
}
