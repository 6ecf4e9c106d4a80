import { mkdir } from 'node:fs/promises';
import type { ApiHandlers } from '../../src-shared/api/client';
import type { ListenerInfo, ServerStatus } from '../../src-shared/api/server';
import { createAcsService, type AcsService } from '../acs/index';
import { createSettingsHandlers } from '../acs/settings-handlers';
import { createFileService } from '../files/handlers';
import { createCaptureService, type CaptureService } from '../capture/index';
import { createDataModelService } from '../datamodel/handlers';
import { createProxyService, storeListenerCert, type ProxyService } from '../proxy/index';
import { createUiServer, randomToken, type UiServer } from '../server/index';
import { createSimulator, type Simulator } from '../sim/index';
import type { DeviceImage } from '../../src-shared/replay/device-image';
import { createReplayService } from '../replay/handlers';
import { workbenchReplayHost } from '../replay/host';
import type { SimFaultName } from '../sim/fault-switches';
import { createCertService, type CertService } from '../tls/index';
import { createTrafficHandlers } from '../traffic/handlers';
import { TrafficStore } from '../traffic/traffic-store';
import { createSuiteEngine } from '../testing/suite-engine';
import { createTestService, firmwareFromAcs } from '../testing/test-service';
import { appVersion } from './app-version';
import { EventHub } from '../runtime/event-hub';
import { portAvailable } from './ports';
import { defaultStaticDir } from './static-dir';
import { unavailableHandlers } from './unavailable';

export type FlexiblePort = 'acsPort' | 'acsTlsPort' | 'uiPort';

export interface WorkbenchOptions {
  dataDir: string;
  /** Where the ACS (and proxies advertised on a wildcard) listen: 127.0.0.1, or 0.0.0.0 for a bench network. */
  host: string;
  /** 0 = any free port. */
  acsPort: number;
  acsTlsPort: number;
  /** UDP port of the TR-111 STUN server for UDP connection requests; 0 = any free port; absent = none. */
  stunPort?: number | null;
  /** The headless UI/API server's port; 0 = any free port. */
  uiPort: number;
  /** The UI/API server's address; default 127.0.0.1 (it is not meant for the bench network). */
  uiHost?: string;
  /** The API token; random when omitted. */
  token?: string;
  /** Simulated CPEs to start against the ACS. */
  sim: number;
  /** Makes the simulated CPEs copies of one real device (a profile cloned from a trace). */
  simProfile?: DeviceImage;
  /** Deliberate faults for the simulated CPEs (src-main/sim/fault-switches.ts), to show the test suite catches them. */
  simFaults?: SimFaultName[];
  shell: 'electron' | 'headless';
  /** Serve the HTTP/WebSocket API and UI; default: only in the headless shell. */
  serveUi?: boolean;
  /** The renderer build to serve; default: `out/renderer` found from the code's location. */
  staticDir?: string;
  /**
   * Ports that move to a free one (with a warning) when taken. Default: the ACS ports in the Electron shell
   * (which asks for 7547/7548), none otherwise (`serve` decides for itself).
   */
  flexiblePorts?: FlexiblePort[];
  /** Record all traffic into a capture file from the start; default true. */
  record?: boolean;
}

/** What is listening where, once started. */
export interface WorkbenchUrls {
  acsHttp?: string;
  acsHttps?: string;
  /** `stun:<host>:<port>` when the STUN server runs. */
  stun?: string;
  /** The UI to open in a browser, token included. */
  ui?: string;
}

export interface Workbench {
  readonly hub: EventHub;
  readonly traffic: TrafficStore;
  /** Every API method: the services' handlers merged; nothing is left unanswered. */
  readonly handlers: ApiHandlers;
  readonly token: string;
  readonly options: Readonly<WorkbenchOptions>;
  readonly acs: AcsService;
  readonly certs: CertService;
  readonly captures: CaptureService;
  readonly proxy: ProxyService;
  /** The simulated CPEs, once started with `sim > 0`. */
  simulator(): Simulator | undefined;
  /** Starts the ACS, the UI server, proxies, recording and the simulator. Rejects if the ACS or UI cannot listen. */
  start(): Promise<WorkbenchUrls>;
  /** Stops the simulator, every listener and recording, and persists state. Safe to call twice. */
  stop(): Promise<void>;
  urls(): WorkbenchUrls;
  status(): Promise<ServerStatus>;
  /** Things that went wrong without stopping the workbench (a moved port, a proxy that did not start, …). */
  warnings(): string[];
}

/** A part with a lifecycle, started in order and stopped in reverse. An optional part's failure is a warning. */
interface Part {
  name: string;
  optional?: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const PORT_NAMES: Record<FlexiblePort, string> = { acsPort: 'ACS HTTP', acsTlsPort: 'ACS HTTPS', uiPort: 'UI' };

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A URL a local client can use for a listener bound to a wildcard address. */
/** The same listener reached over loopback: the simulated CPEs live on this machine. */
function loopbackUrl(url: string): string {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  return u.toString();
}

/**
 * The composition root: one EventHub, one TrafficStore, every service of this build, and their handlers
 * merged into one `ApiHandlers`. The Electron shell and `serve` both create exactly this.
 */
export async function createWorkbench(options: WorkbenchOptions): Promise<Workbench> {
  await mkdir(options.dataDir, { recursive: true });
  const opts: WorkbenchOptions = { ...options };
  const warnings: string[] = [];
  const uiHost = opts.uiHost ?? '127.0.0.1';

  const flexible = opts.flexiblePorts ?? (opts.shell === 'electron' ? ['acsPort', 'acsTlsPort'] : []);
  for (const key of flexible) {
    const port = opts[key];
    if (port !== 0 && !(await portAvailable(key === 'uiPort' ? uiHost : opts.host, port))) {
      warnings.push(`${PORT_NAMES[key]} port ${port} is in use; a free port was taken instead`);
      opts[key] = 0;
    }
  }

  const hub = new EventHub();
  const traffic = new TrafficStore(hub);
  const token = opts.token ?? randomToken();
  const serveUi = opts.serveUi ?? opts.shell === 'headless';

  const certs = await createCertService({ dataDir: opts.dataDir, hub });
  const acs = await createAcsService({
    dataDir: opts.dataDir,
    host: opts.host,
    httpPort: opts.acsPort,
    httpsPort: opts.acsTlsPort,
    stunPort: opts.stunPort ?? null,
    hub,
    traffic,
    // CPE certificates are judged by the certificate store's trust rules, with reasons in words.
    verifyClientCertificate: (der) => certs.verifyClientCertificate(der),
  });
  // The live traffic's memory bound is a setting: applied now and whenever it changes.
  traffic.setMaxBytes(acs.settings.get().trafficMemoryBytes);
  const captures = await createCaptureService({ dataDir: opts.dataDir, hub, traffic });
  const proxy = await createProxyService({
    dataDir: opts.dataDir,
    hub,
    traffic,
    host: opts.host,
    certs: { listenerCert: (id) => storeListenerCert(certs.store, id), upstreamCas: () => certs.proxyUpstreamCas() },
  });
  let simulator: Simulator | undefined;
  let ui: UiServer | undefined;
  let state: 'new' | 'starting' | 'running' | 'stopping' | 'stopped' = 'new';

  const listeners = (): ListenerInfo[] => {
    const out: ListenerInfo[] = [];
    const acsUrls = acs.urls();
    const running = state === 'running' || state === 'starting';
    out.push({ name: 'acs-http', url: acsUrls.http ?? '', listening: running && acsUrls.http !== undefined });
    out.push({ name: 'acs-https', url: acsUrls.https ?? '', listening: running && acsUrls.https !== undefined });
    if (acsUrls.files) out.push({ name: 'files', url: acsUrls.files, listening: running });
    if (acsUrls.stun) out.push({ name: 'stun', url: acsUrls.stun, listening: running });
    if (ui) out.push({ name: 'ui', url: ui.url() ?? '', listening: ui.url() !== undefined });
    for (const p of proxy.urls()) out.push({ name: `proxy:${p.name}`, url: p.url, listening: true });
    return out;
  };

  const status = async (): Promise<ServerStatus> => {
    const stats = acs.stats();
    const capture = captures.status();
    return {
      version: appVersion(),
      dataDir: opts.dataDir,
      listeners: listeners(),
      devicesOnline: stats.devicesOnline,
      devicesTotal: stats.devicesTotal,
      capture,
      shell: opts.shell,
    };
  };

  const files = createFileService({ store: acs.files, baseUrl: () => acs.urls().files, onChange: (data) => hub.publish({ event: 'files/changed', data }) });
  hub.subscribe((e) => {
    if (e.event === 'traffic/exchange') files.observe(e.data);
  });

  // The test suite over the API; a simulated CPE lends the runner its local-change hook (VALUE CHANGE cases).
  const tests = createTestService({
    dataDir: opts.dataDir,
    hub,
    firmware: firmwareFromAcs(acs),
    exchange: (id) => traffic.get(id),
    engine: createSuiteEngine({
      bench: { hub, traffic, acs, certs },
      suites: ['builtin'],
      hooks: (deviceId) => {
        const device = simulator?.devices.find((d) => d.deviceId === deviceId);
        return device ? { setLocalValue: (name, value) => device.setLocalValue(name, value) } : undefined;
      },
    }),
  });

  const replay = createReplayService({
    openCapture: async (which) => captures.handlers['captures/open'](which),
    host: () => workbenchReplayHost({ hub, handlers, acs }),
    acsUrl: () => {
      const url = acs.urls().http;
      return url ? loopbackUrl(url) : undefined;
    },
    publish: (event) => hub.publish(event),
  });

  const handlers: ApiHandlers = {
    ...unavailableHandlers(),
    ...createTrafficHandlers(traffic),
    'server/status': () => status(),
    ...acs.handlers,
    ...createSettingsHandlers({
      acs: acs.settings,
      onChange: ({ acs: view }) => {
        traffic.setMaxBytes(view.trafficMemoryBytes);
        hub.publish({ event: 'settings/changed', data: { acs: view } });
      },
    }),
    ...files.handlers,
    ...certs.handlers,
    ...captures.handlers,
    ...proxy.handlers,
    ...tests.handlers,
    ...replay.handlers,
    ...createDataModelService({
      getDevice: (deviceId) => acs.handlers['devices/get']({ deviceId }),
      getExchange: (id) => traffic.get(id),
      listExchanges: (deviceId, limit) => traffic.list({ deviceId, limit }).exchanges,
      deviceRoot: (deviceId) => acs.deviceRoot(deviceId),
      exchangeHistory: (exchangeId, count) => traffic.deviceHistory(exchangeId, count),
    }).handlers,
  };

  // The certificate service owns the ACS's HTTPS identity and mutual-TLS policy from start on. The options
  // are made (on first start: a lab CA and a certificate from it) before the listener opens and applied in
  // the same turn as it does, so no CPE meets the placeholder certificate.
  const acsTls = async (): Promise<Awaited<ReturnType<CertService['acsTlsOptions']>> | undefined> => {
    try {
      return await certs.acsTlsOptions();
    } catch (err) {
      warnings.push(`ACS HTTPS keeps its self-signed certificate: ${message(err)}`);
      return undefined;
    }
  };
  let offTls: (() => void) | undefined;

  const parts: Part[] = [
    {
      name: 'ACS',
      start: async () => {
        const tls = await acsTls();
        await acs.start();
        if (acs.urls().https) {
          if (tls) acs.setTlsOptions(tls);
          offTls = certs.onAcsTlsChange((tls) => {
            try {
              acs.setTlsOptions(tls);
            } catch (err) {
              warnings.push(`could not apply the new ACS certificate: ${message(err)}`);
            }
          });
        }
      },
      stop: async () => {
        offTls?.();
        replay.stop();
        await acs.stop();
      },
    },
  ];

  if (serveUi) {
    const server = createUiServer({ handlers, hub, token, host: uiHost, port: opts.uiPort, staticDir: opts.staticDir ?? defaultStaticDir() });
    ui = server;
    parts.push({ name: 'UI server', start: async () => void (await server.start()), stop: () => server.stop() });
  }

  parts.push({
    name: 'capture proxy',
    optional: true,
    start: async () => {
      await proxy.start();
      warnings.push(...proxy.warnings());
    },
    stop: () => proxy.stop(),
  });

  // Recording comes first, so it stops last: what the ACS and proxies record while they stop (exchanges cut
  // short, held messages let go) still reaches the capture file.
  if (opts.record ?? true) {
    parts.unshift({ name: 'capture recording', optional: true, start: () => captures.start(), stop: () => captures.stop() });
  } else {
    parts.unshift({ name: 'capture files', optional: true, start: async () => undefined, stop: () => captures.stop() });
  }

  if (opts.sim > 0) {
    parts.push({
      name: 'simulator',
      optional: true,
      start: async () => {
        const acsUrl = acs.urls().http;
        if (!acsUrl) throw new Error('the ACS has no HTTP listener');
        // The simulated CPEs know the ACS's credentials, as a provisioned CPE would, so switching
        // CPE authentication on does not lock them out.
        const { username, password } = acs.settings.get().auth;
        simulator = await createSimulator({ acsUrl: loopbackUrl(acsUrl), count: opts.sim, host: '127.0.0.1', acsAuth: { username, password }, profile: opts.simProfile, ...(opts.simFaults?.length ? { faults: opts.simFaults } : {}) });
        await simulator.start();
      },
      stop: async () => {
        await simulator?.stop();
      },
    });
  }

  // Last to start, first to stop: a run still going is stopped (and its changes undone) while the ACS and
  // the simulator are still there.
  parts.push({ name: 'test runs', optional: true, start: async () => undefined, stop: () => tests.close() });

  const urls = (): WorkbenchUrls => {
    const a = acs.urls();
    return { acsHttp: a.http, acsHttps: a.https, stun: a.stun, ui: ui?.browserUrl() };
  };

  let started: Part[] = [];
  let stopping: Promise<void> | undefined;

  const stopStarted = async (): Promise<void> => {
    const errors: string[] = [];
    for (const part of started.reverse()) {
      try {
        await part.stop();
      } catch (err) {
        errors.push(`${part.name}: ${message(err)}`);
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
    options: opts,
    acs,
    certs,
    captures,
    proxy,
    simulator: () => simulator,
    urls,
    status,
    warnings: () => [...warnings],
    async start(): Promise<WorkbenchUrls> {
      if (state !== 'new') throw new Error(`the workbench cannot start: it is ${state}`);
      state = 'starting';
      for (const part of parts) {
        try {
          await part.start();
          started.push(part);
        } catch (err) {
          if (part.optional) {
            warnings.push(`${part.name} did not start: ${message(err)}`);
            started.push(part);
            continue;
          }
          await stopStarted().catch(() => undefined);
          state = 'stopped';
          throw new Error(`${part.name} failed to start: ${message(err)}`, { cause: err });
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
