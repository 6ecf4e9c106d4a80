import { z } from 'zod';
import type { ConnectionRequestOutcome, DeviceDetail, DeviceSummary } from '../devices/types';

export type * from '../devices/types';

export type ConnectionRequestTransport = 'auto' | 'http' | 'udp';

const deviceId = z.string().min(1).max(512);

export const devicesMethods = {
  'devices/list': { params: z.object({}).strict() },
  'devices/get': { params: z.object({ deviceId }).strict() },
  'devices/delete': { params: z.object({ deviceId }).strict() },
  /**
   * `transport`: `http` (GET the ConnectionRequestURL), `udp` (a TR-111 UDP connection request to the
   * binding the device announced through STUN or reported), or `auto` (default: UDP for a device behind
   * NAT or without a ConnectionRequestURL, when it has a UDP binding; HTTP otherwise).
   */
  'devices/connection-request': { params: z.object({ deviceId, transport: z.enum(['auto', 'http', 'udp']).optional() }).strict() },
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
