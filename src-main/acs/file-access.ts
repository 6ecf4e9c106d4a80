import type { TaskInfo } from '../../src-shared/api/tasks';
import type { AcsRequest, DeploymentUnitOperation } from '../../src-shared/cwmp/types';
import { fileRoute } from './file-routes';

/**
 * Who may use the file store while CPE authentication is on: which file a task URL names, where an upload
 * may write, and the credentials the ACS hands a CPE with a transfer aimed at its own store.
 */

/** The store file a URL names on this ACS (its host's port is one of `ports`), or null. */
export function storeFileOf(url: string | undefined, ports: readonly number[]): string | null {
  if (!url) return null;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  if (!ports.includes(port)) return null;
  // Either direction names the same file: `/files/<n>`, `/upload/<n>`, `/files/upload/<n>`.
  return fileRoute('PUT', u.pathname)?.name ?? null;
}

/** The URLs a task has a CPE fetch from. */
export function fetchUrls(rpc: TaskInfo['rpc']): string[] {
  switch (rpc.name) {
    case 'Download':
    case 'ScheduleDownload':
      return [rpc.url];
    case 'ChangeDUState':
      return rpc.operations.flatMap((op) => ('url' in op && op.url ? [op.url] : []));
    default:
      return [];
  }
}

/**
 * Why a CPE may not upload `name` now, or null when it may: only a file an Upload task that went out names
 * (it is waiting for the CPE), and never a file a Download, ScheduleDownload or ChangeDUState serves.
 */
export function uploadRefusal(name: string, tasks: Iterable<TaskInfo>, ports: readonly number[]): string | null {
  let told = false;
  for (const task of tasks) {
    if (fetchUrls(task.rpc).some((url) => storeFileOf(url, ports) === name)) {
      return `"${name}" is served for a ${task.rpc.name} task (${task.id}); uploads never replace it`;
    }
    if (task.rpc.name === 'Upload' && task.status === 'sent' && storeFileOf(task.rpc.url, ports) === name) told = true;
  }
  return told ? null : `No Upload task sent to a CPE names "${name}": with CPE authentication on, uploads go only where an Upload task told a CPE to write`;
}

/**
 * The request as it goes out: a transfer aimed at this ACS's store without credentials of its own gets the
 * store's (the CPE credentials), so the CPE can fetch or upload with authentication on. A copy; the task
 * keeps what the user gave.
 */
export function withStoreCredentials(rpc: AcsRequest, credentials: { username: string; password: string }, ports: readonly number[]): AcsRequest {
  const ours = (url: string | undefined): boolean => storeFileOf(url, ports) !== null;
  const bare = (o: { username?: string; password?: string }): boolean => !o.username && !o.password;
  switch (rpc.name) {
    case 'Download':
    case 'ScheduleDownload':
    case 'Upload':
      return ours(rpc.url) && bare(rpc) ? { ...rpc, ...credentials } : rpc;
    case 'ChangeDUState': {
      const fill = (op: DeploymentUnitOperation): DeploymentUnitOperation => (op.type !== 'Uninstall' && ours(op.url) && bare(op) ? { ...op, ...credentials } : op);
      return rpc.operations.some((op) => fill(op) !== op) ? { ...rpc, operations: rpc.operations.map(fill) } : rpc;
    }
    default:
      return rpc;
  }
}
