import { z } from 'zod';
import { taskRequestSchema } from '../tasks/request-schema';
import type { TaskInfo } from '../tasks/types';

export type * from '../tasks/types';
export type { TaskRequest } from '../tasks/request-schema';

const taskId = z.string().min(1).max(128);

export const tasksMethods = {
  'tasks/create': {
    params: z
      .object({
        deviceId: z.string().min(1).max(512),
        rpc: taskRequestSchema,
        connectionRequest: z.boolean().optional(),
        /** GetParameterNames only: read the values (and attributes) of the names in the same session. */
        followUp: z.enum(['values', 'values-and-attributes']).optional(),
      })
      .refine((p) => p.followUp === undefined || p.rpc.name === 'GetParameterNames', {
        message: 'followUp applies to GetParameterNames only',
        path: ['followUp'],
      })
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
