import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { join } from 'node:path';
import type { ApiHandlers } from '../../src-shared/api/client';
import { NotFoundError, UnavailableError } from '../../src-shared/errors/domain-error';
import type { AcsSettings, AcsSettingsPatch } from '../../src-shared/cwmp/session-settings';
import type { Exchange, TlsPeerCertificate } from '../../src-shared/traffic/exchange';
import type { EventHub } from '../runtime/event-hub';
import { DeviceRegistry, type DeviceRecord } from '../devices/device-registry';
import { StunServer, type UdpBinding } from '../stun/stun-server';
import { parseUdpAddress, sendUdpConnectionRequest } from './udp-connection-request';
import { PendingTasks } from '../devices/pending-tasks';
import { TaskManager } from '../devices/task-manager';
import { FileStore } from '../files/file-store';
import type { TrafficSink } from '../runtime/traffic-sink';
import { sendConnectionRequest, type ConnectionRequestResult } from './connection-request';
import type { ConnectionRequestTransport } from '../../src-shared/api/devices';
import { CwmpEndpoint } from './cwmp-endpoint';
import { uploadRefusal, withStoreCredentials } from './file-access';
import { fileExchange, fileRoute, type FileGate } from './file-routes';
import { CpeAuthenticator } from './http-auth';
import { connectionInfo, newExchangeId, setClientCertificate } from './recording';
import { SettingsStore } from './settings-store';
import { loadOrCreateTlsIdentity } from './tls-identity';
import { describeVerifyCode } from '../tls/tls-errors';
import { attachTlsDiagnostics, type TlsDiagnostics } from '../tls/tls-diagnostics';
import { advertisedHost } from '../util/advertised-host';

export type { AcsSettings, AcsSettingsPatch } from '../../src-shared/cwmp/session-settings';

export interface AcsOptions {
  dataDir: string;
  /** '127.0.0.1' by default. */
  host: string;
  /** 0 = any free port. */
  httpPort: number;
  /** 0 = any free port; null = no HTTPS. */
  httpsPort: number | null;
  hub: EventHub;
  /** Every exchange is recorded here (at start and at end). */
  traffic: TrafficSink;
  /** Default 30 000 (a stored setting wins). */
  sessionTimeoutMs?: number;
  /**
   * The verdict on a CPE's client certificate (DER) recorded with its traffic and device, e.g. the
   * certificate store's `verifyClientCertificate`; default: Node's own check against `ca`.
   */
  verifyClientCertificate?: (der: Buffer) => TlsPeerCertificate;
  /** UDP port of the TR-111 STUN server (0 = any free port); absent or null = no STUN server. */
  stunPort?: number | null;
}

export type AcsHandlerName =
  | 'devices/list'
  | 'devices/get'
  | 'devices/delete'
  | 'devices/connection-request'
  | 'devices/set-credentials'
  | 'tasks/create'
  | 'tasks/get'
  | 'tasks/list'
  | 'tasks/cancel';

export interface AcsTlsOptions {
  key: string;
  cert: string;
  ca?: string[];
  requestCert?: boolean;
  rejectUnauthorized?: boolean;
  /** NSS key-log file (SSLKEYLOGFILE format); absent = key log off. */
  keyLogFile?: string;
}

export interface AcsService {
  start(): Promise<void>;
  /** Closes the listeners, ends sessions (in-flight tasks time out) and persists everything. */
  stop(): Promise<void>;
  /**
   * The bound URLs, e.g. `http://127.0.0.1:7547/`; `files` is the file store's base on the HTTP listener
   * (`<files><name>` to download, PUT/POST `<files><name>` or `<files>upload/<name>` to upload).
   */
  urls(): { http?: string; https?: string; files?: string; stun?: string };
  handlers: Pick<ApiHandlers, AcsHandlerName>;
  stats(): { devicesOnline: number; devicesTotal: number };
  /** Swaps the HTTPS identity / client-certificate policy without a restart. */
  setTlsOptions(opts: AcsTlsOptions): void;
  settings: { get(): AcsSettings; update(patch: AcsSettingsPatch): Promise<AcsSettings> };
  /** The Download/Upload file store (served under `/files/<name>`, uploads to `/upload/<name>`). */
  files: FileStore;
  /** Sends a connection request to a device now: HTTP, or UDP (TR-111) to its STUN-learned or reported binding. */
  connectionRequest(deviceId: string, transport?: ConnectionRequestTransport): Promise<ConnectionRequestResult>;
  /** The UDP binding a CPE announced to the STUN server under this STUN username. */
  stunBinding(username: string): UdpBinding | undefined;
  /** Whether the device is in a CWMP session with the ACS right now. */
  inSession(deviceId: string): boolean;
  /**
   * While on for a device (a test run), the ACS keeps its session open for one more turn of the event loop
   * before ending it, so a request queued in reaction to a response goes out in the same session.
   */
  setLinger(deviceId: string, on: boolean): void;
  /** The data-model root a device reported (undefined: unknown device or not yet known); O(1). */
  deviceRoot(deviceId: string): 'Device' | 'InternetGatewayDevice' | undefined;
}

/** The embedded ACS: CWMP over HTTP and HTTPS, devices and their task queues, the file store. */
export async function createAcsService(options: AcsOptions): Promise<AcsService> {
  const { hub } = options;
  const settings = await SettingsStore.open(options.dataDir, options.sessionTimeoutMs !== undefined ? { sessionTimeoutMs: options.sessionTimeoutMs } : {});
  const registry = new DeviceRegistry(join(options.dataDir, 'devices'), hub);
  await registry.load();
  // Outside devices/: the registry reads every .json file there as a device.
  const pending = new PendingTasks(join(options.dataDir, 'pending-tasks.json'));
  await pending.load();
  const tasks = new TaskManager(registry, hub, () => settings.get().transferTimeoutMs, pending);
  const files = new FileStore(join(options.dataDir, 'files'), () => ({ maxFileBytes: settings.get().fileMaxBytes, maxStoreBytes: settings.get().fileStoreMaxBytes }));
  await files.init();
  const record = (exchange: Exchange): void => options.traffic.record(exchange);
  const authenticator = new CpeAuthenticator();
  /** The ports the ACS listens on: a transfer URL with one of them is aimed at this file store. */
  const ownPorts = (): number[] => [bound.http, bound.https].flatMap((u) => (u ? [Number(new URL(u).port)] : []));
  const endpoint = new CwmpEndpoint({
    registry,
    tasks,
    settings: () => settings.get(),
    record,
    authenticator,
    prepareRequest: (rpc) => {
      const { auth } = settings.get();
      return auth.mode === 'none' ? rpc : withStoreCredentials(rpc, { username: auth.username, password: auth.password }, ownPorts());
    },
  });
  // With CPE authentication on, the file store asks for the same credentials (the global ones: those the
  // ACS hands CPEs with their transfers) and takes uploads only where an Upload task sent a CPE.
  const fileGate: FileGate = {
    authenticate(req) {
      const { auth } = settings.get();
      if (auth.mode === 'none') return null;
      const header = req.headers.authorization;
      const verdict = authenticator.verify(auth.mode, header, req.method ?? 'GET', { username: auth.username, password: auth.password, realm: auth.realm }, Date.now(), req.url ?? '/');
      if (verdict.ok) return null;
      const stale = 'stale' in verdict && verdict.stale === true;
      return { challenge: authenticator.challenge(auth.mode, auth.realm, stale), ...(header ? { error: verdict.reason } : {}) };
    },
    uploadRefusal(name) {
      if (settings.get().auth.mode === 'none') return null;
      return uploadRefusal(name, [...registry.all().flatMap((d) => d.tasks), ...pending.all()], ownPorts());
    },
  };

  let httpServer: http.Server | null = null;
  let httpsServer: https.Server | null = null;
  let tlsDiagnostics: TlsDiagnostics | null = null;
  const sockets = new Set<Socket>();
  let bound: { http?: string; https?: string; stun?: string } = {};
  let stun: StunServer | null = null;

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    handleRequest(req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end(`ACS error: ${err instanceof Error ? err.message : String(err)}\n`);
      }
    });
  };

  async function handleRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const route = fileRoute(req.method, req.url);
    if (route) return fileExchange(req, res, route, { files, registry, record, idleMs: () => settings.get().sessionTimeoutMs, gate: fileGate });
    return endpoint.handle(req, res);
  }

  let onlineTimer: NodeJS.Timeout | null = null;
  let tlsPolicy = { requestCert: false, rejectUnauthorized: false };

  function track(server: http.Server | https.Server): void {
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
      // Headers not complete within the bound (headersTimeout) get 408, anything unparsable 400.
      const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
      if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
    });
    server.keepAliveTimeout = 60_000;
  }

  function listen(server: http.Server | https.Server, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, options.host, () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  }

  const urlHost = advertisedHost(options.host);

  /** Where a UDP connection request reaches the device: its binding as the STUN server saw it, else as it reported it. */
  function udpTarget(device: DeviceRecord): { host: string; port: number; via: string } | undefined {
    const ms = `${device.info.root ?? 'Device'}.ManagementServer.`;
    const username = device.tree.get(`${ms}STUNUsername`)?.value;
    const seen = username ? stun?.binding(username) : undefined;
    if (seen) return { host: seen.address, port: seen.port, via: 'STUN binding' };
    const reported = parseUdpAddress(device.tree.get(`${ms}UDPConnectionRequestAddress`)?.value);
    return reported ? { ...reported, via: 'UDPConnectionRequestAddress' } : undefined;
  }

  /** The STUNPassword the ACS set on the device that uses this STUN username (the tree keeps what it wrote). */
  function stunPasswordFor(username: string): string | undefined {
    for (const d of registry.all()) {
      const ms = `${d.info.root ?? 'Device'}.ManagementServer.`;
      if (d.tree.get(`${ms}STUNUsername`)?.value === username) return d.tree.get(`${ms}STUNPassword`)?.value || undefined;
    }
    return undefined;
  }

  async function connectionRequest(deviceId: string, transport: ConnectionRequestTransport = 'auto'): Promise<ConnectionRequestResult> {
    const device = registry.get(deviceId);
    if (!device) throw new NotFoundError(`No device ${deviceId}`);
    const udp = transport === 'http' ? undefined : udpTarget(device);
    const natted = device.tree.get(`${device.info.root ?? 'Device'}.ManagementServer.NATDetected`)?.value === 'true';
    if (transport === 'udp' && !udp) return { outcome: 'error', message: 'The device has reported no UDP connection-request binding (UDPConnectionRequestAddress) and none reached the STUN server' };
    if (udp && (transport === 'udp' || natted || !device.info.connectionRequestUrl)) {
      const since = device.info.lastInform ?? 0;
      return sendUdpConnectionRequest({
        target: udp,
        credentials: device.connectionRequestAuth,
        deviceId,
        timeoutMs: settings.get().connectionRequestTimeoutMs,
        record,
        sessionSince: (t) => registry.inSession.has(deviceId) || (device.info.lastInform ?? 0) > Math.max(since, t - 1),
      });
    }
    const url = device.info.connectionRequestUrl;
    if (!url) return { outcome: 'error', message: 'The device has not reported a ConnectionRequestURL yet' };
    return sendConnectionRequest({ url, credentials: device.connectionRequestAuth, timeoutMs: settings.get().connectionRequestTimeoutMs, deviceId, record });
  }

  const handlers: AcsService['handlers'] = {
    'devices/list': async () => ({ devices: registry.all().map((d) => registry.summary(d)) }),
    'devices/get': async ({ deviceId }) => {
      const device = registry.get(deviceId);
      if (!device) throw new NotFoundError(`No device ${deviceId}`);
      return registry.detail(device);
    },
    'devices/delete': async ({ deviceId }) => {
      const device = registry.get(deviceId);
      if (device) tasks.forgetDevice(device);
      return { deleted: registry.delete(deviceId) };
    },
    'devices/connection-request': async ({ deviceId, transport }) => connectionRequest(deviceId, transport),
    'devices/set-credentials': async ({ deviceId, cpeAuth, connectionRequest: cr }) => {
      if (!registry.setCredentials(deviceId, { ...(cpeAuth !== undefined ? { cpeAuth } : {}), ...(cr !== undefined ? { connectionRequest: cr } : {}) })) {
        throw new NotFoundError(`No device ${deviceId}`);
      }
      return { ok: true };
    },
    'tasks/create': async ({ deviceId, rpc, connectionRequest: runNow, followUp }) => {
      const task = tasks.create(deviceId, rpc as { name: string; [field: string]: unknown }, Date.now(), followUp);
      // A device not seen yet cannot be woken: its task runs on its first Inform.
      if (runNow && registry.get(task.deviceId)) {
        // "Run now": the task is queued either way; the outcome of the poke is noted on it if it fails.
        void connectionRequest(task.deviceId).then(
          (result) => {
            if (result.outcome !== 'reached') noteOnTask(task.id, `Connection request: ${result.outcome} — ${result.message}`);
          },
          (err: unknown) => noteOnTask(task.id, `Connection request failed: ${err instanceof Error ? err.message : String(err)}`),
        );
      }
      return { taskId: task.id };
    },
    'tasks/get': async ({ taskId }) => {
      const task = tasks.get(taskId);
      if (!task) throw new NotFoundError(`No task ${taskId}`);
      return { ...task };
    },
    'tasks/list': async ({ deviceId }) => ({ tasks: tasks.list(deviceId) }),
    'tasks/cancel': async ({ taskId }) => ({ cancelled: tasks.cancel(taskId) }),
  };

  function noteOnTask(taskId: string, message: string): void {
    const task = tasks.get(taskId);
    if (!task || task.status !== 'queued') return;
    task.message = message;
    hub.publish({ event: 'tasks/changed', data: { ...task } });
    registry.markDirty(task.deviceId);
  }

  return {
    async start() {
      httpServer = http.createServer(listenerOptions(settings.get().sessionTimeoutMs), onRequest);
      track(httpServer);
      const httpPort = await listen(httpServer, options.httpPort);
      bound = { http: `http://${urlHost}:${httpPort}/` };
      if (options.httpsPort !== null) {
        const identity = await loadOrCreateTlsIdentity(options.dataDir, options.host);
        httpsServer = https.createServer({ ...listenerOptions(settings.get().sessionTimeoutMs), key: identity.key, cert: identity.cert, requestCert: false, rejectUnauthorized: false }, onRequest);
        track(httpsServer);
        // Failed handshakes recorded with the peer and the reason in words; the NSS key log when on.
        tlsDiagnostics = attachTlsDiagnostics(httpsServer, { record }, { source: 'acs' });
        // Node drops a client it will not authorize without any event; the policy is enforced here instead,
        // so the refusal and its reason are recorded.
        httpsServer.prependListener('secureConnection', (socket: TLSSocket) => {
          if (!tlsPolicy.requestCert) return;
          const raw = options.verifyClientCertificate ? socket.getPeerCertificate?.()?.raw : undefined;
          if (raw) {
            try {
              setClientCertificate(socket, options.verifyClientCertificate!(raw));
            } catch {
              // no verdict of ours: Node's is recorded instead
            }
          }
          if (!tlsPolicy.rejectUnauthorized || socket.authorized) return;
          const code = socket.authorizationError ? String(socket.authorizationError) : '';
          const reason = socket.getPeerCertificate?.()?.raw ? describeVerifyCode(code) : 'the client sent no certificate';
          const now = Date.now();
          record({
            id: newExchangeId(),
            kind: 'tls-failure',
            source: 'acs',
            startedAt: now,
            finishedAt: now,
            connection: connectionInfo(socket),
            error: `Client certificate rejected: ${reason}`,
          });
          socket.destroy();
        });
        const httpsPort = await listen(httpsServer, options.httpsPort);
        bound.https = `https://${urlHost}:${httpsPort}/`;
      }
      if (options.stunPort !== undefined && options.stunPort !== null) {
        stun = new StunServer({ host: options.host, port: options.stunPort, passwordFor: stunPasswordFor });
        const stunPort = await stun.start();
        bound.stun = `stun:${urlHost}:${stunPort}`;
      }
      tasks.startSweeping();
      onlineTimer = setInterval(() => registry.checkOnline(), 15_000);
      onlineTimer.unref();
    },
    async stop() {
      tasks.stop();
      await stun?.stop();
      stun = null;
      if (onlineTimer) clearInterval(onlineTimer);
      onlineTimer = null;
      endpoint.stopAll('The ACS stopped before the device answered');
      const closing = [httpServer, httpsServer].filter((s): s is http.Server => s !== null).map((s) => new Promise<void>((r) => s.close(() => r())));
      for (const socket of sockets) socket.destroy();
      await Promise.all(closing);
      httpServer = null;
      httpsServer = null;
      tlsDiagnostics?.detach();
      tlsDiagnostics = null;
      await registry.flush();
      await pending.flush();
      await settings.save();
    },
    urls: () => ({ ...bound, ...(bound.http ? { files: `${bound.http}files/` } : {}) }),
    handlers,
    stats() {
      const now = Date.now();
      const all = registry.all();
      return { devicesOnline: all.filter((d) => registry.isOnline(d, now)).length, devicesTotal: all.length };
    },
    setTlsOptions(opts) {
      if (!httpsServer) throw new UnavailableError('HTTPS is not enabled on this ACS');
      httpsServer.setSecureContext({ key: opts.key, cert: opts.cert, ...(opts.ca ? { ca: opts.ca } : {}) });
      // tls.Server reads these per new connection; the rejection itself happens in 'secureConnection'.
      tlsPolicy = { requestCert: opts.requestCert ?? false, rejectUnauthorized: opts.rejectUnauthorized ?? false };
      const server = httpsServer as https.Server & { requestCert: boolean; rejectUnauthorized: boolean };
      server.requestCert = tlsPolicy.requestCert;
      server.rejectUnauthorized = false;
      tlsDiagnostics?.setKeyLogFile(opts.keyLogFile);
    },
    settings: {
      get: () => settings.get(),
      async update(patch) {
        const next = await settings.update(patch);
        if (patch.sessionTimeoutMs !== undefined) {
          for (const server of [httpServer, httpsServer]) if (server) server.headersTimeout = next.sessionTimeoutMs;
        }
        // A shorter transfer timeout takes effect now, not at the next slow sweep.
        if (patch.transferTimeoutMs !== undefined && httpServer) {
          tasks.stop();
          tasks.startSweeping();
        }
        return next;
      },
    },
    files,
    connectionRequest,
    stunBinding: (username) => stun?.binding(username),
    deviceRoot: (deviceId) => registry.get(deviceId)?.info.root,
    inSession: (deviceId) => registry.inSession.has(deviceId),
    setLinger(deviceId, on) {
      if (on) endpoint.lingering.add(deviceId);
      else endpoint.lingering.delete(deviceId);
    },
  };
}

/**
 * How long the listeners wait for a request: its headers within the session timeout (a CPE that sends half
 * of them and goes silent is closed). No bound on the whole request: a large upload may take long; a CWMP
 * body that stops arriving is given up on by the endpoint after the same timeout of silence.
 */
function listenerOptions(sessionTimeoutMs: number): http.ServerOptions {
  return {
    requestTimeout: 0,
    headersTimeout: sessionTimeoutMs,
    // Node checks for expired requests at this interval (30 s by default: too coarse for a 30 s bound).
    connectionsCheckingInterval: Math.max(250, Math.min(5_000, Math.floor(sessionTimeoutMs / 4))),
  };
}
