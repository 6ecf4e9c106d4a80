import { z } from 'zod';
import type { ConnectionRequestOutcome, DeviceDetail, DeviceSummary } from '../devices/types';

export type * from '../devices/types';

const deviceId = z.string().min(1).max(512);

export const devicesMethods = {
  'devices/list': { params: z.object({}).strict() },
  'devices/get': { params: z.object({ deviceId }).strict() },
  'devices/delete': { params: z.object({ deviceId }).strict() },
  'devices/connection-request': { params: z.object({ deviceId }).strict() },
  'devices/set-credentials': {
    params: z
      .object({
        deviceId,
        /** What the ACS asks of this CPE (overrides the global setting). */
        cpeAuth: z.object({ username: z.string(), password: z.string() }).nullable().optional(),
        /** What the ACS presents on a connection request. */
        connectionRequest: z.object({ username: z.string(), password: z.string() }).nullable().optional(),
      })
      .strict(),
  },
} as const;

export interface DevicesResults {
  'devices/list': { devices: DeviceSummary[] };
  'devices/get': DeviceDetail;
  'devices/delete': { deleted: boolean };
  'devices/connection-request': { outcome: ConnectionRequestOutcome; status?: number; message: string };
  'devices/set-credentials': { ok: true };
}
