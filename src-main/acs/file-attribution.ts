import type { TaskInfo } from '../../src-shared/api/tasks';
import type { DeviceRecord, DeviceRegistry } from '../devices/device-registry';
import { fetchUrls } from './file-access';

/** The file URLs a task tells a CPE to fetch or write. */
function taskFileUrls(task: TaskInfo): string[] {
  return task.rpc.name === 'Upload' ? [task.rpc.url] : fetchUrls(task.rpc);
}

function pathOf(url: string): string | undefined {
  try {
    return new URL(url).pathname;
  } catch {
    return undefined;
  }
}

/**
 * The device a file-store request belongs to. A CPE fetches its firmware (or uploads its log) when it
 * likes — often after the session that asked for it ended — so the URL is the better witness: the device
 * whose Download/Upload/ScheduleDownload/ChangeDUState task names this path. When several devices' tasks
 * name it (one image for a whole bench), the one at the request's address wins. Failing that, the device
 * in session at that address.
 */
export function deviceForFileRequest(registry: DeviceRegistry, requestPath: string, address: string): DeviceRecord | undefined {
  const path = requestPath.split('?')[0];
  const named = registry.all().filter((d) => d.tasks.some((t) => t.status !== 'cancelled' && taskFileUrls(t).some((u) => pathOf(u) === path)));
  if (named.length === 1) return named[0];
  const atAddress = (d: DeviceRecord): boolean => d.info.ip === address;
  if (named.length > 1) return named.find(atAddress);
  return registry.all().find((d) => atAddress(d) && registry.inSession.has(d.info.id));
}
