import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { proxyProfileSchema, type ProxyProfileInput } from '../../../src-shared/api/proxy';
import { Interceptor } from '../../../src-main/proxy/intercept';
import { PROXY_HEADERS_TIMEOUT_MS, ProxyServer } from '../../../src-main/proxy/proxy-server';
import { CollectingSink, ScriptedAcs, informResponse, informXml, send, type Received, type Reply } from './helpers';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function proxyTo(upstreamUrl: string, sink: CollectingSink, extra: Partial<ProxyProfileInput> = {}): Promise<ProxyServer> {
  const server = new ProxyServer({
    profile: proxyProfileSchema.parse({ name: 'f', listen: { port: 0 }, upstream: { url: upstreamUrl }, ...extra }),
    sink,
    interceptor: new Interceptor(),
  });
  await server.start();
  cleanups.push(() => server.stop());
  return server;
}

async function acs(reply: (r: Received, i: number) => Reply): Promise<ScriptedAcs> {
  const a = await new ScriptedAcs(reply).start();
  cleanups.push(() => a.stop());
  return a;
}

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

describe('proxy: failures are visible, not fatal', () => {
  it('answers 502 and records why when the upstream is down', async () => {
    // A port that was free a moment ago: nothing listens there.
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const deadPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const sink = new CollectingSink();
    const proxy = await proxyTo(`http://127.0.0.1:${deadPort}/`, sink);
    const body = informXml();
    const got = await send(proxy.url('127.0.0.1'), { headers: ['Content-Type', 'text/xml', 'Content-Length', String(Buffer.byteLength(body))], body, agent: false });
    expect(got.status).toBe(502);
    expect(got.body.toString()).toMatch(/unreachable/);
    await sink.waitFor(1);
    const x = sink.finished[0];
    expect(x.error).toMatch(/upstream unreachable: .*ECONNREFUSED/);
    expect(x.response?.status).toBe(502);
    expect(x.notes).toContain('proxy-generated-response');
    // The CPE's message is still recorded and decoded.
    expect(x.cwmpRequest?.rpc).toBe('Inform');
    expect(x.deviceId).toBe('00259E-Router-SN0001');
  });

  it('records a CPE that hangs up mid-request, and the ACS sees the same cut', async () => {
    let upstreamAborted = false;
    const up = http.createServer((req) => {
      req.on('aborted', () => (upstreamAborted = true));
      req.on('close', () => {
        if (!req.complete) upstreamAborted = true;
      });
      req.resume();
    });
    await new Promise<void>((r) => up.listen(0, '127.0.0.1', () => r()));
    cleanups.push(() => new Promise<void>((r) => { up.close(() => r()); up.closeAllConnections(); }));
    const sink = new CollectingSink();
    const proxy = await proxyTo(`http://127.0.0.1:${(up.address() as AddressInfo).port}/`, sink);
    const s = net.connect(proxy.boundPort, '127.0.0.1');
    await new Promise<void>((r) => s.once('connect', () => r()));
    const half = informXml().slice(0, 300);
    s.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 5000\r\n\r\n${half}`);
    await new Promise((r) => setTimeout(r, 50));
    s.destroy();
    await sink.waitFor(1);
    const x = sink.finished[0];
    expect(x.error).toMatch(/CPE hung up mid-request \(300 bytes received\)/);
    expect(x.request?.body.size).toBe(300);
    expect(x.response).toBeUndefined();
    await new Promise((r) => setTimeout(r, 50));
    expect(upstreamAborted).toBe(true);
  });

  it('records an ACS that hangs up mid-response and cuts the CPE off the same way', async () => {
    const a = await acs(() => (res) => {
      res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Length': '4000' });
      res.write(informResponse().slice(0, 100));
      setTimeout(() => res.socket?.destroy(), 30);
    });
    const sink = new CollectingSink();
    const proxy = await proxyTo(`http://127.0.0.1:${a.port}/`, sink);
    const result = await send(proxy.url('127.0.0.1'), { headers: ['Content-Length', '0'], body: '', agent: false }).then(
      () => 'complete',
      (err: Error) => `error: ${err.message}`,
    );
    expect(result).not.toBe('complete');
    await sink.waitFor(1);
    const x = sink.finished[0];
    expect(x.error).toMatch(/ACS hung up mid-response/);
    expect(x.response?.status).toBe(200);
    expect(x.response?.body.size).toBe(100);
  });

  it('answers malformed HTTP with 400 and records the raw bytes that arrived', async () => {
    const a = await acs(() => ({ status: 204, headers: [], body: '' }));
    const sink = new CollectingSink();
    const proxy = await proxyTo(`http://127.0.0.1:${a.port}/`, sink);
    const s = net.connect(proxy.boundPort, '127.0.0.1');
    const reply = new Promise<string>((resolve) => {
      let text = '';
      s.on('data', (d: Buffer) => (text += d.toString()));
      s.on('close', () => resolve(text));
    });
    s.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n');
    expect(await reply).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    await sink.waitFor(1);
    expect(sink.finished[0].error).toMatch(/malformed HTTP from the CPE/);
    expect(sink.finished[0].request?.body.data).toContain('Content-Length: nope');
    expect(a.received).toHaveLength(0);
  });

  it('passes Digest authentication and cookies through (challenge, retry, session)', async () => {
    const realm = 'acs';
    const nonce = 'n0nce-123';
    const a = await acs((r) => {
      const auth = r.rawHeaders[r.rawHeaders.findIndex((h) => h.toLowerCase() === 'authorization') + 1];
      const cookie = r.rawHeaders[r.rawHeaders.findIndex((h) => h.toLowerCase() === 'cookie') + 1];
      if (cookie === 'sid=42') return { status: 204, headers: [], body: '' };
      if (!auth || !auth.startsWith('Digest ')) {
        return { status: 401, statusText: 'Unauthorized', headers: ['WWW-Authenticate', `Digest realm="${realm}", nonce="${nonce}", qop="auth", algorithm=MD5`, 'Content-Length', '0'], body: '' };
      }
      const f = Object.fromEntries([...auth.matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)].map((m) => [m[1], m[2] ?? m[3]]));
      const expected = md5(`${md5(`cpe:${realm}:secret`)}:${f.nonce}:${f.nc}:${f.cnonce}:${f.qop}:${md5(`${r.method}:${f.uri}`)}`);
      if (f.response !== expected) return { status: 401, headers: ['Content-Length', '0'], body: '' };
      const body = informResponse();
      return { status: 200, headers: ['Set-Cookie', 'sid=42; Path=/', 'Content-Type', 'text/xml', 'Content-Length', String(Buffer.byteLength(body))], body };
    });
    const sink = new CollectingSink();
    const proxy = await proxyTo(`http://127.0.0.1:${a.port}/`, sink);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    cleanups.push(async () => agent.destroy());
    const url = proxy.url('127.0.0.1');
    const body = informXml();
    const base = ['Content-Type', 'text/xml', 'Content-Length', String(Buffer.byteLength(body))];
    const first = await send(url, { headers: base, body, agent });
    expect(first.status).toBe(401);
    const challenge = first.rawHeaders[first.rawHeaders.findIndex((h) => h.toLowerCase() === 'www-authenticate') + 1];
    const n = /nonce="([^"]+)"/.exec(challenge)![1];
    const cnonce = 'abcdef';
    const response = md5(`${md5(`cpe:${realm}:secret`)}:${n}:00000001:${cnonce}:auth:${md5('POST:/')}`);
    const authz = `Digest username="cpe", realm="${realm}", nonce="${n}", uri="/", qop=auth, nc=00000001, cnonce="${cnonce}", response="${response}"`;
    const second = await send(url, { headers: [...base, 'Authorization', authz], body, agent });
    expect(second.status).toBe(200);
    const setCookie = second.rawHeaders[second.rawHeaders.findIndex((h) => h.toLowerCase() === 'set-cookie') + 1];
    expect(setCookie).toBe('sid=42; Path=/');
    const third = await send(url, { headers: ['Content-Length', '0', 'Cookie', 'sid=42'], body: '', agent });
    expect(third.status).toBe(204);
    await sink.waitFor(3);
    const [c, d, e] = sink.finished;
    expect(c.notes).toContain('auth-challenge');
    expect(d.response?.status).toBe(200);
    // The retry after the challenge belongs to the same session as the challenged Inform.
    expect(new Set([c.sessionId, d.sessionId, e.sessionId]).size).toBe(1);
    expect(e.deviceId).toBe('00259E-Router-SN0001');
  });
});

describe('proxy: a failure while holding a message', () => {
  it('is recorded on the exchange and cuts the CPE instead of leaving an unhandled rejection', async () => {
    const sink = new CollectingSink();
    const upstream = await acs(() => ({ status: 200, headers: ['Content-Length', String(Buffer.byteLength(informResponse()))], body: informResponse() }));
    // A change listener that throws once (a broken subscriber) makes pausing fail.
    let broke = false;
    const interceptor = new Interceptor([], (what) => {
      if (what === 'paused' && !broke) {
        broke = true;
        throw new Error('listener broke');
      }
    });
    interceptor.set({ rpc: 'Inform', direction: 'cpe-to-acs', enabled: true });
    const server = new ProxyServer({ profile: proxyProfileSchema.parse({ name: 'f', listen: { port: 0 }, upstream: { url: `http://127.0.0.1:${upstream.port}/` } }), sink, interceptor });
    await server.start();
    cleanups.push(() => server.stop());
    const body = informXml();
    const outcome = await send(server.url('127.0.0.1'), { headers: ['Content-Length', String(Buffer.byteLength(body))], body, agent: false }).then(
      () => 'answered',
      () => 'cut',
    );
    expect(outcome).toBe('cut');
    await sink.waitFor(1);
    expect(sink.finished[0].error).toMatch(/listener broke/);
    expect(upstream.received).toHaveLength(0);
  });
});

describe('proxy: a CPE that sends half a request header', () => {
  it('is closed with 408 once the header timeout (a profile setting, 30 s by default) runs out', async () => {
    expect(PROXY_HEADERS_TIMEOUT_MS).toBe(30_000);
    const upstream = await acs(() => ({ status: 200, headers: [], body: '' }));
    const sink = new CollectingSink();
    const proxy = await proxyTo(`http://127.0.0.1:${upstream.port}/`, sink, { headersTimeoutMs: 300 });
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(proxy.boundPort, '127.0.0.1', () => socket.write('POST / HTTP/1.1\r\nHost: acs\r\nContent-Ty'));
      let got = '';
      socket.on('data', (c: Buffer) => (got += c.toString('latin1')));
      socket.on('close', () => resolve(got));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(upstream.received).toHaveLength(0);
  });
});
