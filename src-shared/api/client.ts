import type { ApiEvent, MethodName, Params, Result } from './index';

/**
 * What the renderer (or a script) holds. Two implementations: over Electron IPC (the preload's named
 * methods) and over WebSocket (headless mode). Views never know which.
 */
export interface ApiClient {
  call<K extends MethodName>(method: K, params: Params<K>): Promise<Result<K>>;
  /** Returns an unsubscribe function. */
  subscribe(listener: (event: ApiEvent) => void): () => void;
}

/** Handlers the main process implements once; both transports dispatch to them. */
export type ApiHandlers = {
  [K in MethodName]: (params: import('./index').ValidParams<K>) => Promise<Result<K>> | Result<K>;
};
