import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { EventHub } from '../../../src-main/runtime/event-hub';
import { unavailableHandlers } from '../../../src-main/app/unavailable';
import { createUiServer, type UiServer } from '../../../src-main/server/index';
import { TrafficStore } from '../../../src-main/traffic/traffic-store';
import { createTrafficHandlers } from '../../../src-main/traffic/handlers';
import { ApiError } from '../../../src-shared/api/errors';
import type { ApiHandlers } from '../../../src-shared/api/client';
import type { Exchange } from '../../../src-shared/traffic/exchange';
import { WsClient, api, fakeRendererBuild, http, wsStatus } from './helpers';

const TOKEN = 'test-token-123';

function exchange(id: string, deviceId = 'DEV-1'): Exchange {
  return {
    id,
    kind: 'cwmp',
    source: 'acs',
    startedAt: Date.now(),
    deviceId,
    connection: { id: 'c1', remoteAddress: '127.0.0.1', remotePort: 1, localAddress: '127.0.0.1', localPort: 2 },
  };
}

describe('headless UI server', () => {
  const hub = new EventHub();
  const store = new TrafficStore(hub);
  let uiDir: string;
  let server: UiServer;
  let port: number;
  let deviceListCalls = 0;

  const handlers: ApiHandlers = {
    ...unavailableHandlers(),
    ...createTrafficHandlers(store),
    'devices/list': () => {
      deviceListCalls++;
      return { devices: [] };
    },
    'devices/get': ({ deviceId }) => {
      if (deviceId === 'boom') throw new Error('handler exploded');
      throw new ApiError('not-found', `No device ${deviceId}`);
    },
    'server/status': () => ({ version: 't', dataDir: '/tmp/x', listeners: [], devicesOnline: 0, devicesTotal: 0, shell: 'headless' }),
  };

  beforeAll(async () => {
    uiDir = fakeRendererBuild();
    server = createUiServer({ handlers, hub, token: TOKEN, port: 0, staticDir: uiDir, maxBodyBytes: 4096 });
    const url = await server.start();
    port = server.port;
    expect(url).toBe(`http://127.0.0.1:${port}/`);
    expect(server.browserUrl()).toBe(`http://127.0.0.1:${port}/?token=${TOKEN}`);
  });

  afterAll(async () => {
    await server.stop();
    rmSync(uiDir, { recursive: true, force: true });
  });

  describe('HTTP API', () => {
    it('answers a method with its JSON result', async () => {
      const before = deviceListCalls;
      const r = await api(port, 'devices/list', {}, TOKEN);
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toMatch(/^application\/json/);
      expect(r.headers['cache-control']).toBe('no-store');
      expect(r.json()).toEqual({ devices: [] });
      expect(deviceListCalls).toBe(before + 1);
    });

    it('treats an empty body as empty params', async () => {
      const r = await http(port, { method: 'POST', path: '/api/traffic/list', headers: { authorization: `Bearer ${TOKEN}` } });
      expect(r.status).toBe(200);
      expect(r.json()).toEqual({ exchanges: [], total: 0 });
    });

    it('refuses a request without the token, or with a wrong one, and runs nothing', async () => {
      const before = deviceListCalls;
      const none = await http(port, { method: 'POST', path: '/api/devices/list', body: '{}' });
      expect(none.status).toBe(401);
      expect(none.headers['www-authenticate']).toBe('Bearer');
      expect(none.json().error.code).toBe('unauthorized');
      const wrong = await api(port, 'devices/list', {}, 'not-the-token');
      expect(wrong.status).toBe(401);
      expect(deviceListCalls).toBe(before);
    });

    it('answers bad JSON with 400 and a clear message', async () => {
      const r = await http(port, { method: 'POST', path: '/api/devices/list', headers: { authorization: `Bearer ${TOKEN}` }, body: '{"a":' });
      expect(r.status).toBe(400);
      expect(r.json().error).toMatchObject({ code: 'bad-request' });
      expect(r.json().error.message).toMatch(/not valid JSON/);
    });

    it('answers a non-object body with 400', async () => {
      const r = await http(port, { method: 'POST', path: '/api/devices/list', headers: { authorization: `Bearer ${TOKEN}` }, body: '[1,2]' });
      expect(r.status).toBe(400);
      expect(r.json().error.message).toMatch(/JSON object/);
    });

    it('answers invalid params with 400 naming the field', async () => {
      const r = await api(port, 'devices/get', { deviceId: 5 }, TOKEN);
      expect(r.status).toBe(400);
      expect(r.json().error.message).toMatch(/devices\/get/);
      expect(r.json().error.message).toMatch(/deviceId/);
      const extra = await api(port, 'devices/list', { surprise: true }, TOKEN);
      expect(extra.status).toBe(400);
    });

    it('maps error codes to HTTP statuses', async () => {
      const unknown = await api(port, 'nope/nothing', {}, TOKEN);
      expect(unknown.status).toBe(404);
      expect(unknown.json().error.code).toBe('not-found');
      const missing = await api(port, 'devices/get', { deviceId: 'X' }, TOKEN);
      expect(missing.status).toBe(404);
      expect(missing.json().error.message).toBe('No device X');
      const unavailable = await api(port, 'tasks/create', { deviceId: 'X', rpc: { name: 'Reboot' } }, TOKEN);
      expect(unavailable.status).toBe(503);
      expect(unavailable.json().error.message).toMatch(/not available in this build/);
    });

    it('survives a handler that throws a plain error', async () => {
      const r = await api(port, 'devices/get', { deviceId: 'boom' }, TOKEN);
      expect(r.status).toBe(500);
      expect(r.json().error).toEqual({ code: 'internal', message: 'handler exploded' });
      expect((await api(port, 'devices/list', {}, TOKEN)).status).toBe(200);
    });

    it('accepts only POST for methods', async () => {
      const r = await http(port, { path: '/api/devices/list', headers: { authorization: `Bearer ${TOKEN}` } });
      expect(r.status).toBe(405);
      expect(r.headers.allow).toBe('POST');
    });

    it('refuses a body over the limit with 413', async () => {
      const r = await api(port, 'devices/list', { pad: 'x'.repeat(10_000) }, TOKEN);
      expect(r.status).toBe(413);
      expect(r.json().error.message).toMatch(/limit of 4096 bytes/);
      expect((await api(port, 'devices/list', {}, TOKEN)).status).toBe(200);
    });

    it('answers a plain GET on the events endpoint with 426', async () => {
      const r = await http(port, { path: '/api/events', headers: { authorization: `Bearer ${TOKEN}` } });
      expect(r.status).toBe(426);
    });

    it('serves traffic from the store', async () => {
      store.record(exchange('x-1'));
      store.record(exchange('x-2', 'DEV-2'));
      const all = await api(port, 'traffic/list', {}, TOKEN);
      expect(all.json().exchanges.map((x: Exchange) => x.id)).toEqual(['x-1', 'x-2']);
      const one = await api(port, 'traffic/list', { deviceId: 'DEV-2' }, TOKEN);
      expect(one.json()).toMatchObject({ total: 1 });
      const got = await api(port, 'traffic/get', { id: 'x-1' }, TOKEN);
      expect(got.json()).toMatchObject({ exchange: { id: 'x-1' }, request: null, response: null });
      expect((await api(port, 'traffic/get', { id: 'gone' }, TOKEN)).status).toBe(404);
      expect((await api(port, 'traffic/clear', {}, TOKEN)).json()).toEqual({ ok: true });
      expect((await api(port, 'traffic/list', {}, TOKEN)).json().total).toBe(0);
    });
  });

  describe('Host and Origin checks', () => {
    it('refuses a Host that is not this listener (DNS rebinding), even with the token', async () => {
      for (const host of ['evil.example:' + port, `127.0.0.1:${port + 1}`, 'localhost', `attacker.localhost.example:${port}`]) {
        const r = await api(port, 'devices/list', {}, TOKEN, { host });
        expect(r.status, host).toBe(403);
      }
      const page = await http(port, { path: '/', headers: { host: `rebind.example:${port}` } });
      expect(page.status).toBe(403);
    });

    it('accepts the loopback names for this port', async () => {
      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
        const r = await api(port, 'devices/list', {}, TOKEN, { host });
        expect(r.status, host).toBe(200);
      }
    });

    it('refuses a foreign Origin, even with the token', async () => {
      for (const origin of ['http://evil.example', 'null', `https://127.0.0.1:${port}`, `http://127.0.0.1:${port + 1}`]) {
        const r = await api(port, 'devices/list', {}, TOKEN, { origin });
        expect(r.status, origin).toBe(403);
      }
      const ok = await api(port, 'devices/list', {}, TOKEN, { origin: `http://localhost:${port}` });
      expect(ok.status).toBe(200);
    });

    it('refuses a request the browser marks as cross-site', async () => {
      const r = await api(port, 'devices/list', {}, TOKEN, { 'sec-fetch-site': 'cross-site' });
      expect(r.status).toBe(403);
    });
  });

  describe('static UI', () => {
    it('serves index.html without a token, with a strict CSP', async () => {
      const r = await http(port, { path: '/' });
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(r.body).toContain('<title>CWMP Workbench</title>');
      const csp = String(r.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
      expect(r.headers['set-cookie']).toBeUndefined();
    });

    it('serves assets with their content type', async () => {
      const js = await http(port, { path: '/assets/index-abc.js' });
      expect(js.status).toBe(200);
      expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(js.body).toBe('console.log("app");');
      expect(js.headers['cache-control']).toContain('immutable');
      const css = await http(port, { path: '/assets/style-abc.css' });
      expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
      const head = await http(port, { method: 'HEAD', path: '/assets/index-abc.js' });
      expect(head.status).toBe(200);
      expect(head.headers['content-length']).toBe(String('console.log("app");'.length));
      expect(head.body).toBe('');
    });

    it('falls back to index.html for app routes, and 404s missing assets', async () => {
      const route = await http(port, { path: '/devices/ABC-1/parameters' });
      expect(route.status).toBe(200);
      expect(route.body).toContain('<title>CWMP Workbench</title>');
      const missing = await http(port, { path: '/assets/missing-xyz.js' });
      expect(missing.status).toBe(404);
    });

    it('never serves a file outside the build', async () => {
      for (const path of ['/../../../../etc/passwd', '/..%2f..%2f..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/hostname', '/assets/..%2f..%2f..%2fetc%2fpasswd']) {
        const r = await http(port, { path });
        expect(r.body, path).not.toMatch(/root:/);
        expect([200, 400, 404], path).toContain(r.status);
        if (r.status === 200) expect(r.body).toContain('<title>CWMP Workbench</title>');
      }
      const nul = await http(port, { path: '/a%00b' });
      expect(nul.status).toBe(400);
    });

    it('refuses methods other than GET and HEAD for pages', async () => {
      const r = await http(port, { method: 'PUT', path: '/index.html', body: 'x' });
      expect(r.status).toBe(405);
    });

    it('gives the page loaded with ?token= an HttpOnly cookie for its WebSocket, which API calls do not accept', async () => {
      const page = await http(port, { path: `/?token=${TOKEN}` });
      const cookie = String(page.headers['set-cookie']);
      expect(cookie).toContain(`cwmp_workbench_${port}=${TOKEN}`);
      expect(cookie).toContain('HttpOnly');
      expect(cookie).toContain('SameSite=Strict');
      const pair = cookie.split(';')[0];
      expect(await wsStatus(`ws://127.0.0.1:${port}/api/events`, { cookie: pair, origin: `http://127.0.0.1:${port}` })).toBe(101);
      // API calls take the token in the Authorization header only: not from the cookie, even from our own origin.
      const fromPage = await http(port, {
        method: 'POST',
        path: '/api/devices/list',
        headers: { cookie: pair, origin: `http://127.0.0.1:${port}` },
        body: '{}',
      });
      expect(fromPage.status).toBe(401);
      const noOrigin = await http(port, { method: 'POST', path: '/api/devices/list', headers: { cookie: pair }, body: '{}' });
      expect(noOrigin.status).toBe(401);
      const wrongPage = await http(port, { path: '/?token=wrong' });
      expect(wrongPage.headers['set-cookie']).toBeUndefined();
    });

    it('refuses the token as ?token= on an API call (it ends up in logs and history); the header works', async () => {
      const before = deviceListCalls;
      const query = await http(port, { method: 'POST', path: `/api/devices/list?token=${TOKEN}`, body: '{}' });
      expect(query.status).toBe(401);
      expect(query.json()).toMatchObject({ error: { code: 'unauthorized', message: /Authorization: Bearer/ } });
      expect(deviceListCalls).toBe(before);
      expect((await api(port, 'devices/list', {}, TOKEN)).status).toBe(200);
    });

    it('serves a placeholder when the renderer is not built', async () => {
      const bare = createUiServer({ handlers, hub, token: TOKEN, staticDir: join(uiDir, 'does-not-exist') });
      await bare.start();
      try {
        const r = await http(bare.port, { path: '/' });
        expect(r.status).toBe(503);
        expect(r.body).toContain('npm run build');
        expect((await api(bare.port, 'devices/list', {}, TOKEN)).status).toBe(200);
      } finally {
        await bare.stop();
      }
    });

    it('survives garbage on the socket', async () => {
      await new Promise<void>((resolve) => {
        const s = connect(port, '127.0.0.1', () => s.end('\x00\x01 NOT HTTP AT ALL\r\n\r\n'));
        s.on('data', () => undefined);
        s.on('close', () => resolve());
        s.on('error', () => resolve());
      });
      expect((await api(port, 'devices/list', {}, TOKEN)).status).toBe(200);
    });
  });

  describe('WebSocket /api/events', () => {
    const wsUrl = (query = `?token=${TOKEN}`): string => `ws://127.0.0.1:${port}/api/events${query}`;

    it('carries calls and results, and pushes events', async () => {
      const client = await WsClient.open(wsUrl());
      try {
        const hello = await client.next((f) => f.type === 'event' && f.event === 'server/status');
        expect(hello).toMatchObject({ data: { shell: 'headless' } });
        client.send({ type: 'call', id: 7, method: 'devices/list', params: {} });
        expect(await client.next((f) => f.type === 'result' && f.id === 7)).toEqual({ type: 'result', id: 7, result: { devices: [] } });
        client.send({ type: 'call', id: 8, method: 'devices/get', params: {} });
        const err = await client.next((f) => f.type === 'error' && f.id === 8);
        expect(err).toMatchObject({ error: { code: 'bad-request' } });
        store.record(exchange('ws-1'));
        const ev = await client.next((f) => f.type === 'event' && f.event === 'traffic/exchange');
        expect(ev).toMatchObject({ data: { id: 'ws-1', deviceId: 'DEV-1' } });
      } finally {
        await client.close();
      }
    });

    it('answers malformed frames with an error and keeps the connection', async () => {
      const client = await WsClient.open(wsUrl());
      try {
        client.send('not json');
        expect(await client.next((f) => f.type === 'error' && f.id === 0)).toMatchObject({ error: { message: /not valid JSON/ } });
        client.send({ type: 'subscribe', id: 3 });
        expect(await client.next((f) => f.type === 'error' && f.id === 3)).toMatchObject({ error: { code: 'bad-request' } });
        client.send({ type: 'call', id: 4, method: 7 });
        expect(await client.next((f) => f.type === 'error' && f.id === 4)).toMatchObject({ error: { code: 'bad-request' } });
        client.send({ type: 'call', id: 5, method: 'devices/list', params: {} });
        expect(await client.next((f) => f.type === 'result' && f.id === 5)).toMatchObject({ result: { devices: [] } });
      } finally {
        await client.close();
      }
    });

    it('needs the token (query, bearer header or cookie)', async () => {
      expect(await wsStatus(wsUrl(''))).toBe(401);
      expect(await wsStatus(wsUrl('?token=wrong'))).toBe(401);
      expect(await wsStatus(wsUrl(''), { authorization: `Bearer ${TOKEN}` })).toBe(101);
      expect(await wsStatus(wsUrl(''), { cookie: `cwmp_workbench_${port}=${TOKEN}`, origin: `http://127.0.0.1:${port}` })).toBe(101);
      expect(await wsStatus(wsUrl())).toBe(101);
    });

    it('refuses a foreign Origin or Host and unknown paths', async () => {
      expect(await wsStatus(wsUrl(), { origin: 'http://evil.example' })).toBe(403);
      expect(await wsStatus(wsUrl(), { host: `evil.example:${port}` })).toBe(403);
      expect(await wsStatus(`ws://127.0.0.1:${port}/api/other?token=${TOKEN}`)).toBe(404);
      expect(await wsStatus(wsUrl(), { origin: `http://localhost:${port}` })).toBe(101);
    });

    it('stops an oversize frame without affecting other clients', async () => {
      const big = await WsClient.open(wsUrl());
      const other = await WsClient.open(wsUrl());
      try {
        const closed = new Promise<number>((r) => big.ws.once('close', (code) => r(code)));
        big.send({ type: 'call', id: 1, method: 'devices/list', params: { pad: 'x'.repeat(10_000) } });
        expect(await closed).toBe(1009);
        other.send({ type: 'call', id: 2, method: 'devices/list', params: {} });
        expect(await other.next((f) => f.type === 'result' && f.id === 2)).toMatchObject({ result: { devices: [] } });
      } finally {
        await big.close();
        await other.close();
      }
    });
  });
});

describe('slow WebSocket clients', () => {
  it('drops a client that stops reading instead of queueing without bound', async () => {
    const hub = new EventHub();
    const server = createUiServer({ handlers: unavailableHandlers(), hub, token: TOKEN, staticDir: '/nonexistent', maxBufferedBytes: 256 * 1024 });
    await server.start();
    try {
      const client = await WsClient.open(`ws://127.0.0.1:${server.port}/api/events?token=${TOKEN}`);
      const closed = new Promise<number>((r) => client.ws.once('close', (code) => r(code)));
      // Stop reading: the kernel buffers fill, then the server's own queue passes the limit.
      (client.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
      const big = { ...exchange('big'), notes: ['x'.repeat(64 * 1024)] };
      let sent = 0;
      let code: number | undefined;
      void closed.then((c) => (code = c));
      expect(server.clientCount()).toBe(1);
      for (; sent < 2000; sent++) {
        hub.publish({ event: 'traffic/exchange', data: { ...big, id: `big-${sent}` } });
        if (sent % 50 === 0) await new Promise((r) => setTimeout(r, 5));
        if (server.clientCount() === 0) break;
      }
      expect(server.clientCount()).toBe(0);
      (client.ws as unknown as { _socket: { resume(): void } })._socket.resume();
      expect(await closed).toBe(1013);
      expect(code).toBe(1013);
      expect(sent).toBeLessThan(2000);
    } finally {
      await server.stop();
    }
  });
});

describe('server lifecycle', () => {
  it('stop() closes WebSocket clients and frees the port', async () => {
    const hub = new EventHub();
    const handlers = unavailableHandlers();
    const server = createUiServer({ handlers, hub, token: TOKEN, staticDir: '/nonexistent' });
    await server.start();
    const port = server.port;
    const client = await WsClient.open(`ws://127.0.0.1:${port}/api/events?token=${TOKEN}`);
    const closed = new Promise<number>((r) => client.ws.once('close', (code) => r(code)));
    await server.stop();
    expect(await closed).toBe(1001);
    const again = createUiServer({ handlers, hub, token: TOKEN, staticDir: '/nonexistent', port });
    await again.start();
    expect(again.port).toBe(port);
    await again.stop();
  });

  it('reports a port that is taken as an error from start()', async () => {
    const hub = new EventHub();
    const a = createUiServer({ handlers: unavailableHandlers(), hub, token: TOKEN, staticDir: '/nonexistent' });
    await a.start();
    const b = createUiServer({ handlers: unavailableHandlers(), hub, token: TOKEN, staticDir: '/nonexistent', port: a.port });
    await expect(b.start()).rejects.toThrow(/EADDRINUSE/);
    await a.stop();
  });
});
