import { z } from 'zod';
import type { Exchange } from '../traffic/exchange';
import type { DecodedBody, ListedExchange } from '../traffic/types';

export type * from '../traffic/types';

const cursor = z.string().min(1).max(128);

export const trafficMethods = {
  /**
   * Recorded exchanges, oldest first. Without cursors: the newest `limit`. With `before`: the newest
   * `limit` older than that exchange (paging back through history). With `after` alone: the oldest
   * `limit` newer than it (catching up without gaps). A cursor the store no longer holds has aged out,
   * so it sits before everything: `after` then means all, `before` means none.
   */
  'traffic/list': {
    params: z
      .object({
        deviceId: z.string().min(1).max(512).optional(),
        /** Page size (default 1000). */
        limit: z.number().int().min(1).max(1_000_000).optional(),
        /** Only exchanges recorded after this id. */
        after: cursor.optional(),
        /** Only exchanges recorded before this id. */
        before: cursor.optional(),
        /**
         * Include the raw bodies (default true). With false each body carries `data: ''`, its `size`
         * and `omitted: true`, and each exchange carries `searchText`; fetch a body with `traffic/get`.
         */
        bodies: z.boolean().optional(),
      })
      .strict(),
  },
  /** One exchange with both bodies decoded in full. */
  'traffic/get': { params: z.object({ id: z.string().min(1).max(128) }).strict() },
  'traffic/clear': { params: z.object({}).strict() },
} as const;

export interface TrafficResults {
  /** `total`: how many matched the device and cursors before `limit` cut the page (more to page when larger). */
  'traffic/list': { exchanges: ListedExchange[]; total: number };
  'traffic/get': { exchange: Exchange; request: DecodedBody; response: DecodedBody };
  'traffic/clear': { ok: true };
}
