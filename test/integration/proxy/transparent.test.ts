import http from 'node:http';
import net from 'node:net';
import { deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { proxyProfileSchema, type ProxyProfileInput } from '../../../src-shared/api/proxy';
import { Interceptor } from '../../../src-main/proxy/intercept';
import { ProxyServer } from '../../../src-main/proxy/proxy-server';
import { CollectingSink, ScriptedAcs, endToEnd, gpv, gpvResponse, informResponse, informXml, send, type Reply } from './helpers';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(reply: (r: import('./helpers').Received, i: number) => Reply, profile: Partial<ProxyProfileInput> = {}) {
  const acs = await new ScriptedAcs(reply).start();
  cleanups.push(() => acs.stop());
  const sink = new CollectingSink();
  const server = new ProxyServer({
    profile: proxyProfileSchema.parse({ name: 't', listen: { port: 0 }, upstream: { url: `http://127.0.0.1:${acs.port}/acs` }, ...profile }),
    sink,
    interceptor: new Interceptor(),
  });
  await server.start();
  cleanups.push(() => server.stop());
  return { acs, sink, server, url: server.url('127.0.0.1') };
}

const xmlHeaders = (len: number, extra: string[] = []): string[] => ['Content-Type', 'text/xml; charset="utf-8"', 'SOAPAction', '', 'Content-Length', String(len), ...extra];

describe('proxy: transparent forwarding', () => {
  it('forwards a whole CWMP session byte for byte on one upstream connection and records it as one session', async () => {
    const script: Array<{ status: number; headers: string[]; body: string }> = [
      { status: 200, headers: ['Content-Type', 'text/xml; charset="utf-8"', 'Set-Cookie', 'session=abc123; Path=/', 'X-Acs', 'One'], body: informResponse() },
      { status: 200, headers: ['Content-Type', 'text/xml'], body: gpv('g-1') },
      { status: 204, headers: ['X-Done', 'yes'], body: '' },
    ];
    const { acs, sink, url } = await setup((_r, i) => {
      const s = script[i];
      return { status: s.status, headers: [...s.headers, 'Content-Length', String(Buffer.byteLength(s.body))], body: s.body };
    });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    cleanups.push(async () => agent.destroy());
    const bodies = [informXml(), '', gpvResponse('g-1')];
    const sent: Array<{ headers: string[]; body: Buffer }> = [];
    const got = [];
    for (const [i, b] of bodies.entries()) {
      const headers = xmlHeaders(Buffer.byteLength(b), ['X-Cpe-Seq', String(i), 'x-lower-case', 'Kept As Is', ...(i > 0 ? ['Cookie', 'session=abc123'] : [])]);
      sent.push({ headers, body: Buffer.from(b) });
      got.push(await send(`${url}?x=1`, { headers, body: b, agent }));
    }
    expect(acs.received).toHaveLength(3);
    for (const [i, r] of acs.received.entries()) {
      // What the ACS received is what the CPE sent, except Host (the upstream's) and hop-by-hop fields.
      expect(endToEnd(r.rawHeaders, ['host'])).toEqual(endToEnd(sent[i].headers));
      expect(r.body.equals(sent[i].body)).toBe(true);
      expect(r.url).toBe('/acs?x=1');
      expect(r.method).toBe('POST');
      expect(r.rawHeaders[r.rawHeaders.findIndex((h) => h.toLowerCase() === 'host') + 1]).toBe(`127.0.0.1:${acs.port}`);
      // And what the CPE received is what the ACS sent.
      expect(got[i].status).toBe(script[i].status);
      expect(endToEnd(got[i].rawHeaders)).toEqual(endToEnd([...script[i].headers, 'Content-Length', String(Buffer.byteLength(script[i].body))]));
      expect(got[i].body.toString()).toBe(script[i].body);
    }
    // One CPE connection ⇒ one upstream connection.
    expect(new Set(acs.received.map((r) => r.remotePort)).size).toBe(1);
    await sink.waitFor(3);
    const [a, b, c] = sink.finished;
    expect(a.cwmpRequest?.rpc).toBe('Inform');
    expect(a.cwmpResponse?.rpc).toBe('InformResponse');
    expect(a.deviceId).toBe('00259E-Router-SN0001');
    expect(b.cwmpRequest).toBeUndefined();
    expect(b.cwmpResponse?.rpc).toBe('GetParameterValues');
    expect(c.cwmpRequest?.rpc).toBe('GetParameterValuesResponse');
    expect(c.response?.status).toBe(204);
    expect(new Set(sink.finished.map((x) => x.sessionId)).size).toBe(1);
    expect(new Set(sink.finished.map((x) => x.deviceId))).toEqual(new Set(['00259E-Router-SN0001']));
    expect(a.request?.body.data).toBe(informXml());
    expect(a.source).toBe('proxy:t');
    // Each exchange is recorded at its start, with its request once received (before the proxy acts on it),
    // and with the ACS's answer before that reaches the CPE; then finished.
    expect(new Set(sink.started.map((x) => x.id))).toEqual(new Set(sink.finished.map((x) => x.id)));
    const progressOfA = sink.started.filter((x) => x.id === a.id);
    expect(progressOfA.map((x) => [x.request?.body.data.length ?? 0, x.response?.status ?? null])).toEqual([
      [0, null],
      [informXml().length, null],
      [informXml().length, 200],
    ]);
  });

  it('never pools: two CPE connections use two upstream connections', async () => {
    const { acs, url } = await setup(() => ({ status: 204, headers: [], body: '' }));
    const agents = [new http.Agent({ keepAlive: true, maxSockets: 1 }), new http.Agent({ keepAlive: true, maxSockets: 1 })];
    cleanups.push(async () => agents.forEach((a) => a.destroy()));
    for (let round = 0; round < 2; round++) {
      for (const agent of agents) await send(url, { headers: ['Content-Length', '0'], body: '', agent });
    }
    const ports = acs.received.map((r) => r.remotePort);
    expect(ports[0]).toBe(ports[2]);
    expect(ports[1]).toBe(ports[3]);
    expect(ports[0]).not.toBe(ports[1]);
  });

  it('mirrors the ACS closing an idle connection by closing the CPE connection', async () => {
    const { acs, url } = await setup(() => ({ status: 204, headers: [], body: '' }));
    acs.server.keepAliveTimeout = 100;
    const s = net.connect(Number(new URL(url).port), '127.0.0.1');
    let text = '';
    s.on('data', (d: Buffer) => (text += d.toString()));
    const closed = new Promise<void>((r) => s.on('close', () => r()));
    s.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n');
    await closed;
    expect(text).toMatch(/^HTTP\/1\.1 204/);
    expect(text).not.toMatch(/Connection: close/i);
    expect(acs.received).toHaveLength(1);
  });

  it('passes chunked request bodies and gzip responses through untouched, recording the decoded copy', async () => {
    const xml = gpv('z-1');
    const gz = gzipSync(Buffer.from(xml));
    const { acs, sink, url } = await setup(() => ({ status: 200, headers: ['Content-Type', 'text/xml', 'Content-Encoding', 'gzip', 'Content-Length', String(gz.length)], body: gz }));
    const body = informXml({ serial: 'CHUNK1' });
    // No Content-Length: Node sends the body chunked.
    const got = await send(url, { headers: ['Content-Type', 'text/xml', 'Transfer-Encoding', 'chunked'], body, agent: false });
    expect(acs.received[0].body.toString()).toBe(body);
    expect(acs.received[0].rawHeaders.map((h) => h.toLowerCase())).toContain('chunked');
    expect(got.body.equals(gz)).toBe(true);
    await sink.waitFor(1);
    const x = sink.finished[0];
    expect(x.response?.body.contentEncoding).toBe('gzip');
    expect(x.response?.body.data).toBe(xml);
    expect(x.response?.body.size).toBe(gz.length);
    expect(x.cwmpResponse?.rpc).toBe('GetParameterValues');
    expect(x.deviceId).toBe('00259E-Router-CHUNK1');
  });

  it('forwards a deflate-compressed CPE body as sent and records it inflated', async () => {
    const xml = informXml({ serial: 'DEFL' });
    const deflated = deflateSync(Buffer.from(xml));
    const { acs, sink, url } = await setup(() => ({ status: 204, headers: [], body: '' }));
    await send(url, { headers: ['Content-Type', 'text/xml', 'Content-Encoding', 'deflate', 'Content-Length', String(deflated.length)], body: deflated, agent: false });
    expect(acs.received[0].body.equals(deflated)).toBe(true);
    await sink.waitFor(1);
    const x = sink.finished[0];
    expect(x.request?.body).toMatchObject({ encoding: 'utf8', data: xml, size: deflated.length, contentEncoding: 'deflate' });
    expect(x.deviceId).toBe('00259E-Router-DEFL');
  });

  it('handles Expect: 100-continue end to end', async () => {
    let sawExpect = false;
    const { acs, url } = await setup((r) => {
      sawExpect = r.rawHeaders.some((h) => h.toLowerCase() === '100-continue');
      return { status: 200, headers: ['Content-Length', '2'], body: 'ok' };
    });
    const body = informXml();
    const got = await send(url, { headers: ['Content-Type', 'text/xml', 'Expect', '100-continue', 'Content-Length', String(Buffer.byteLength(body))], body, agent: false, expectContinue: true });
    expect(got.body.toString()).toBe('ok');
    expect(sawExpect).toBe(true);
    expect(acs.received[0].body.toString()).toBe(body);
  });

  it('forwards a body that is not XML and records it raw with the decode error', async () => {
    const junk = Buffer.from([0xff, 0x00, 0x01, 0x80, 0x7f, 0x41, 0x42]);
    const { acs, sink, url } = await setup(() => ({ status: 200, headers: ['Content-Type', 'text/plain', 'Content-Length', '9'], body: 'not soap!' }));
    const got = await send(url, { headers: ['Content-Type', 'application/octet-stream', 'Content-Length', String(junk.length)], body: junk, agent: false });
    expect(acs.received[0].body.equals(junk)).toBe(true);
    expect(got.body.toString()).toBe('not soap!');
    await sink.waitFor(1);
    const x = sink.finished[0];
    expect(x.request?.body.encoding).toBe('base64');
    expect(Buffer.from(x.request!.body.data, 'base64').equals(junk)).toBe(true);
    expect(x.cwmpRequest?.error).toBeTruthy();
    expect(x.cwmpResponse?.error).toBeTruthy();
    expect(x.response?.body.data).toBe('not soap!');
  });
});
