import type { ApiErrorData } from './errors';
import type { ApiEvent } from './events';

/** Frames on the headless WebSocket (`/api/events`): calls from the renderer, results and events back. */
export type ClientFrame = { type: 'call'; id: number; method: string; params: unknown };
export type ServerFrame =
  | { type: 'result'; id: number; result: unknown }
  | { type: 'error'; id: number; error: ApiErrorData }
  | ({ type: 'event' } & ApiEvent);
