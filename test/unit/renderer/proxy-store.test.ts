import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-shared/api/errors';
import { methodSchemas } from '../../../src-shared/api/index';
import type { Breakpoint, PausedMessage, ProxyInfo, ProxyProfile } from '../../../src-shared/api/proxy';
import type { Caller } from '../../../src-renderer/src/state/caller';
import { breakpointsScope, createProxyStore, FORM_SCOPE, listenUrl, pausedScope, secondsLeft, VIEW_SCOPE } from '../../../src-renderer/src/state/proxy';
import { changesFromForm, emptyForm, formFromInfo, profileFromForm } from '../../../src-renderer/src/features/proxy/proxy-form';
import { defaultFaultCode, explainChoice, faultChoices } from '../../../src-renderer/src/features/proxy/fault-choices';

/**
 * A proxy service in memory behind the contract: params are checked by the same schemas every transport
 * uses, and the answers have the contract's shapes. `busyPorts` makes a start fail as a taken port does.
 */
function fakeProxy(): { api: Caller; calls: string[]; profiles: Map<string, ProxyProfile & { running: boolean }>; breakpoints: Breakpoint[]; paused: PausedMessage[]; busyPorts: Set<number> } {
  const profiles = new Map<string, ProxyProfile & { running: boolean }>();
  const state = { calls: [] as string[], profiles, breakpoints: [] as Breakpoint[], paused: [] as PausedMessage[], busyPorts: new Set<number>(), api: undefined as unknown as Caller };
  const info = (p: ProxyProfile & { running: boolean }): ProxyInfo => ({
    name: p.name,
    listen: { host: p.listen.host, port: p.listen.port, ...(p.listen.tls ? { tls: { mode: p.listen.tls.mode } } : {}) },
    upstream: { url: p.upstream.url, verify: p.upstream.verify },
    preserveHost: p.preserveHost,
    rewriteConnectionRequestUrl: p.rewriteConnectionRequestUrl,
    autoStart: p.autoStart,
    pauseTimeoutMs: p.pauseTimeoutMs,
    running: p.running,
    connections: 0,
    ...(p.running ? { url: `http://${p.listen.host}:${p.listen.port || 40000}/` } : {}),
  });
  const get = (name: string): ProxyProfile & { running: boolean } => {
    const p = profiles.get(name);
    if (!p) throw new ApiError('not-found', `no proxy profile named '${name}'`);
    return p;
  };
  const start = (p: ProxyProfile & { running: boolean }): void => {
    if (state.busyPorts.has(p.listen.port)) throw new ApiError('unavailable', `proxy '${p.name}': port ${p.listen.port} on ${p.listen.host} is already in use`);
    p.running = true;
  };
  const held = (id: string): void => {
    const at = state.paused.findIndex((m) => m.id === id);
    if (at < 0) throw new ApiError('not-found', `no paused message ${id} (it may have been let go after its timeout)`);
    state.paused.splice(at, 1);
  };
  let n = 0;
  state.api = {
    async call(method: string, raw: unknown) {
      state.calls.push(method);
      const schema = (methodSchemas as Record<string, { params: { safeParse(v: unknown): { success: boolean; data?: unknown; error?: { issues: Array<{ message: string }> } } } }>)[method];
      if (!schema) throw new Error(`unexpected ${method}`);
      const parsed = schema.params.safeParse(raw);
      if (!parsed.success) throw new ApiError('bad-request', parsed.error?.issues[0]?.message ?? 'bad');
      const params = parsed.data as unknown;
      switch (method) {
        case 'proxy/list':
          return { proxies: [...profiles.values()].map(info) };
        case 'proxy/create': {
          const { profile, start: now } = params as { profile: ProxyProfile; start?: boolean };
          if (profiles.has(profile.name)) throw new ApiError('conflict', `a proxy profile named '${profile.name}' already exists`);
          const p = { ...profile, running: false };
          if (now) start(p); // all or nothing, as the service: a profile that cannot start is not created
          profiles.set(p.name, p);
          return { proxy: info(p) };
        }
        case 'proxy/update': {
          const { name, changes } = params as { name: string; changes: Partial<ProxyProfile> };
          const p = { ...get(name), ...changes };
          profiles.set(name, p);
          return { proxy: info(p) };
        }
        case 'proxy/delete':
          return { deleted: profiles.delete((params as { name: string }).name) };
        case 'proxy/start': {
          const p = get((params as { name: string }).name);
          start(p);
          return { proxy: info(p) };
        }
        case 'proxy/stop': {
          const p = get((params as { name: string }).name);
          p.running = false;
          return { proxy: info(p) };
        }
        case 'proxy/breakpoints-list':
          return { breakpoints: state.breakpoints };
        case 'proxy/breakpoints-set': {
          const { breakpoint } = params as { breakpoint: Omit<Breakpoint, 'id'> & { id?: string } };
          const bp = { ...breakpoint, id: breakpoint.id ?? `bp${++n}` };
          state.breakpoints = [...state.breakpoints.filter((b) => b.id !== bp.id), bp];
          return { breakpoint: bp };
        }
        case 'proxy/breakpoints-delete': {
          const before = state.breakpoints.length;
          state.breakpoints = state.breakpoints.filter((b) => b.id !== (params as { id: string }).id);
          return { deleted: state.breakpoints.length !== before };
        }
        case 'proxy/paused-list':
          return { paused: state.paused };
        case 'proxy/resume':
        case 'proxy/drop':
        case 'proxy/edit':
        case 'proxy/fault':
          held((params as { id: string }).id);
          return { ok: true };
        default:
          throw new Error(`unexpected ${method}`);
      }
    },
  } as Caller;
  return state;
}

function pausedMessage(id: string, pausedAt: number, extra: Partial<PausedMessage> = {}): PausedMessage {
  return { id, proxy: 'lab', exchangeId: `x-${id}`, direction: 'cpe-to-acs', rpc: 'Inform', body: '<soap:Envelope/>', pausedAt, expiresAt: pausedAt + 60_000, breakpointId: 'bp1', ...extra };
}

const labForm = { ...emptyForm(), name: 'lab', port: '7548', upstreamUrl: 'http://127.0.0.1:7547/' };

describe('proxy slice: profiles', () => {
  it('creates and starts a profile from the form, and the list shows it running', async () => {
    const fake = fakeProxy();
    const s = createProxyStore(fake.api);
    const form = profileFromForm(labForm);
    if (!form.ok) throw new Error(form.error);
    const created = await s.getState().create(form.value, true);
    expect(created).toMatchObject({ name: 'lab', running: true, url: 'http://127.0.0.1:7548/' });
    expect(s.getState().proxies.map((p) => [p.name, p.running])).toEqual([['lab', true]]);
    expect(s.getState().selected).toBe('lab');
    expect(s.getState().errors[FORM_SCOPE]).toBeUndefined();
    // The service has the same profile, with the schema's defaults filled in.
    expect(fake.profiles.get('lab')).toMatchObject({ upstream: { url: 'http://127.0.0.1:7547/', verify: true }, rewriteConnectionRequestUrl: false, pauseTimeoutMs: 60_000 });
  });

  it('shows the API’s reason when a start fails; nothing was created, so the list stays empty', async () => {
    const fake = fakeProxy();
    fake.busyPorts.add(7548);
    const s = createProxyStore(fake.api);
    const form = profileFromForm(labForm);
    if (!form.ok) throw new Error(form.error);
    expect(await s.getState().create(form.value, true)).toBeNull();
    expect(s.getState().errors[FORM_SCOPE]).toBe("proxy 'lab': port 7548 on 127.0.0.1 is already in use");
    expect(s.getState().proxies).toEqual([]);
    expect(await s.getState().create(form.value, false)).toMatchObject({ name: 'lab', running: false });
    expect(s.getState().proxies.map((p) => [p.name, p.running])).toEqual([['lab', false]]);

    expect(await s.getState().start('lab')).toBe(false);
    expect(s.getState().errors.lab).toMatch(/already in use/);
    fake.busyPorts.clear();
    expect(await s.getState().start('lab')).toBe(true);
    expect(s.getState().errors.lab).toBeUndefined();
    expect(s.getState().busy.lab).toBeUndefined();
  });

  it('refuses a duplicate name with the conflict message', async () => {
    const fake = fakeProxy();
    const s = createProxyStore(fake.api);
    const form = profileFromForm(labForm);
    if (!form.ok) throw new Error(form.error);
    await s.getState().create(form.value);
    expect(await s.getState().create(form.value)).toBeNull();
    expect(s.getState().errors[FORM_SCOPE]).toMatch(/already exists/);
  });

  it('applies proxy/changed events: upsert in name order, delete moves the selection', () => {
    const s = createProxyStore(fakeProxy().api);
    const base: ProxyInfo = { name: 'b', listen: { host: '127.0.0.1', port: 1 }, upstream: { url: 'http://x/', verify: true }, preserveHost: false, rewriteConnectionRequestUrl: false, autoStart: false, pauseTimeoutMs: 1000, running: false, connections: 0 };
    s.getState().applyChanged({ proxy: base });
    s.getState().applyChanged({ proxy: { ...base, name: 'a' } });
    s.getState().applyChanged({ proxy: { ...base, running: true } });
    expect(s.getState().proxies.map((p) => [p.name, p.running])).toEqual([
      ['a', false],
      ['b', true],
    ]);
    expect(s.getState().selected).toBe('b');
    s.getState().applyChanged({ proxy: base, deleted: true });
    expect(s.getState().proxies.map((p) => p.name)).toEqual(['a']);
    expect(s.getState().selected).toBe('a');
  });

  it('deletes a profile with its own breakpoints (in the service too), keeping those for every profile', async () => {
    const fake = fakeProxy();
    const s = createProxyStore(fake.api);
    const form = profileFromForm(labForm);
    if (!form.ok) throw new Error(form.error);
    await s.getState().create(form.value);
    await s.getState().setBreakpoint({ proxy: 'lab', rpc: 'Inform', direction: 'cpe-to-acs' });
    await s.getState().setBreakpoint({ rpc: 'Reboot', direction: 'acs-to-cpe' });
    expect(s.getState().breakpointsFor('lab').map((b) => b.rpc)).toEqual(['Inform', 'Reboot']);
    expect(await s.getState().remove('lab')).toBe(true);
    expect(s.getState().proxies).toEqual([]);
    expect(s.getState().breakpoints.map((b) => b.rpc)).toEqual(['Reboot']);
    expect(fake.breakpoints.map((b) => b.rpc)).toEqual(['Reboot']);
  });

  it('marks the whole view unavailable when the service is not in the build', async () => {
    const s = createProxyStore({ call: () => Promise.reject(new ApiError('unavailable', 'proxy is not available')) } as Caller);
    await s.getState().refresh();
    expect(s.getState()).toMatchObject({ loaded: true, unavailable: true, errors: { [VIEW_SCOPE]: 'proxy is not available' } });
  });
});

describe('proxy slice: breakpoints and held messages', () => {
  it('adds, toggles and removes breakpoints; a refused one shows the schema’s reason', async () => {
    const fake = fakeProxy();
    const s = createProxyStore(fake.api);
    const bp = await s.getState().setBreakpoint({ proxy: 'lab', deviceId: 'DEV-1', rpc: 'Inform', direction: 'cpe-to-acs' });
    expect(bp).toMatchObject({ proxy: 'lab', deviceId: 'DEV-1', rpc: 'Inform', direction: 'cpe-to-acs', enabled: true });
    await s.getState().setBreakpoint({ ...bp!, enabled: false });
    expect(s.getState().breakpoints).toEqual([{ ...bp, enabled: false }]);
    expect(await s.getState().setBreakpoint({ proxy: 'bad name!', direction: 'both' })).toBeNull();
    expect(s.getState().errors[breakpointsScope('bad name!')]).toMatch(/letters, digits/);
    expect(await s.getState().deleteBreakpoint(bp!.id)).toBe(true);
    expect(s.getState().breakpoints).toEqual([]);
  });

  it('keeps held messages oldest first from proxy/paused and removes one once decided', async () => {
    const fake = fakeProxy();
    const s = createProxyStore(fake.api);
    const list = [pausedMessage('m2', 2000), pausedMessage('m1', 1000, { direction: 'acs-to-cpe', rpc: 'Reboot' })];
    fake.paused.push(...list);
    s.getState().setPaused(list);
    expect(s.getState().paused.map((p) => p.id)).toEqual(['m1', 'm2']);

    expect(await s.getState().fault('m1', 9001, 'Request denied')).toBe(true);
    expect(s.getState().paused.map((p) => p.id)).toEqual(['m2']);
    expect(await s.getState().edit('m2', '<soap:Envelope>edited</soap:Envelope>')).toBe(true);
    expect(s.getState().paused).toEqual([]);
    expect(fake.calls.filter((c) => c.startsWith('proxy/') && c !== 'proxy/paused-list')).toEqual(['proxy/fault', 'proxy/edit']);
  });

  it('says so when a message was already let go after its timeout, and refetches what is held', async () => {
    const fake = fakeProxy();
    const s = createProxyStore(fake.api);
    // The UI still shows m1, but the service let it go on its own; m3 is held now.
    s.getState().setPaused([pausedMessage('m1', 1000)]);
    fake.paused.push(pausedMessage('m3', 3000));
    expect(await s.getState().resume('m1')).toBe(false);
    expect(s.getState().errors[pausedScope('m1')]).toMatch(/let go after its timeout/);
    await expect.poll(() => s.getState().paused.map((p) => p.id)).toEqual(['m3']);
    expect(await s.getState().drop('m3')).toBe(true);
    expect(s.getState().busy.m3).toBeUndefined();
  });

  it('counts down to the auto-let-go in whole seconds, never below zero', () => {
    const p = pausedMessage('m', 10_000);
    expect(secondsLeft(p, 10_000)).toBe(60);
    expect(secondsLeft(p, 69_001)).toBe(1);
    expect(secondsLeft(p, 70_000)).toBe(0);
    expect(secondsLeft(p, 99_000)).toBe(0);
  });
});

describe('proxy form', () => {
  it('names the field at fault, before anything is sent', () => {
    expect(profileFromForm({ ...labForm, name: 'has space' })).toEqual({ ok: false, error: 'Name: letters, digits, _ and - (at most 64)' });
    expect(profileFromForm({ ...labForm, upstreamUrl: 'ftp://acs/' })).toEqual({ ok: false, error: 'Upstream URL: an http:// or https:// URL' });
    expect(profileFromForm({ ...labForm, port: '70000' })).toMatchObject({ ok: false, error: expect.stringMatching(/^Listen port/) });
    expect(profileFromForm({ ...labForm, pauseTimeoutSec: '0' })).toMatchObject({ ok: false, error: expect.stringMatching(/^Pause timeout/) });
    expect(profileFromForm({ ...labForm, listener: 'https-store' })).toMatchObject({ ok: false, error: expect.stringMatching(/pick one from the store/) });
  });

  it('builds HTTPS listeners and the connection-request rewrite', () => {
    const r = profileFromForm({ ...labForm, listener: 'https-self-signed', upstreamUrl: 'https://acs.example:7547/acs', verify: false, rewriteConnectionRequestUrl: true, pauseTimeoutSec: '2.5' });
    expect(r).toEqual({
      ok: true,
      value: expect.objectContaining({
        listen: { host: '127.0.0.1', port: 7548, tls: { mode: 'self-signed' } },
        upstream: { url: 'https://acs.example:7547/acs', verify: false },
        rewriteConnectionRequestUrl: true,
        pauseTimeoutMs: 2500,
      }),
    });
    const stored = profileFromForm({ ...labForm, listener: 'https-store', listenerCertId: 'cert-1' });
    expect(stored.ok && stored.value).toMatchObject({ listen: { host: '127.0.0.1', port: 7548 }, listenerCertId: 'cert-1' });
  });

  it('sends only what an edit changed, and refuses a PEM listener change without its key', () => {
    const before: ProxyInfo = {
      name: 'lab',
      listen: { host: '127.0.0.1', port: 7548 },
      upstream: { url: 'http://127.0.0.1:7547/', verify: true },
      preserveHost: false,
      rewriteConnectionRequestUrl: false,
      autoStart: false,
      pauseTimeoutMs: 60_000,
      running: true,
      connections: 0,
    };
    const form = formFromInfo(before);
    expect(changesFromForm(form, before)).toEqual({ ok: true, value: {} });
    expect(changesFromForm({ ...form, rewriteConnectionRequestUrl: true, port: '7549' }, before)).toEqual({
      ok: true,
      value: { rewriteConnectionRequestUrl: true, listen: { host: '127.0.0.1', port: 7549 } },
    });
    expect(changesFromForm({ ...form, verify: false }, before)).toEqual({ ok: true, value: { upstream: { url: 'http://127.0.0.1:7547/', verify: false } } });

    const pem: ProxyInfo = { ...before, listen: { host: '127.0.0.1', port: 7548, tls: { mode: 'pem', certPem: '-----BEGIN CERTIFICATE-----x' } } };
    const pemForm = formFromInfo(pem);
    expect(pemForm.listener).toBe('https-pem');
    expect(changesFromForm({ ...pemForm, autoStart: true }, pem)).toEqual({ ok: true, value: { autoStart: true } });
    expect(changesFromForm({ ...pemForm, port: '9000' }, pem)).toMatchObject({ ok: false, error: expect.stringMatching(/private key again/) });
    // Leaving a store certificate for plain HTTP clears the certificate id.
    const store: ProxyInfo = { ...before, listenerCertId: 'c1' };
    expect(changesFromForm({ ...formFromInfo(store), listener: 'http' }, store)).toEqual({ ok: true, value: { listen: { host: '127.0.0.1', port: 7548 }, listenerCertId: null } });
  });

  it('takes upstream CAs and a client certificate as PEM, and needs the key again to change an mTLS upstream', () => {
    const cert = (n: string): string => `-----BEGIN CERTIFICATE-----\n${n}\n-----END CERTIFICATE-----`;
    const key = '-----BEGIN PRIVATE KEY-----\nk\n-----END PRIVATE KEY-----';
    const https = { ...labForm, upstreamUrl: 'https://acs.example/' };
    expect(profileFromForm({ ...https, caPem: 'not a certificate' })).toMatchObject({ ok: false, error: expect.stringMatching(/^Upstream CAs/) });
    expect(profileFromForm({ ...https, clientCert: true, clientCertPem: cert('c') })).toMatchObject({ ok: false, error: expect.stringMatching(/^Upstream client certificate/) });
    const r = profileFromForm({ ...https, caPem: `${cert('a')}\n\n${cert('b')}\n`, clientCert: true, clientCertPem: cert('c'), clientKeyPem: key });
    expect(r.ok && r.value.upstream).toEqual({ url: 'https://acs.example/', verify: true, caPem: [cert('a'), cert('b')], clientCert: { certPem: cert('c'), keyPem: key } });

    const before: ProxyInfo = {
      name: 'lab',
      listen: { host: '127.0.0.1', port: 7548 },
      upstream: { url: 'https://acs.example/', verify: true, caPem: [cert('a')], clientCert: { certPem: cert('c') } },
      preserveHost: false,
      rewriteConnectionRequestUrl: false,
      autoStart: false,
      pauseTimeoutMs: 60_000,
      running: false,
      connections: 0,
    };
    const form = formFromInfo(before);
    expect(form).toMatchObject({ clientCert: true, clientCertPem: cert('c'), clientKeyPem: '', caPem: cert('a') });
    // Unchanged upstream: the stored key stays where it is.
    expect(changesFromForm({ ...form, autoStart: true }, before)).toEqual({ ok: true, value: { autoStart: true } });
    expect(changesFromForm({ ...form, verify: false }, before)).toMatchObject({ ok: false, error: expect.stringMatching(/private key again/) });
    expect(changesFromForm({ ...form, verify: false, clientKeyPem: key }, before)).toEqual({
      ok: true,
      value: { upstream: { url: 'https://acs.example/', verify: false, caPem: [cert('a')], clientCert: { certPem: cert('c'), keyPem: key } } },
    });
    // Dropping the client certificate needs no key.
    expect(changesFromForm({ ...form, clientCert: false }, before)).toEqual({ ok: true, value: { upstream: { url: 'https://acs.example/', verify: true, caPem: [cert('a')] } } });
  });

  it('shows where the proxy listens before and after it starts', () => {
    const p = { listen: { host: '::1', port: 0, tls: { mode: 'self-signed' as const } } };
    expect(listenUrl(p)).toBe('https://[::1]:(any free port)/');
    expect(listenUrl({ ...p, url: 'https://[::1]:40123/' })).toBe('https://[::1]:40123/');
  });
});

describe('fault choices', () => {
  it('offers ACS codes for a CPE message and CPE codes for an ACS message, explained', () => {
    expect(faultChoices('cpe-to-acs').every((f) => f.code >= 8000 && f.code < 9000)).toBe(true);
    expect(faultChoices('acs-to-cpe').map((f) => f.code)).toContain(9005);
    expect(defaultFaultCode('cpe-to-acs')).toBe(8002);
    expect(explainChoice(9005, 'acs-to-cpe')).toEqual({ ok: true, text: 'Invalid parameter name; SOAP faultcode Client, raised by the CPE' });
    expect(explainChoice(9005, 'cpe-to-acs').text).toMatch(/a CPE code, but this answer comes as if from the ACS/);
    expect(explainChoice(9850, 'acs-to-cpe').text).toMatch(/vendor range/);
    expect(explainChoice(7000, 'acs-to-cpe').ok).toBe(false);
  });
});
