import { z } from 'zod';
import type { CwmpMessage, DecodeError } from '../cwmp/types';
import type { Exchange } from '../traffic/exchange';

export const trafficMethods = {
  'traffic/list': {
    params: z
      .object({
        deviceId: z.string().min(1).max(512).optional(),
        /** Newest N (default 1000). */
        limit: z.number().int().min(1).max(1_000_000).optional(),
        /** Only exchanges recorded after this id (for catching up). */
        after: z.string().max(128).optional(),
      })
      .strict(),
  },
  /** One exchange with both bodies decoded in full. */
  'traffic/get': { params: z.object({ id: z.string().min(1).max(128) }).strict() },
  'traffic/clear': { params: z.object({}).strict() },
} as const;

export type DecodedBody = { ok: true; message: CwmpMessage } | { ok: false; error: DecodeError } | null;

export interface TrafficResults {
  'traffic/list': { exchanges: Exchange[]; total: number };
  'traffic/get': { exchange: Exchange; request: DecodedBody; response: DecodedBody };
  'traffic/clear': { ok: true };
}
