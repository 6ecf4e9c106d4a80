import { useMemo, type ReactElement } from 'react';
import type { DeviceSummary } from '../../../../src-shared/api/index';
import { useSlice, useStores } from '../../app/context';
import { formatTime } from '../../lib/format';
import { isFinished } from '../../state/tasks';
import { TaskBadge, TaskFault } from './TaskStatus';

function describeRpc(rpc: { name: string }): string {
  const r = rpc as unknown as Record<string, unknown>;
  if (Array.isArray(r.parameterNames)) return `${rpc.name} ${(r.parameterNames as string[]).join(', ')}`;
  if (typeof r.parameterPath === 'string') return `${rpc.name} ${r.parameterPath}`;
  if (Array.isArray(r.parameterList)) return `${rpc.name} ${(r.parameterList as Array<{ name: string; value?: string }>).map((p) => (p.value !== undefined ? `${p.name}=${p.value}` : p.name)).join(', ')}`;
  if (typeof r.objectName === 'string') return `${rpc.name} ${r.objectName}`;
  if (typeof r.url === 'string') return `${rpc.name} ${r.url}`;
  return rpc.name;
}

export function TasksTab({ device }: { device: DeviceSummary }): ReactElement {
  const { tasks } = useStores();
  const byId = useSlice(tasks, (s) => s.byId);
  const list = useMemo(() => Object.values(byId).filter((t) => t.deviceId === device.id).sort((a, b) => b.createdAt - a.createdAt), [byId, device.id]);
  const queue = list.filter((t) => !isFinished(t));
  const history = list.filter(isFinished);

  const table = (rows: typeof list, cancel: boolean): ReactElement => (
    <table className="grid">
      <thead>
        <tr>
          <th style={{ width: 90 }}>Created</th>
          <th>Request</th>
          <th style={{ width: 90 }}>State</th>
          <th style={{ width: 70 }}>cwmp:ID</th>
          <th>Result</th>
          {cancel ? <th style={{ width: 70 }} /> : null}
        </tr>
      </thead>
      <tbody>
        {rows.map((t) => (
          <tr key={t.id} data-testid="task-row">
            <td className="mono nowrap">{formatTime(t.createdAt)}</td>
            <td className="mono">{describeRpc(t.rpc)}</td>
            <td>
              <TaskBadge task={t} />
            </td>
            <td className="mono">{t.cwmpId ?? ''}</td>
            <td>
              <TaskFault task={t} />
              {t.result ? <span className="muted mono">{t.result.name}</span> : null}
              {t.transferComplete ? (
                <div className="muted">
                  TransferComplete {t.transferComplete.faultCode === 0 ? 'succeeded' : `fault ${t.transferComplete.faultCode} ${t.transferComplete.faultString}`}
                </div>
              ) : null}
            </td>
            {cancel ? (
              <td>
                <button type="button" className="btn small" onClick={() => void tasks.getState().cancel(t.id)}>
                  Cancel
                </button>
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );

  return (
    <div className="panel" style={{ display: 'flex', flexDirection: 'column', gap: 12 }} data-testid="device-tasks">
      <h3>Queue ({queue.length})</h3>
      {queue.length ? table(queue, true) : <div className="faint">Nothing queued.</div>}
      <h3>History ({history.length})</h3>
      {history.length ? table(history, false) : <div className="faint">No finished tasks yet.</div>}
    </div>
  );
}
