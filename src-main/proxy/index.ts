import type { ApiHandlers } from '../../src-shared/api/client';
import { ConflictError, InvalidRequestError, NotFoundError, UnavailableError } from '../../src-shared/errors/domain-error';
import { proxyProfileSchema, type ProxyInfo, type ProxyProfile } from '../../src-shared/api/proxy';
import type { EventHub } from '../runtime/event-hub';
import type { TrafficSink } from '../runtime/traffic-sink';
import { ConnectionRequestRelay } from './cr-relay';
import { Interceptor } from './intercept';
import { listenerTlsFor, type ProxyCertificates } from './listener-tls';
import { ProfileStore } from './profile-store';
import { ProxyServer } from './proxy-server';

export type ProxyMethod = Extract<keyof ApiHandlers, `proxy/${string}`>;

export interface ProxyService {
  handlers: Pick<ApiHandlers, ProxyMethod>;
  /** Starts the profiles marked autoStart. */
  start(): Promise<void>;
  /** Stops every running profile (held messages are let go first). */
  stop(): Promise<void>;
  urls(): Array<{ name: string; url: string; upstream: string }>;
  /** Why profiles failed to load or start, for the status view and logs. */
  warnings(): string[];
}

interface Running {
  server: ProxyServer;
  relay?: ConnectionRequestRelay;
}

/**
 * The capture proxy: profiles (persisted), their listeners, breakpoints and held messages. Every exchange
 * goes to `traffic` (the live store, which hands it on to the capture writer).
 */
export async function createProxyService(o: {
  dataDir: string;
  hub: EventHub;
  traffic: TrafficSink;
  host: string;
  /** The workbench's certificate store: listener certificates (`listenerCertId`) and the upstream trust store. */
  certs?: ProxyCertificates;
}): Promise<ProxyService> {
  const store = new ProfileStore(o.dataDir);
  const loaded = await store.load();
  const warnings = [...loaded.warnings];
  const profiles = new Map<string, ProxyProfile>(loaded.profiles.map((p) => [p.name, p]));
  const running = new Map<string, Running>();
  const errors = new Map<string, string>();
  const save = (): Promise<void> => store.save([...profiles.values()], interceptor.list());
  const interceptor = new Interceptor(loaded.breakpoints, (what) => {
    if (what === 'breakpoints') void save().catch((err: Error) => warnings.push(`could not save breakpoints: ${err.message}`));
    else o.hub.publish({ event: 'proxy/paused', data: { paused: interceptor.paused() } });
  });
  const changed = (p: ProxyProfile, deleted = false): void => {
    o.hub.publish({ event: 'proxy/changed', data: deleted ? { proxy: info(p), deleted } : { proxy: info(p) } });
  };

  const advertised = (p: ProxyProfile): string => {
    const h = p.listen.host;
    return h === '0.0.0.0' || h === '::' ? o.host : h;
  };

  const info = (p: ProxyProfile): ProxyInfo => {
    const r = running.get(p.name);
    const out: ProxyInfo = {
      name: p.name,
      listen: { host: p.listen.host, port: p.listen.port },
      upstream: { url: p.upstream.url, verify: p.upstream.verify },
      preserveHost: p.preserveHost,
      rewriteConnectionRequestUrl: p.rewriteConnectionRequestUrl,
      autoStart: p.autoStart,
      pauseTimeoutMs: p.pauseTimeoutMs,
      running: r?.server.listening ?? false,
      connections: r?.server.connections ?? 0,
    };
    if (p.listen.tls) out.listen.tls = p.listen.tls.mode === 'pem' ? { mode: 'pem', certPem: p.listen.tls.certPem } : { mode: 'self-signed' };
    if (p.upstream.caPem) out.upstream.caPem = p.upstream.caPem;
    if (p.upstream.clientCert) out.upstream.clientCert = { certPem: p.upstream.clientCert.certPem };
    if (p.upstream.trustStore !== undefined) out.upstream.trustStore = p.upstream.trustStore;
    if (p.listenerCertId) out.listenerCertId = p.listenerCertId;
    if (r?.server.listening) {
      out.url = r.server.url(advertised(p));
      const cr = r.relay?.baseUrl();
      if (cr) out.connectionRequestUrl = cr;
    }
    const e = errors.get(p.name);
    if (e) out.error = e;
    return out;
  };

  const get = (name: string): ProxyProfile => {
    const p = profiles.get(name);
    if (!p) throw new NotFoundError(`no proxy profile named '${name}'`);
    return p;
  };

  const startOne = async (p: ProxyProfile): Promise<void> => {
    if (running.has(p.name)) return;
    errors.delete(p.name);
    let relay: ConnectionRequestRelay | undefined;
    try {
      const tls = p.listenerCertId ? await storeCert(p.listenerCertId) : await listenerTlsFor(p, o.dataDir, advertised(p));
      if (p.rewriteConnectionRequestUrl) {
        relay = new ConnectionRequestRelay({ name: p.name, listenHost: p.listen.host, advertisedHost: advertised(p), sink: o.traffic });
        await relay.start();
      }
      const server = new ProxyServer({ profile: withTrustStore(p), listenerTls: tls, sink: o.traffic, interceptor, relay });
      await server.start();
      running.set(p.name, { server, relay });
    } catch (err) {
      await relay?.stop();
      const e = err as NodeJS.ErrnoException;
      const why =
        e.code === 'EADDRINUSE'
          ? `port ${p.listen.port} on ${p.listen.host} is already in use`
          : e.code === 'EACCES'
            ? `not allowed to listen on port ${p.listen.port}`
            : `could not start: ${e.message}`;
      errors.set(p.name, why);
      throw new UnavailableError(`proxy '${p.name}': ${why}`);
    }
  };

  const storeCert = (id: string): Promise<{ key: string; cert: string }> => {
    if (!o.certs) throw new Error('no certificate store here: give the listener a PEM certificate instead');
    return o.certs.listenerCert(id);
  };

  // The proxy trust store's CAs join the profile's own for upstream verification (read at each start).
  const withTrustStore = (p: ProxyProfile): ProxyProfile => {
    const cas = p.upstream.trustStore === false || !o.certs ? [] : o.certs.upstreamCas();
    return cas.length ? { ...p, upstream: { ...p.upstream, caPem: [...(p.upstream.caPem ?? []), ...cas] } } : p;
  };

  const stopOne = async (name: string): Promise<void> => {
    const r = running.get(name);
    if (!r) return;
    running.delete(name);
    await r.server.stop();
    await r.relay?.stop();
  };

  const handlers: Pick<ApiHandlers, ProxyMethod> = {
    'proxy/list': async () => ({ proxies: [...profiles.values()].map(info) }),
    'proxy/create': async ({ profile, start }) => {
      if (profiles.has(profile.name)) throw new ConflictError(`a proxy profile named '${profile.name}' already exists`);
      // All or nothing: a profile that cannot start (or be saved) as asked is not created at all.
      profiles.set(profile.name, profile);
      try {
        if (start) await startOne(profile);
        await save();
      } catch (err) {
        await stopOne(profile.name);
        profiles.delete(profile.name);
        errors.delete(profile.name);
        throw err;
      }
      changed(profile);
      return { proxy: info(profile) };
    },
    'proxy/update': async ({ name, changes }) => {
      const current = get(name);
      const parsed = proxyProfileSchema.safeParse({ ...current, ...changes });
      if (!parsed.success) throw new InvalidRequestError(parsed.error.issues[0]?.message ?? 'invalid profile');
      profiles.set(name, parsed.data);
      await save();
      try {
        if (running.has(name)) {
          await stopOne(name);
          await startOne(parsed.data);
        }
      } finally {
        changed(parsed.data);
      }
      return { proxy: info(parsed.data) };
    },
    'proxy/delete': async ({ name }) => {
      const p = profiles.get(name);
      if (!p) return { deleted: false };
      await stopOne(name);
      profiles.delete(name);
      errors.delete(name);
      await save();
      changed(p, true);
      return { deleted: true };
    },
    'proxy/start': async ({ name }) => {
      const p = get(name);
      try {
        await startOne(p);
      } finally {
        changed(p);
      }
      return { proxy: info(p) };
    },
    'proxy/stop': async ({ name }) => {
      const p = get(name);
      await stopOne(name);
      changed(p);
      return { proxy: info(p) };
    },
    'proxy/breakpoints-list': async () => ({ breakpoints: interceptor.list() }),
    'proxy/breakpoints-set': async ({ breakpoint }) => ({ breakpoint: interceptor.set(breakpoint) }),
    'proxy/breakpoints-delete': async ({ id }) => ({ deleted: interceptor.delete(id) }),
    'proxy/paused-list': async () => ({ paused: interceptor.paused() }),
    'proxy/resume': async ({ id }) => ({ ok: interceptor.decide(id, { action: 'resume' }) }),
    'proxy/drop': async ({ id }) => ({ ok: interceptor.decide(id, { action: 'drop' }) }),
    'proxy/edit': async ({ id, body }) => ({ ok: interceptor.decide(id, { action: 'edit', body }) }),
    'proxy/fault': async ({ id, faultCode, faultString }) => ({ ok: interceptor.decide(id, { action: 'fault', faultCode, faultString }) }),
  };

  return {
    handlers,
    async start() {
      for (const p of profiles.values()) {
        if (!p.autoStart) continue;
        try {
          await startOne(p);
        } catch (err) {
          warnings.push((err as Error).message);
        }
      }
    },
    async stop() {
      interceptor.releaseAll();
      await Promise.all([...running.keys()].map((name) => stopOne(name)));
    },
    urls() {
      const out: Array<{ name: string; url: string; upstream: string }> = [];
      for (const [name, r] of running) {
        const p = profiles.get(name);
        if (p && r.server.listening) out.push({ name, url: r.server.url(advertised(p)), upstream: p.upstream.url });
      }
      return out;
    },
    warnings: () => [...warnings],
  };
}

export { ProxyServer } from './proxy-server';
export { Interceptor } from './intercept';
export type { InterceptDecision } from './intercept';
export { makeSelfSigned, storeListenerCert, type ProxyCertificates } from './listener-tls';
