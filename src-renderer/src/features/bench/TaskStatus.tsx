import type { ReactElement } from 'react';
import type { TaskInfo, TaskStatus } from '../../../../src-shared/api/index';
import { explainFault } from '../../lib/explain';

const CLASS: Record<TaskStatus, string> = {
  queued: 'badge',
  sent: 'badge info',
  done: 'badge ok',
  fault: 'badge fault',
  'timed-out': 'badge warn',
  cancelled: 'badge',
};

/** Words users expect on a change: pending until sent, applied once done. */
export function statusWord(s: TaskStatus): string {
  switch (s) {
    case 'queued':
      return 'pending';
    case 'sent':
      return 'sent';
    case 'done':
      return 'applied';
    case 'fault':
      return 'fault';
    case 'timed-out':
      return 'timed out';
    case 'cancelled':
      return 'cancelled';
    default: {
      const never: never = s;
      return String(never);
    }
  }
}

/** `read`: a read has nothing to apply, so its success says "done". */
export function TaskBadge({ task, read = false }: { task: TaskInfo | undefined; read?: boolean }): ReactElement {
  if (!task) return <span className="badge">pending</span>;
  return (
    <span className={CLASS[task.status]} data-testid="task-status" data-status={task.status} title={task.message}>
      {read && task.status === 'done' ? 'done' : statusWord(task.status)}
    </span>
  );
}

/** A task's fault with each per-parameter fault in words. */
export function TaskFault({ task }: { task: TaskInfo }): ReactElement | null {
  if (!task.fault) return task.message && task.status !== 'done' ? <div className="muted">{task.message}</div> : null;
  const f = task.fault;
  return (
    <div className="error-text" data-testid="task-fault">
      {f.faultCode} {f.faultString} <span className="muted">— {explainFault(f.faultCode)}</span>
      {f.setParameterValuesFault?.map((p) => (
        <div key={p.parameterName} className="mono">
          {p.parameterName}: {p.faultCode} {p.faultString} <span className="muted">— {explainFault(p.faultCode)}</span>
        </div>
      ))}
    </div>
  );
}
