import type { ApiHandlers } from '../../src-shared/api/client';
import { NotFoundError } from '../../src-shared/errors/domain-error';
import { decodeRecordedBody } from '../runtime/recorded-body';
import type { TrafficStore } from './traffic-store';

export type TrafficHandlers = Pick<ApiHandlers, 'traffic/list' | 'traffic/get' | 'traffic/clear'>;

/** The traffic/* methods over the live store. */
export function createTrafficHandlers(store: TrafficStore): TrafficHandlers {
  return {
    'traffic/list': (params) => store.list(params),
    'traffic/get': ({ id }) => {
      const exchange = store.get(id);
      if (!exchange) throw new NotFoundError(`No exchange with id ${id} (it may have been cleared or aged out)`);
      return { exchange, request: decodeRecordedBody(exchange.request), response: decodeRecordedBody(exchange.response) };
    },
    'traffic/clear': () => {
      store.clear();
      return { ok: true };
    },
  };
}
