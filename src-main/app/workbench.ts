import { mkdir } from 'node:fs/promises';
import type { ApiHandlers } from '../../src-shared/api/client';
import type { ListenerInfo, ServerStatus } from '../../src-shared/api/server';
import { createUiServer, randomToken, type UiServer } from '../server/index';
import { createTrafficHandlers } from '../traffic/handlers';
import { TrafficStore } from '../traffic/traffic-store';
import { appVersion } from './app-version';
import { EventHub } from './event-hub';
import { defaultStaticDir } from './static-dir';
import { unavailableHandlers } from './unavailable';

export interface WorkbenchOptions {
  dataDir: string;
  /** Where the ACS listens (127.0.0.1 by default; 0.0.0.0 for a real bench network). */
  host: string;
  /** 0 = any free port. */
  acsPort: number;
  acsTlsPort: number;
  /** The headless UI/API server's port; 0 = any free port. */
  uiPort: number;
  /** The UI/API server's address; default 127.0.0.1 (it is not meant for the bench network). */
  uiHost?: string;
  /** The API token; random when omitted. */
  token?: string;
  /** Simulated CPEs to start against the ACS. */
  sim: number;
  shell: 'electron' | 'headless';
  /** Serve the HTTP/WebSocket API and UI; default: only in the headless shell. */
  serveUi?: boolean;
  /** The renderer build to serve; default: `out/renderer` found from the code's location. */
  staticDir?: string;
}

/** What is listening where, once started. */
export interface WorkbenchUrls {
  acsHttp?: string;
  acsHttps?: string;
  /** The UI to open in a browser, token included. */
  ui?: string;
}

export interface Workbench {
  readonly hub: EventHub;
  readonly traffic: TrafficStore;
  /** Every API method; what a service of this build lacks answers `unavailable`. */
  readonly handlers: ApiHandlers;
  readonly token: string;
  readonly options: Readonly<WorkbenchOptions>;
  start(): Promise<WorkbenchUrls>;
  /** Stops every listener and simulated device and persists state. Safe to call twice. */
  stop(): Promise<void>;
  urls(): WorkbenchUrls;
  status(): Promise<ServerStatus>;
}

/** A part of the workbench with a lifecycle (ACS, simulator, UI server), started in order, stopped in reverse. */
interface Part {
  name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The composition root: one EventHub, one TrafficStore, the services of this build, and their handlers
 * merged into one `ApiHandlers`. Electron and `serve` both create exactly this.
 */
export async function createWorkbench(options: WorkbenchOptions): Promise<Workbench> {
  await mkdir(options.dataDir, { recursive: true });
  const hub = new EventHub();
  const traffic = new TrafficStore(hub);
  const token = options.token ?? randomToken();
  const serveUi = options.serveUi ?? options.shell === 'headless';

  const parts: Part[] = [];
  let ui: UiServer | undefined;

  const listeners = (): ListenerInfo[] => {
    const out: ListenerInfo[] = [];
    if (ui) out.push({ name: 'ui', url: ui.url() ?? '', listening: ui.url() !== undefined });
    return out;
  };

  const status = async (): Promise<ServerStatus> => ({
    version: appVersion(),
    dataDir: options.dataDir,
    listeners: listeners(),
    devicesOnline: 0,
    devicesTotal: 0,
    shell: options.shell,
  });

  const handlers: ApiHandlers = {
    ...unavailableHandlers(),
    ...createTrafficHandlers(traffic),
    'server/status': () => status(),
  };

  if (serveUi) {
    const server = createUiServer({
      handlers,
      hub,
      token,
      host: options.uiHost ?? '127.0.0.1',
      port: options.uiPort,
      staticDir: options.staticDir ?? defaultStaticDir(),
    });
    ui = server;
    parts.push({ name: 'ui', start: async () => void (await server.start()), stop: () => server.stop() });
  }

  const urls = (): WorkbenchUrls => ({ ui: ui?.browserUrl() });

  let started: Part[] = [];
  let state: 'new' | 'starting' | 'running' | 'stopping' | 'stopped' = 'new';
  let stopping: Promise<void> | undefined;

  const stopStarted = async (): Promise<void> => {
    const errors: string[] = [];
    for (const part of started.reverse()) {
      try {
        await part.stop();
      } catch (err) {
        errors.push(`${part.name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    started = [];
    if (errors.length) throw new Error(`stopping failed: ${errors.join('; ')}`);
  };

  return {
    hub,
    traffic,
    handlers,
    token,
    options,
    urls,
    status,
    async start(): Promise<WorkbenchUrls> {
      if (state !== 'new') throw new Error(`workbench cannot start: it is ${state}`);
      state = 'starting';
      for (const part of parts) {
        try {
          await part.start();
          started.push(part);
        } catch (err) {
          await stopStarted().catch(() => undefined);
          state = 'stopped';
          const message = err instanceof Error ? err.message : String(err);
          throw new Error(`${part.name} failed to start: ${message}`, { cause: err });
        }
      }
      state = 'running';
      hub.publish({ event: 'server/status', data: await status() });
      return urls();
    },
    stop(): Promise<void> {
      if (stopping) return stopping;
      state = 'stopping';
      stopping = stopStarted().finally(() => {
        state = 'stopped';
      });
      return stopping;
    },
  };
}
