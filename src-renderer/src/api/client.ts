/**
 * The renderer's one API client. Two transports behind the same `ApiClient`:
 * - Electron: the sandboxed preload exposes `window.cwmpWorkbench` with one named function per method
 *   (each returning a dispatch outcome) and `onEvent(listener)`.
 * - Headless: a WebSocket to `/api/events?token=…` speaking `wire.ts` frames, reconnecting with backoff.
 * Views never know which; they see `WorkbenchClient`, which adds the link state so the connection slice
 * can refetch its snapshots after a reconnect (mitmproxy's "reset" pattern).
 */
import type { ApiClient } from '../../../src-shared/api/client';
import { ApiError, type ApiErrorData, type ApiEvent, type MethodName, type Params, type Result } from '../../../src-shared/api/index';
import type { ClientFrame, ServerFrame } from '../../../src-shared/api/wire';

export type LinkState = 'connecting' | 'open' | 'closed';
export type Transport = 'electron' | 'websocket';

export interface WorkbenchClient extends ApiClient {
  readonly transport: Transport;
  /** Called with the link state now and on every change; `open` after a reconnect means "refetch". */
  onLink(listener: (state: LinkState) => void): () => void;
  close(): void;
}

/** The shape the preload exposes (see src-main/electron/preload.ts). */
export type PreloadOutcome = { ok: true; result: unknown } | { ok: false; error: ApiErrorData };
export interface PreloadApi {
  onEvent(listener: (event: ApiEvent) => void): () => void;
  [method: string]: ((params: unknown) => Promise<PreloadOutcome>) | ((listener: (event: ApiEvent) => void) => () => void);
}

declare global {
  interface Window {
    cwmpWorkbench?: PreloadApi;
  }
}

/** Picks the transport the page was loaded with. */
export function createClient(): WorkbenchClient {
  if (window.cwmpWorkbench) return createIpcClient(window.cwmpWorkbench);
  return createWebSocketClient(webSocketUrl());
}

function webSocketUrl(): string {
  const params = new URLSearchParams(location.search);
  let token = params.get('token');
  if (token) {
    // Keep the token for reloads but take it out of the address bar (and of screenshots).
    sessionStorage.setItem('cwmp-workbench-token', token);
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
  } else {
    token = sessionStorage.getItem('cwmp-workbench-token') ?? '';
  }
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/api/events?token=${encodeURIComponent(token)}`;
}

function createIpcClient(api: PreloadApi): WorkbenchClient {
  return {
    transport: 'electron',
    async call<K extends MethodName>(method: K, params: Params<K>): Promise<Result<K>> {
      const fn = api[method] as ((p: unknown) => Promise<PreloadOutcome>) | undefined;
      if (typeof fn !== 'function') throw new ApiError('not-found', `Unknown API method: ${method}`);
      const outcome = await fn(params);
      if (!outcome.ok) throw ApiError.fromData(outcome.error);
      return outcome.result as Result<K>;
    },
    subscribe: (listener) => api.onEvent(listener),
    onLink(listener) {
      listener('open');
      return () => undefined;
    },
    close: () => undefined,
  };
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/** WebSocket transport with reconnect (250 ms doubling to 5 s). Calls made while down wait for the link. */
export function createWebSocketClient(url: string, WebSocketImpl: typeof WebSocket = WebSocket): WorkbenchClient {
  const listeners = new Set<(event: ApiEvent) => void>();
  const linkListeners = new Set<(state: LinkState) => void>();
  const pending = new Map<number, Pending>();
  let queue: ClientFrame[] = [];
  let nextId = 1;
  let socket: WebSocket | null = null;
  let state: LinkState = 'connecting';
  let delay = 250;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const setState = (next: LinkState): void => {
    state = next;
    for (const l of linkListeners) l(next);
  };

  const connect = (): void => {
    setState('connecting');
    const ws = new WebSocketImpl(url);
    socket = ws;
    ws.onopen = () => {
      delay = 250;
      const waiting = queue;
      queue = [];
      for (const frame of waiting) ws.send(JSON.stringify(frame));
      setState('open');
    };
    ws.onmessage = (msg) => {
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(msg.data)) as ServerFrame;
      } catch {
        return;
      }
      switch (frame.type) {
        case 'result':
          pending.get(frame.id)?.resolve(frame.result);
          pending.delete(frame.id);
          break;
        case 'error':
          pending.get(frame.id)?.reject(ApiError.fromData(frame.error));
          pending.delete(frame.id);
          break;
        case 'event': {
          const event = { event: frame.event, data: frame.data } as ApiEvent;
          for (const l of listeners) l(event);
          break;
        }
        default:
          assertNever(frame);
      }
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      // Calls in flight on a dead socket will never be answered.
      const queued = new Set(queue.map((f) => f.id));
      for (const [id, p] of pending) {
        if (queued.has(id)) continue;
        p.reject(new ApiError('unavailable', 'Connection to the workbench lost'));
        pending.delete(id);
      }
      if (closed) {
        setState('closed');
        return;
      }
      setState('closed');
      timer = setTimeout(connect, delay);
      delay = Math.min(delay * 2, 5000);
    };
    ws.onerror = () => undefined;
  };

  connect();

  return {
    transport: 'websocket',
    call<K extends MethodName>(method: K, params: Params<K>): Promise<Result<K>> {
      return new Promise<Result<K>>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        const frame: ClientFrame = { type: 'call', id, method, params };
        if (socket && socket.readyState === WebSocketImpl.OPEN) socket.send(JSON.stringify(frame));
        else queue.push(frame);
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onLink(listener) {
      linkListeners.add(listener);
      listener(state);
      return () => linkListeners.delete(listener);
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      socket?.close();
    },
  };
}

function assertNever(x: never): never {
  throw new Error(`Unexpected frame: ${JSON.stringify(x)}`);
}
