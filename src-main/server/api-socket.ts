import type { WebSocket, RawData } from 'ws';
import type { ApiHandlers } from '../../src-shared/api/client';
import type { ClientFrame, ServerFrame } from '../../src-shared/api/wire';
import { dispatch } from '../../src-shared/api/dispatch';
import type { EventHub } from '../runtime/event-hub';

export interface ApiSocketOptions {
  handlers: ApiHandlers;
  hub: EventHub;
  /** A client that falls this far behind (bytes queued) is disconnected; it reconnects and refetches. */
  maxBufferedBytes: number;
}

/** Close code for a client that could not keep up with the event stream. */
export const CLOSE_TOO_SLOW = 1013;

function parseFrame(data: RawData, isBinary: boolean): ClientFrame | { invalid: string; id: number } {
  if (isBinary) return { invalid: 'binary frames are not accepted; send JSON text', id: 0 };
  let value: unknown;
  try {
    value = JSON.parse(data.toString());
  } catch {
    return { invalid: 'frame is not valid JSON', id: 0 };
  }
  if (typeof value !== 'object' || value === null) return { invalid: 'frame must be a JSON object', id: 0 };
  const frame = value as Record<string, unknown>;
  const id = typeof frame.id === 'number' && Number.isSafeInteger(frame.id) ? frame.id : undefined;
  if (frame.type !== 'call') return { invalid: `unknown frame type: ${String(frame.type).slice(0, 40)}`, id: id ?? 0 };
  if (id === undefined) return { invalid: 'a call needs an integer id', id: 0 };
  if (typeof frame.method !== 'string') return { invalid: 'a call needs a method name', id };
  return { type: 'call', id, method: frame.method, params: frame.params };
}

/**
 * One WebSocket client: calls in, results and every hub event out. Calls run concurrently and answer
 * by id, so a slow call does not hold up events or other calls.
 */
export function serveApiSocket(ws: WebSocket, options: ApiSocketOptions): void {
  const send = (frame: ServerFrame): void => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > options.maxBufferedBytes) {
      ws.close(CLOSE_TOO_SLOW, 'client too slow: reconnect and refetch');
      // A client that does not read will not read the close frame either.
      setTimeout(() => ws.terminate(), 2000).unref();
      return;
    }
    let text: string;
    try {
      text = JSON.stringify(frame);
    } catch (err) {
      if (frame.type === 'result') {
        text = JSON.stringify({ type: 'error', id: frame.id, error: { code: 'internal', message: `result not serialisable: ${String(err)}` } });
      } else return;
    }
    ws.send(text, (err) => {
      if (err) ws.terminate();
    });
  };

  const unsubscribe = options.hub.subscribe((event) => send({ type: 'event', ...event }));

  ws.on('message', (data, isBinary) => {
    const frame = parseFrame(data, isBinary);
    if ('invalid' in frame) {
      send({ type: 'error', id: frame.id, error: { code: 'bad-request', message: frame.invalid } });
      return;
    }
    void dispatch(options.handlers, frame.method, frame.params).then((outcome) => {
      send(outcome.ok ? { type: 'result', id: frame.id, result: outcome.result } : { type: 'error', id: frame.id, error: outcome.error });
    });
  });

  // Dead peers (a laptop lid closed) are found by ping; a missing pong ends the socket.
  let alive = true;
  ws.on('pong', () => {
    alive = true;
  });
  const heartbeat = setInterval(() => {
    if (!alive) {
      ws.terminate();
      return;
    }
    alive = false;
    ws.ping();
  }, 30_000);
  heartbeat.unref();

  ws.on('error', () => ws.terminate());
  ws.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });

  // A first status event tells the client the stream is live and what it is talking to.
  void Promise.resolve()
    .then(() => options.handlers['server/status']({}))
    .then(
      (status) => send({ type: 'event', event: 'server/status', data: status }),
      () => undefined,
    );
}
