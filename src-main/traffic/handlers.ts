import type { ApiHandlers } from '../../src-shared/api/client';
import { ApiError } from '../../src-shared/api/errors';
import type { DecodedBody } from '../../src-shared/api/traffic';
import type { HttpHeaders, RecordedBody } from '../../src-shared/traffic/exchange';
import type { TrafficStore } from './traffic-store';

export type TrafficHandlers = Pick<ApiHandlers, 'traffic/list' | 'traffic/get' | 'traffic/clear'>;

/** Decodes one recorded body in full (the CWMP codec); `null` for an empty body. */
export type BodyDecoder = (bytes: Uint8Array, contentType: string | undefined) => DecodedBody;

export function bodyBytes(body: RecordedBody): Uint8Array {
  return Buffer.from(body.data, body.encoding === 'base64' ? 'base64' : 'utf8');
}

function headerValue(headers: HttpHeaders, name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

function decodeBody(decode: BodyDecoder | undefined, part: { headers: HttpHeaders; body: RecordedBody } | undefined): DecodedBody {
  if (!part || part.body.size === 0 || part.body.data === '') return null;
  if (!decode) return { ok: false, error: { code: 'unavailable', message: 'the CWMP decoder is not available in this build' } };
  try {
    return decode(bodyBytes(part.body), headerValue(part.headers, 'content-type'));
  } catch (err) {
    // The codec promises not to throw; if it ever does, the caller still gets an answer.
    return { ok: false, error: { code: 'internal', message: err instanceof Error ? err.message : String(err) } };
  }
}

/** The traffic/* methods over the live store. */
export function createTrafficHandlers(store: TrafficStore, decode?: BodyDecoder): TrafficHandlers {
  return {
    'traffic/list': (params) => store.list(params),
    'traffic/get': ({ id }) => {
      const exchange = store.get(id);
      if (!exchange) throw new ApiError('not-found', `No exchange with id ${id} (it may have been cleared or aged out)`);
      return { exchange, request: decodeBody(decode, exchange.request), response: decodeBody(decode, exchange.response) };
    },
    'traffic/clear': () => {
      store.clear();
      return { ok: true };
    },
  };
}
