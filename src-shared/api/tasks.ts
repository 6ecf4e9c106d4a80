import { z } from 'zod';
import type { TaskInfo } from '../tasks/types';

export type * from '../tasks/types';

/**
 * An ACS request in the JSON shape `decode` prints. Checked structurally here; the ACS checks the
 * fields per RPC when it queues the task (`parseTaskRpc`), so a bad one is refused at once.
 */
const rpc = z
  .object({ name: z.string().min(1).max(64) })
  .passthrough();

const taskId = z.string().min(1).max(128);

export const tasksMethods = {
  'tasks/create': {
    params: z
      .object({ deviceId: z.string().min(1).max(512), rpc, connectionRequest: z.boolean().optional() })
      .strict(),
  },
  'tasks/get': { params: z.object({ taskId }).strict() },
  'tasks/list': { params: z.object({ deviceId: z.string().min(1).max(512) }).strict() },
  'tasks/cancel': { params: z.object({ taskId }).strict() },
} as const;

export interface TasksResults {
  'tasks/create': { taskId: string };
  'tasks/get': TaskInfo;
  'tasks/list': { tasks: TaskInfo[] };
  'tasks/cancel': { cancelled: boolean };
}
