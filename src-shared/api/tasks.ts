import { z } from 'zod';
import { taskRequestSchema } from '../tasks/request-schema';
import type { TaskInfo } from '../tasks/types';

export type * from '../tasks/types';
export type { TaskRequest } from '../tasks/request-schema';

const taskId = z.string().min(1).max(128);

export const tasksMethods = {
  'tasks/create': {
    params: z
      .object({ deviceId: z.string().min(1).max(512), rpc: taskRequestSchema, connectionRequest: z.boolean().optional() })
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
