import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { proxyProfileSchema } from '../../../src-shared/api/proxy';
import { DecodePool } from '../../../src-main/decode-worker/decode-pool';
import { Interceptor } from '../../../src-main/proxy/intercept';
import { ProxyServer } from '../../../src-main/proxy/proxy-server';
import { CollectingSink, ScriptedAcs, gpv, gpvResponse, informResponse, informXml, send } from './helpers';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A proxy whose bodies are decoded on a worker that is already loaded, so every record takes that path. */
async function setup(interceptor = new Interceptor()) {
  const pool = new DecodePool();
  cleanups.push(() => pool.close());
  expect(await pool.whenReady()).toBe(true);
  const acs = await new ScriptedAcs((r) => {
    const text = r.body.toString();
    const body = text.includes('Inform>') || r.body[0] === 0x1f ? informResponse() : r.body.length === 0 ? gpv('g-1') : '';
    return { status: body ? 200 : 204, headers: ['Content-Type', 'text/xml', 'Content-Length', String(Buffer.byteLength(body))], body };
  }).start();
  cleanups.push(() => acs.stop());
  const sink = new CollectingSink();
  const server = new ProxyServer({
    profile: proxyProfileSchema.parse({ name: 'w', listen: { port: 0 }, upstream: { url: `http://127.0.0.1:${acs.port}/` }, pauseTimeoutMs: 10_000 }),
    sink,
    interceptor,
    decodePool: pool,
  });
  await server.start();
  cleanups.push(() => server.stop());
  return { acs, sink, pool, url: server.url('127.0.0.1') };
}

async function session(url: string, serial: string, gzip = false): Promise<Buffer[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  cleanups.push(async () => agent.destroy());
  const inform = Buffer.from(informXml({ serial, id: `i-${serial}` }));
  const bodies = [gzip ? gzipSync(inform) : inform, Buffer.alloc(0), Buffer.from(gpvResponse('g-1'))];
  for (const b of bodies) {
    const headers = ['Content-Type', 'text/xml', 'Content-Length', String(b.length), ...(gzip && b === bodies[0] ? ['Content-Encoding', 'gzip'] : [])];
    const r = await send(url, { headers, body: b, agent });
    expect(r.status).toBeLessThan(300);
  }
  return bodies;
}

describe('proxy: records decoded on the worker thread', () => {
  it('records concurrent sessions whole, in order, with their devices and sessions, bytes forwarded unchanged', async () => {
    const { acs, sink, pool, url } = await setup();
    const sent = await Promise.all([session(url, 'A1', true), session(url, 'B2'), session(url, 'C3')]);
    await sink.waitFor(9);
    expect(pool.jobsSent).toBeGreaterThan(0);
    // Every byte reached the ACS as sent (the gzip Inform too).
    const all = sent.flat().filter((b) => b.length > 0);
    for (const b of all) expect(acs.received.some((r) => r.body.equals(b))).toBe(true);
    expect(sink.finished).toHaveLength(9);
    expect(new Set(sink.started.map((x) => x.id)).size).toBe(9);
    for (const serial of ['A1', 'B2', 'C3']) {
      const device = `00259E-Router-${serial}`;
      const mine = sink.finished.filter((x) => x.deviceId === device);
      // Inform, empty POST, GetParameterValuesResponse: in that order, one session, summaries in place.
      expect(mine.map((x) => x.cwmpRequest?.rpc ?? null)).toEqual(['Inform', null, 'GetParameterValuesResponse']);
      expect(mine.map((x) => x.cwmpResponse?.rpc ?? null)).toEqual(['InformResponse', 'GetParameterValues', null]);
      expect(new Set(mine.map((x) => x.sessionId)).size).toBe(1);
      expect(mine[0].sessionId).toBeDefined();
      expect(mine[0].cwmpRequest?.id).toBe(`i-${serial}`);
      expect(mine[0].cwmpRequest?.events).toEqual(['1 BOOT']);
      expect(new Set(mine.map((x) => x.connection.id)).size).toBe(1);
    }
    const gz = sink.finished.find((x) => x.deviceId === '00259E-Router-A1' && x.cwmpRequest?.rpc === 'Inform')!;
    expect(gz.request?.body.contentEncoding).toBe('gzip');
    expect(gz.request?.body.data).toBe(informXml({ serial: 'A1', id: 'i-A1' }));
    expect(new Set(sink.finished.map((x) => x.sessionId)).size).toBe(3);
  });

  it("matches a device breakpoint on the message right after that device's Inform", async () => {
    const interceptor = new Interceptor();
    interceptor.set({ enabled: true, direction: 'cpe-to-acs', deviceId: '00259E-Router-BP', rpc: 'GetParameterValuesResponse' });
    const { sink, url } = await setup(interceptor);
    const done = session(url, 'BP');
    let paused = interceptor.paused();
    for (let i = 0; i < 500 && paused.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
      paused = interceptor.paused();
    }
    expect(paused).toHaveLength(1);
    expect(paused[0].deviceId).toBe('00259E-Router-BP');
    expect(paused[0].rpc).toBe('GetParameterValuesResponse');
    interceptor.decide(paused[0].id, { action: 'resume' });
    await done;
    await sink.waitFor(3);
    expect(sink.finished[2].notes).toContain('intercepted');
    expect(new Set(sink.finished.map((x) => x.sessionId)).size).toBe(1);
  });

  it('has published every finished exchange when stop() returns', async () => {
    const pool = new DecodePool({ batchMs: 50 });
    cleanups.push(() => pool.close());
    expect(await pool.whenReady()).toBe(true);
    const acs = await new ScriptedAcs(() => ({ status: 200, headers: ['Content-Type', 'text/xml', 'Content-Length', String(Buffer.byteLength(informResponse()))], body: informResponse() })).start();
    cleanups.push(() => acs.stop());
    const sink = new CollectingSink();
    const server = new ProxyServer({
      profile: proxyProfileSchema.parse({ name: 's', listen: { port: 0 }, upstream: { url: `http://127.0.0.1:${acs.port}/` } }),
      sink,
      interceptor: new Interceptor(),
      decodePool: pool,
    });
    await server.start();
    const url = server.url('127.0.0.1');
    const n = 12;
    await Promise.all(
      Array.from({ length: n }, (_, i) => {
        const b = informXml({ serial: `T${i}` });
        return send(url, { headers: ['Content-Type', 'text/xml', 'Content-Length', String(Buffer.byteLength(b))], body: b, agent: false });
      }),
    );
    await server.stop();
    expect(sink.finished).toHaveLength(n);
    expect(new Set(sink.finished.map((x) => x.deviceId)).size).toBe(n);
    expect(sink.finished.every((x) => x.cwmpRequest?.rpc === 'Inform' && x.cwmpResponse?.rpc === 'InformResponse')).toBe(true);
  });
});
