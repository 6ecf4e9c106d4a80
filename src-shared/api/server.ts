import { z } from 'zod';
import type { ServerStatus } from '../server/status';

export type * from '../server/status';

export const serverMethods = {
  'server/status': { params: z.object({}).strict() },
} as const;

export interface ServerResults {
  'server/status': ServerStatus;
}
