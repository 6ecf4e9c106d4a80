import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { DecodePool, decodeInline, workerLocation } from '../../../src-main/decode-worker/decode-pool';
import { InOrder } from '../../../src-main/proxy/in-order';
import { envelope, gpvResponse, informResponse, informXml } from './helpers';

const pools: DecodePool[] = [];
afterEach(async () => {
  for (const p of pools.splice(0)) await p.close();
});

function pool(o: ConstructorParameters<typeof DecodePool>[0] = {}): DecodePool {
  const p = new DecodePool(o);
  pools.push(p);
  return p;
}

const bodies: Array<{ bytes: Buffer; contentType?: string; contentEncoding?: string }> = [
  { bytes: Buffer.from(informXml({ serial: 'W1', id: 'w-1', events: ['0 BOOTSTRAP', '1 BOOT'] })), contentType: 'text/xml' },
  { bytes: Buffer.from(informResponse('w-1')), contentType: 'text/xml; charset=utf-8' },
  { bytes: Buffer.from(gpvResponse('g-7')) },
  { bytes: gzipSync(Buffer.from(informXml({ serial: 'GZ' }))), contentType: 'text/xml', contentEncoding: 'gzip' },
  { bytes: Buffer.from(envelope('<soap-env:Fault><faultcode>Client</faultcode><faultstring>CWMP fault</faultstring><detail><cwmp:Fault><FaultCode>9005</FaultCode><FaultString>bad name</FaultString></cwmp:Fault></detail></soap-env:Fault>', 'f-1')) },
  { bytes: Buffer.from('not soap at all') },
  { bytes: Buffer.from([0xff, 0xfe, 0x00, 0x3c]) },
  { bytes: Buffer.from('garbage'), contentEncoding: 'gzip' },
];

describe('decode pool (the proxy decodes recorded bodies off its forwarding thread)', () => {
  it('finds its worker file when running from source', () => {
    const where = workerLocation();
    expect(where?.url.pathname.endsWith('/dev-bootstrap.mjs')).toBe(true);
    expect(where?.workerData?.entry.endsWith('/decode-worker.ts')).toBe(true);
  });

  it('gives the same summaries, devices and decoded bodies on the worker as inline, in submission order', async () => {
    const p = pool();
    expect(await p.whenReady()).toBe(true);
    const results = await Promise.all(bodies.map((b) => p.decode(b.bytes, b.contentType, b.contentEncoding)));
    expect(p.batches).toBeGreaterThan(0);
    expect(p.jobsSent).toBe(bodies.length);
    expect(results.map((r) => r.summary.rpc)).toEqual(['Inform', 'InformResponse', 'GetParameterValuesResponse', 'Inform', 'Fault', null, null, null]);
    for (let i = 0; i < bodies.length; i++) {
      const inline = decodeInline(bodies[i].bytes, bodies[i].contentType, bodies[i].contentEncoding);
      expect(results[i].summary).toEqual(inline.summary);
      expect(results[i].deviceId).toEqual(inline.deviceId);
      expect(results[i].decoded ? Buffer.from(results[i].decoded!) : undefined).toEqual(inline.decoded);
    }
    expect(results[0].summary.events).toEqual(['0 BOOTSTRAP', '1 BOOT']);
    expect(results[3].deviceId).toBe('00259E-Router-GZ');
    expect(Buffer.isBuffer(results[3].decoded)).toBe(true);
    expect(results[4].summary.faultCode).toBe(9005);
    expect(results[7].summary.error).toMatch(/Content-Encoding gzip could not be undone/);
    expect(p.pending).toBe(0);
  });

  it('keeps every body of a large burst, in order, across several batches', async () => {
    const p = pool({ batchSize: 16 });
    expect(await p.whenReady()).toBe(true);
    const n = 300;
    const results = await Promise.all(Array.from({ length: n }, (_, i) => p.decode(Buffer.from(informXml({ serial: `S${i}`, id: `i${i}` })), 'text/xml')));
    expect(results.map((r) => r.deviceId)).toEqual(Array.from({ length: n }, (_, i) => `00259E-Router-S${i}`));
    expect(results.map((r) => r.summary.id)).toEqual(Array.from({ length: n }, (_, i) => `i${i}`));
    expect(p.batches).toBeGreaterThan(1);
  });

  it('decodes inline past its queue bound, and inline only when asked', async () => {
    const bounded = pool({ maxQueued: 2 });
    expect(await bounded.whenReady()).toBe(true);
    const r = await Promise.all(Array.from({ length: 6 }, (_, i) => bounded.decode(Buffer.from(gpvResponse(`q${i}`)))));
    expect(r.map((x) => x.summary.id)).toEqual(['q0', 'q1', 'q2', 'q3', 'q4', 'q5']);
    expect(bounded.jobsSent).toBe(2);
    const inline = pool({ useWorker: false });
    expect(await inline.whenReady(200)).toBe(false);
    expect(inline.fallbackReason).toMatch(/inline/);
    expect((await inline.decode(Buffer.from(gpvResponse('x')))).summary.rpc).toBe('GetParameterValuesResponse');
    expect(inline.jobsSent).toBe(0);
  });

  it('loses nothing when the worker goes away with bodies queued', async () => {
    const p = pool();
    expect(await p.whenReady()).toBe(true);
    const pending = Array.from({ length: 20 }, (_, i) => p.decode(Buffer.from(gpvResponse(`c${i}`))));
    await p.close();
    const r = await Promise.all(pending);
    expect(r.map((x) => x.summary.id)).toEqual(Array.from({ length: 20 }, (_, i) => `c${i}`));
    expect(p.usingWorker).toBe(false);
    expect((await p.decode(Buffer.from(gpvResponse('after')))).summary.id).toBe('after');
  });
});

describe('InOrder', () => {
  it('runs steps in queue order even when a later input settles first, and at once when idle', async () => {
    const o = new InOrder();
    const seen: string[] = [];
    o.run('now', (v) => seen.push(v));
    expect(seen).toEqual(['now']);
    let release!: (v: string) => void;
    o.run(new Promise<string>((r) => (release = r)), (v) => seen.push(v));
    o.run('ready-but-queued', (v) => seen.push(v));
    o.run(Promise.resolve('third'), (v) => seen.push(v));
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toEqual(['now']);
    release('slow');
    await o.settled();
    expect(seen).toEqual(['now', 'slow', 'ready-but-queued', 'third']);
  });
});

describe('InOrder.settled', () => {
  it('waits for the steps queued before it, not for later ones', async () => {
    const o = new InOrder();
    let releaseFirst!: (v: number) => void;
    let releaseLater!: (v: number) => void;
    const seen: number[] = [];
    o.run(new Promise<number>((r) => (releaseFirst = r)), (v) => seen.push(v));
    const settled = o.settled().then(() => seen.push(-1));
    o.run(new Promise<number>((r) => (releaseLater = r)), (v) => seen.push(v));
    releaseFirst(1);
    await settled;
    expect(seen).toEqual([1, -1]);
    expect(o.pending).toBe(1);
    releaseLater(2);
    await o.settled();
    expect(seen).toEqual([1, -1, 2]);
  });
});
