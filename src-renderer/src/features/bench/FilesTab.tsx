import { useMemo, type ReactElement } from 'react';
import type { DeviceSummary } from '../../../../src-shared/api/index';
import { useSlice, useStores } from '../../app/context';
import { formatDateTime } from '../../lib/format';
import { TaskBadge, TaskFault } from './TaskStatus';
import { FileStorePicker } from './FileStorePicker';
import { GridHead } from '../../lib/GridHead';

/** Downloads and uploads of this device with their TransferComplete outcome. */
export function FilesTab({ device }: { device: DeviceSummary }): ReactElement {
  const { tasks } = useStores();
  const byId = useSlice(tasks, (s) => s.byId);
  const transfers = useMemo(
    () =>
      Object.values(byId)
        .filter((t) => t.deviceId === device.id && (t.rpc.name === 'Download' || t.rpc.name === 'Upload'))
        .sort((a, b) => b.createdAt - a.createdAt),
    [byId, device.id],
  );
  return (
    <div className="panel" data-testid="device-files">
      <div className="card" style={{ marginBottom: 10 }}>
        <FileStorePicker />
      </div>
      {transfers.length === 0 ? (
        <div className="empty">No downloads or uploads yet. Use Download… or Upload… above.</div>
      ) : (
        <table className="grid">
          <GridHead columns={['Started', 'Kind', 'File type', 'URL', 'State', 'Outcome']} />
          <tbody>
            {transfers.map((t) => {
              const rpc = t.rpc as unknown as { name: string; fileType?: string; url?: string };
              return (
                <tr key={t.id}>
                  <td>{formatDateTime(t.createdAt)}</td>
                  <td>{rpc.name}</td>
                  <td>{rpc.fileType}</td>
                  <td className="mono">{rpc.url}</td>
                  <td>
                    <TaskBadge task={t} />
                  </td>
                  <td>
                    <TaskFault task={t} />
                    {t.transferComplete ? (
                      t.transferComplete.faultCode === 0 ? (
                        <span className="badge ok">complete {t.transferComplete.completeTime}</span>
                      ) : (
                        <span className="error-text">
                          {t.transferComplete.faultCode} {t.transferComplete.faultString}
                        </span>
                      )
                    ) : t.status === 'done' ? (
                      <span className="muted">waiting for TransferComplete</span>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
