import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventHub } from '../../../src-main/runtime/event-hub';
import { createProxyService, makeSelfSigned, type ProxyService } from '../../../src-main/proxy/index';
import { withoutBodies } from '../../../src-main/traffic/search-text';
import { CollectingSink, ScriptedAcs, envelope, gpv, gpvResponse, informResponse, informXml, send } from './helpers';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function service(): Promise<{ svc: ProxyService; sink: CollectingSink; dataDir: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'cwmp-proxy-'));
  const sink = new CollectingSink();
  const svc = await createProxyService({ dataDir, hub: new EventHub(), traffic: sink, host: '127.0.0.1' });
  cleanups.push(async () => {
    await svc.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  return { svc, sink, dataDir };
}

const upstreamCert = makeSelfSigned(['localhost', '127.0.0.1']);

describe('proxy service: HTTPS on both legs', () => {
  it('terminates TLS from the CPE and verifies the upstream: refused without its CA, accepted with it or with verification off', async () => {
    const acs = await new ScriptedAcs(() => ({ status: 200, headers: ['Content-Type', 'text/xml', 'Content-Length', String(Buffer.byteLength(informResponse()))], body: informResponse() })).start(upstreamCert);
    cleanups.push(() => acs.stop());
    const { svc, sink } = await service();
    const h = svc.handlers;
    const created = await h['proxy/create']({
      profile: { name: 'tls', listen: { host: '127.0.0.1', port: 0, tls: { mode: 'self-signed' } }, upstream: { url: `https://127.0.0.1:${acs.port}/`, verify: true }, preserveHost: false, rewriteConnectionRequestUrl: false, autoStart: false, pauseTimeoutMs: 60_000 },
      start: true,
    });
    const url = created.proxy.url!;
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    const body = informXml();
    const headers = ['Content-Type', 'text/xml', 'Content-Length', String(Buffer.byteLength(body))];
    // 1. Verification on, the upstream's self-signed certificate not trusted: 502 with the TLS reason.
    const refused = await send(url, { headers, body, agent: false, rejectUnauthorized: false });
    expect(refused.status).toBe(502);
    await sink.waitFor(1);
    expect(sink.finished[0].error).toMatch(/upstream unreachable: .*(self[- ]signed|certificate)/i);
    expect(sink.finished[0].connection.tls?.protocol).toMatch(/TLS/);
    expect(acs.received).toHaveLength(0);
    // 2. Trusting its certificate through the profile's CA list.
    await h['proxy/update']({ name: 'tls', changes: { upstream: { url: `https://127.0.0.1:${acs.port}/`, verify: true, caPem: [upstreamCert.cert] } } });
    const url2 = (await h['proxy/list']({})).proxies[0].url!;
    const ok = await send(url2, { headers, body, agent: false, rejectUnauthorized: false });
    expect(ok.status).toBe(200);
    expect(ok.body.toString()).toBe(informResponse());
    expect(acs.received[0].body.toString()).toBe(body);
    // 3. Verification switched off.
    await h['proxy/update']({ name: 'tls', changes: { upstream: { url: `https://127.0.0.1:${acs.port}/`, verify: false } } });
    const url3 = (await h['proxy/list']({})).proxies[0].url!;
    const ok2 = await send(url3, { headers, body, agent: false, rejectUnauthorized: false });
    expect(ok2.status).toBe(200);
    expect(acs.received).toHaveLength(2);
  });

  it('presents the client certificate to an upstream that asks for one', async () => {
    const client = makeSelfSigned(['cpe-proxy']);
    let presented: string | undefined;
    const acs = await new ScriptedAcs((r) => {
      const cert = (r.socket as import('node:tls').TLSSocket).getPeerCertificate();
      const cn = cert?.subject?.CN;
      presented = Array.isArray(cn) ? cn[0] : cn;
      return { status: 204, headers: [], body: '' };
    }).start({ ...upstreamCert, requestCert: true });
    cleanups.push(() => acs.stop());
    const { svc } = await service();
    const { proxy } = await svc.handlers['proxy/create']({
      profile: { name: 'mtls', listen: { host: '127.0.0.1', port: 0 }, upstream: { url: `https://127.0.0.1:${acs.port}/`, verify: false, clientCert: { certPem: client.cert, keyPem: client.key } }, preserveHost: false, rewriteConnectionRequestUrl: false, autoStart: false, pauseTimeoutMs: 60_000 },
      start: true,
    });
    // Keys never come back through the API.
    expect(JSON.stringify(proxy)).not.toContain('PRIVATE KEY');
    const got = await send(proxy.url!, { headers: ['Content-Length', '0'], body: '', agent: false });
    expect(got.status).toBe(204);
    expect(presented).toBe('CWMP Workbench proxy');
  });
});

describe('proxy service: profiles persist', () => {
  it('saves profiles atomically and restarts autoStart ones', async () => {
    const { svc, dataDir } = await service();
    await svc.handlers['proxy/create']({
      profile: { name: 'keep', listen: { host: '127.0.0.1', port: 0 }, upstream: { url: 'http://127.0.0.1:9/', verify: true }, preserveHost: false, rewriteConnectionRequestUrl: false, autoStart: true, pauseTimeoutMs: 60_000 },
    });
    await expect(svc.handlers['proxy/create']({ profile: { name: 'keep', listen: { host: '127.0.0.1', port: 0 }, upstream: { url: 'http://127.0.0.1:9/', verify: true }, preserveHost: false, rewriteConnectionRequestUrl: false, autoStart: false, pauseTimeoutMs: 60_000 } })).rejects.toThrow(/already exists/);
    const stored = JSON.parse(await readFile(join(dataDir, 'proxy', 'profiles.json'), 'utf8'));
    expect(stored.profiles[0].name).toBe('keep');
    const again = await createProxyService({ dataDir, hub: new EventHub(), traffic: new CollectingSink(), host: '127.0.0.1' });
    await again.start();
    expect(again.urls()).toHaveLength(1);
    expect(again.urls()[0].upstream).toBe('http://127.0.0.1:9/');
    await again.stop();
    expect((await svc.handlers['proxy/delete']({ name: 'keep' })).deleted).toBe(true);
    await expect(svc.handlers['proxy/start']({ name: 'keep' })).rejects.toThrow(/no proxy profile/);
  });
});

describe('proxy service: create is all or nothing', () => {
  it('a profile that cannot start as asked is not created, listed, saved or announced', async () => {
    const blocker = http.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => blocker.close(() => r())));
    const port = (blocker.address() as AddressInfo).port;
    const dataDir = await mkdtemp(join(tmpdir(), 'cwmp-proxy-'));
    const hub = new EventHub();
    const events: string[] = [];
    hub.subscribe((e) => events.push(e.event));
    const svc = await createProxyService({ dataDir, hub, traffic: new CollectingSink(), host: '127.0.0.1' });
    cleanups.push(async () => {
      await svc.stop();
      await rm(dataDir, { recursive: true, force: true });
    });
    const profile = { name: 'busy', listen: { host: '127.0.0.1', port }, upstream: { url: 'http://127.0.0.1:9/', verify: true }, preserveHost: false, rewriteConnectionRequestUrl: false, autoStart: false, pauseTimeoutMs: 60_000 };
    await expect(svc.handlers['proxy/create']({ profile, start: true })).rejects.toThrow(/already in use/);
    expect((await svc.handlers['proxy/list']({})).proxies).toEqual([]);
    expect(events).not.toContain('proxy/changed');
    const saved = await readFile(join(dataDir, 'proxy', 'profiles.json'), 'utf8').then((t) => JSON.parse(t).profiles as unknown[], () => []);
    expect(saved).toEqual([]);
    // The same name is free for a working profile.
    const ok = await svc.handlers['proxy/create']({ profile: { ...profile, listen: { host: '127.0.0.1', port: 0 } }, start: true });
    expect(ok.proxy.running).toBe(true);
    expect((await svc.handlers['proxy/list']({})).proxies.map((p) => p.name)).toEqual(['busy']);
  });
});

describe('proxy service: breakpoints', () => {
  async function withAcs(): Promise<{ acs: ScriptedAcs; svc: ProxyService; sink: CollectingSink; url: string }> {
    const acs = await new ScriptedAcs((r) => {
      const text = r.body.toString();
      const body = text.includes('Inform>') || text.includes(':Inform') ? informResponse() : text === '' ? gpv('g-7') : '';
      return { status: body ? 200 : 204, headers: ['Content-Type', 'text/xml', 'Content-Length', String(Buffer.byteLength(body))], body };
    }).start();
    cleanups.push(() => acs.stop());
    const { svc, sink } = await service();
    const { proxy } = await svc.handlers['proxy/create']({
      profile: { name: 'bp', listen: { host: '127.0.0.1', port: 0 }, upstream: { url: `http://127.0.0.1:${acs.port}/`, verify: true }, preserveHost: false, rewriteConnectionRequestUrl: false, autoStart: false, pauseTimeoutMs: 300 },
      start: true,
    });
    return { acs, svc, sink, url: proxy.url! };
  }

  async function pausedOne(svc: ProxyService): Promise<import('../../../src-shared/api/proxy').PausedMessage> {
    for (let i = 0; i < 100; i++) {
      const { paused } = await svc.handlers['proxy/paused-list']({});
      if (paused.length) return paused[0];
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('nothing paused');
  }

  it('pauses a matching CPE message; edit sends the edited bytes with a corrected Content-Length', async () => {
    const { acs, svc, sink, url } = await withAcs();
    await svc.handlers['proxy/breakpoints-set']({ breakpoint: { rpc: 'Inform', direction: 'cpe-to-acs', enabled: true } });
    const body = informXml();
    const pending = send(url, { headers: ['Content-Type', 'text/xml', 'Content-Length', String(Buffer.byteLength(body))], body, agent: false });
    const p = await pausedOne(svc);
    expect(p.rpc).toBe('Inform');
    expect(p.direction).toBe('cpe-to-acs');
    expect(p.body).toBe(body);
    expect(p.deviceId).toBe('00259E-Router-SN0001');
    const edited = body.replace('1.2.3', '9.9.9-edited');
    await svc.handlers['proxy/edit']({ id: p.id, body: edited });
    const got = await pending;
    expect(got.status).toBe(200);
    expect(acs.received[0].body.toString()).toBe(edited);
    const len = acs.received[0].rawHeaders[acs.received[0].rawHeaders.findIndex((h) => h.toLowerCase() === 'content-length') + 1];
    expect(Number(len)).toBe(Buffer.byteLength(edited));
    await sink.waitFor(1);
    const x = sink.finished[0];
    expect(x.notes).toEqual(expect.arrayContaining(['intercepted', 'intercepted:edited']));
    // The exchange is what was forwarded; the message as the CPE sent it is kept beside it.
    expect(x.request?.body.data).toBe(edited);
    expect(x.request?.body.size).toBe(Buffer.byteLength(edited));
    expect(x.request?.headers.find(([n]) => n.toLowerCase() === 'content-length')?.[1]).toBe(String(Buffer.byteLength(edited)));
    expect(x.original?.request?.body.data).toBe(body);
    expect(x.original?.request?.cwmp?.rpc).toBe('Inform');
    expect(x.original?.response).toBeUndefined();
    expect(x.cwmpRequest?.rpc).toBe('Inform');
    // The list (bodies left out) still says it was edited, without the original's bytes.
    const listed = withoutBodies(x, '');
    expect(listed.original?.request).toMatchObject({ body: { data: '', omitted: true, size: Buffer.byteLength(body) }, cwmp: { rpc: 'Inform' } });
  });

  it('edit of a paused ACS message: the CPE gets the edit, the exchange records it and keeps the ACS original', async () => {
    const { svc, sink, url } = await withAcs();
    await svc.handlers['proxy/breakpoints-set']({ breakpoint: { rpc: 'GetParameterValues', direction: 'acs-to-cpe', enabled: true } });
    const pending = send(url, { headers: ['Content-Length', '0'], body: '', agent: false });
    const p = await pausedOne(svc);
    expect(p.direction).toBe('acs-to-cpe');
    const edited = p.body.replace('GetParameterValues>', 'GetParameterNames>').replace('<cwmp:GetParameterValues', '<cwmp:GetParameterNames');
    expect(edited).not.toBe(p.body);
    await svc.handlers['proxy/edit']({ id: p.id, body: edited });
    const got = await pending;
    expect(got.body.toString()).toBe(edited);
    await sink.waitFor(1);
    const x = sink.finished[0];
    expect(x.response?.body.data).toBe(edited);
    expect(x.original?.response?.body.data).toBe(p.body);
    expect(x.original?.response?.cwmp?.rpc).toBe('GetParameterValues');
    expect(x.cwmpResponse?.rpc).not.toBe('GetParameterValues');
  });

  it('answers a paused CPE message with a fault without bothering the ACS', async () => {
    const { acs, svc, sink, url } = await withAcs();
    await svc.handlers['proxy/breakpoints-set']({ breakpoint: { rpc: 'Inform', direction: 'both', enabled: true } });
    const body = informXml({ id: 'inf-77' });
    const pending = send(url, { headers: ['Content-Type', 'text/xml', 'Content-Length', String(Buffer.byteLength(body))], body, agent: false });
    const p = await pausedOne(svc);
    await svc.handlers['proxy/fault']({ id: p.id, faultCode: 8005, faultString: 'Retry request' });
    const got = await pending;
    expect(got.status).toBe(200);
    expect(got.body.toString()).toContain('<FaultCode>8005</FaultCode>');
    expect(got.body.toString()).toContain('inf-77');
    expect(acs.received).toHaveLength(0);
    await sink.waitFor(1);
    expect(sink.finished[0].cwmpResponse?.rpc).toBe('Fault');
    expect(sink.finished[0].cwmpResponse?.faultCode).toBe(8005);
  });

  it('answers a paused ACS request with a CPE fault sent upstream, and delivers the ACS reply to the CPE', async () => {
    const { acs, svc, sink, url } = await withAcs();
    await svc.handlers['proxy/breakpoints-set']({ breakpoint: { rpc: 'GetParameterValues', direction: 'acs-to-cpe', enabled: true } });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    cleanups.push(async () => agent.destroy());
    const pending = send(url, { headers: ['Content-Length', '0'], body: '', agent });
    const p = await pausedOne(svc);
    expect(p.rpc).toBe('GetParameterValues');
    expect(p.cwmpId).toBe('g-7');
    await svc.handlers['proxy/fault']({ id: p.id, faultCode: 9005, faultString: 'Invalid parameter name' });
    const got = await pending;
    // The ACS got a CPE Fault for g-7 and ended the session: the CPE sees that end.
    expect(acs.received).toHaveLength(2);
    expect(acs.received[1].body.toString()).toContain('<FaultCode>9005</FaultCode>');
    expect(acs.received[1].body.toString()).toContain('g-7');
    expect(acs.received[0].remotePort).toBe(acs.received[1].remotePort);
    expect(got.status).toBe(204);
    await sink.waitFor(2);
    const injected = sink.finished.find((x) => x.notes?.includes('injected-by-proxy'));
    expect(injected?.cwmpRequest?.rpc).toBe('Fault');
  });

  it('drop closes the CPE connection; a forgotten pause lets the message go after the timeout', async () => {
    const { acs, svc, sink, url } = await withAcs();
    const bp = await svc.handlers['proxy/breakpoints-set']({ breakpoint: { rpc: 'GetParameterValuesResponse', direction: 'cpe-to-acs', enabled: true } });
    const body = gpvResponse('g-7');
    const headers = ['Content-Type', 'text/xml', 'Content-Length', String(Buffer.byteLength(body))];
    const dropped = send(url, { headers, body, agent: false }).then(() => 'answered', () => 'cut');
    const p = await pausedOne(svc);
    await svc.handlers['proxy/drop']({ id: p.id });
    expect(await dropped).toBe('cut');
    expect(acs.received).toHaveLength(0);
    await sink.waitFor(1);
    expect(sink.finished[0].error).toMatch(/dropped at a breakpoint/);
    // No decision: let go after pauseTimeoutMs (300 ms here).
    const late = await send(url, { headers, body, agent: false });
    expect(late.status).toBe(204);
    expect(acs.received).toHaveLength(1);
    expect((await svc.handlers['proxy/paused-list']({})).paused).toHaveLength(0);
    await expect(svc.handlers['proxy/resume']({ id: p.id })).rejects.toThrow(/no paused message/);
    expect((await svc.handlers['proxy/breakpoints-delete']({ id: bp.breakpoint.id })).deleted).toBe(true);
    expect((await svc.handlers['proxy/breakpoints-list']({})).breakpoints).toHaveLength(0);
  });
});

describe('proxy service: breakpoints and a connection that goes away', () => {
  it('a CPE that leaves while its message is held: the hold is dropped and the exchange says why', async () => {
    const acs = await new ScriptedAcs(() => ({ status: 204, headers: [], body: '' })).start();
    cleanups.push(() => acs.stop());
    const { svc, sink } = await service();
    const { proxy } = await svc.handlers['proxy/create']({
      profile: { name: 'gone', listen: { host: '127.0.0.1', port: 0 }, upstream: { url: `http://127.0.0.1:${acs.port}/`, verify: true }, preserveHost: false, rewriteConnectionRequestUrl: false, autoStart: false, pauseTimeoutMs: 60_000 },
      start: true,
    });
    await svc.handlers['proxy/breakpoints-set']({ breakpoint: { rpc: 'Inform', direction: 'cpe-to-acs', enabled: true } });
    const body = informXml();
    const agent = new http.Agent({ keepAlive: false });
    const pending = send(proxy.url!, { headers: ['Content-Length', String(Buffer.byteLength(body))], body, agent }).catch(() => 'cut');
    for (let i = 0; i < 100 && (await svc.handlers['proxy/paused-list']({})).paused.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect((await svc.handlers['proxy/paused-list']({})).paused).toHaveLength(1);
    agent.destroy();
    expect(await pending).toBe('cut');
    await sink.waitFor(1);
    expect(sink.finished[0].error).toMatch(/CPE closed the connection/);
    expect((await svc.handlers['proxy/paused-list']({})).paused).toHaveLength(0);
    expect(acs.received).toHaveLength(0);
  });

  it('an ACS that hangs up mid-response while responses are being held whole is recorded and cuts the CPE', async () => {
    const acs = await new ScriptedAcs(() => (res) => {
      res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Length': '5000' });
      res.write(gpv('h-1').slice(0, 80));
      setTimeout(() => res.socket?.destroy(), 20);
    }).start();
    cleanups.push(() => acs.stop());
    const { svc, sink } = await service();
    const { proxy } = await svc.handlers['proxy/create']({
      profile: { name: 'held', listen: { host: '127.0.0.1', port: 0 }, upstream: { url: `http://127.0.0.1:${acs.port}/`, verify: true }, preserveHost: false, rewriteConnectionRequestUrl: false, autoStart: false, pauseTimeoutMs: 60_000 },
      start: true,
    });
    await svc.handlers['proxy/breakpoints-set']({ breakpoint: { rpc: 'Reboot', direction: 'acs-to-cpe', enabled: true } });
    const outcome = await send(proxy.url!, { headers: ['Content-Length', '0'], body: '', agent: false }).then(() => 'answered', () => 'cut');
    expect(outcome).toBe('cut');
    await sink.waitFor(1);
    expect(sink.finished[0].error).toMatch(/ACS hung up mid-response/);
    expect(sink.finished[0].response?.body.size).toBe(80);
  });
});

describe('proxy service: an ACS that hangs up on an injected fault', () => {
  it('the injected exchange records the hang-up and the CPE is cut, not left waiting', async () => {
    const acs = await new ScriptedAcs((_r, i) =>
      i === 0
        ? { status: 200, headers: ['Content-Type', 'text/xml', 'Content-Length', String(Buffer.byteLength(gpv('g-9')))], body: gpv('g-9') }
        : (res) => {
            res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Length': '5000' });
            res.write(gpv('h-2').slice(0, 60));
            setTimeout(() => res.socket?.destroy(), 20);
          },
    ).start();
    cleanups.push(() => acs.stop());
    const { svc, sink } = await service();
    const { proxy } = await svc.handlers['proxy/create']({
      profile: { name: 'inj', listen: { host: '127.0.0.1', port: 0 }, upstream: { url: `http://127.0.0.1:${acs.port}/`, verify: true }, preserveHost: false, rewriteConnectionRequestUrl: false, autoStart: false, pauseTimeoutMs: 60_000 },
      start: true,
    });
    await svc.handlers['proxy/breakpoints-set']({ breakpoint: { rpc: 'GetParameterValues', direction: 'acs-to-cpe', enabled: true } });
    const outcome = send(proxy.url!, { headers: ['Content-Length', '0'], body: '', agent: false }).then(() => 'answered', () => 'cut');
    let paused: import('../../../src-shared/api/proxy').PausedMessage | undefined;
    for (let i = 0; i < 100 && !paused; i++) {
      paused = (await svc.handlers['proxy/paused-list']({})).paused[0];
      if (!paused) await new Promise((r) => setTimeout(r, 10));
    }
    expect(paused?.rpc).toBe('GetParameterValues');
    await svc.handlers['proxy/fault']({ id: paused!.id, faultCode: 9002, faultString: 'Internal error' });
    expect(await outcome).toBe('cut');
    await sink.waitFor(2);
    const injected = sink.finished.find((x) => x.notes?.includes('injected-by-proxy'));
    expect(injected?.error).toMatch(/ACS hung up mid-response/);
    expect(injected?.response?.body.size).toBe(60);
  });
});

describe('proxy service: connection request relay', () => {
  it('rewrites the ConnectionRequestURL (marked) and relays the ACS connection request to the CPE', async () => {
    let cpeGot: { url?: string; auth?: string } | undefined;
    const cpe = http.createServer((req, res) => {
      cpeGot = { url: req.url, auth: req.headers.authorization };
      res.writeHead(204);
      res.end();
    });
    await new Promise<void>((r) => cpe.listen(0, '127.0.0.1', () => r()));
    cleanups.push(() => new Promise<void>((r) => cpe.close(() => r())));
    const crUrl = `http://127.0.0.1:${(cpe.address() as AddressInfo).port}/cr-path`;
    const acs = await new ScriptedAcs(() => ({ status: 204, headers: [], body: '' })).start();
    cleanups.push(() => acs.stop());
    const { svc, sink } = await service();
    const { proxy } = await svc.handlers['proxy/create']({
      profile: { name: 'cr', listen: { host: '127.0.0.1', port: 0 }, upstream: { url: `http://127.0.0.1:${acs.port}/`, verify: true }, preserveHost: false, rewriteConnectionRequestUrl: true, autoStart: false, pauseTimeoutMs: 60_000 },
      start: true,
    });
    expect(proxy.connectionRequestUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/cr\/$/);
    const body = informXml({ crUrl });
    await send(proxy.url!, { headers: ['Content-Type', 'text/xml', 'Content-Length', String(Buffer.byteLength(body))], body, agent: false });
    const forwarded = acs.received[0].body.toString();
    const relayed = /ConnectionRequestURL<\/Name><Value xsi:type="xsd:string">([^<]+)</.exec(forwarded)![1];
    expect(relayed.startsWith(proxy.connectionRequestUrl!)).toBe(true);
    // Only the URL changed.
    expect(forwarded.replace(relayed, crUrl)).toBe(body);
    await sink.waitFor(1);
    expect(sink.finished[0].notes).toContain('rewritten-connection-request-url');
    const r = await send(relayed, { method: 'GET', headers: ['Authorization', 'Digest username="acs"'], agent: false });
    expect(r.status).toBe(204);
    expect(cpeGot).toEqual({ url: '/cr-path', auth: 'Digest username="acs"' });
    await sink.waitFor(2);
    const cr = sink.finished[1];
    expect(cr.kind).toBe('connection-request');
    expect(cr.deviceId).toBe('00259E-Router-SN0001');
    expect(cr.response?.status).toBe(204);
    void envelope;
  });
});
