import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { EventHub } from '../../../src-main/app/event-hub';
import { createTrafficHandlers, decodeRecordedBody } from '../../../src-main/traffic/handlers';
import { TrafficStore } from '../../../src-main/traffic/traffic-store';
import type { ApiEvent } from '../../../src-shared/api/index';
import type { Exchange, HttpHeaders, RecordedBody } from '../../../src-shared/traffic/exchange';

const INFORM_RESPONSE = `<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-0">
<soap:Header><cwmp:ID soap:mustUnderstand="1">42</cwmp:ID></soap:Header>
<soap:Body><cwmp:InformResponse><MaxEnvelopes>1</MaxEnvelopes></cwmp:InformResponse></soap:Body></soap:Envelope>`;

function body(bytes: Buffer, extra: Partial<RecordedBody> = {}): RecordedBody {
  return { encoding: 'base64', data: bytes.toString('base64'), size: bytes.length, ...extra };
}

function part(b: RecordedBody, headers: HttpHeaders = [['Content-Type', 'text/xml; charset=utf-8']]): { headers: HttpHeaders; body: RecordedBody } {
  return { headers, body: b };
}

describe('decodeRecordedBody', () => {
  it('decodes a plain body in the shape decode prints', () => {
    const d = decodeRecordedBody(part({ encoding: 'utf8', data: INFORM_RESPONSE, size: Buffer.byteLength(INFORM_RESPONSE) }));
    expect(d).toMatchObject({ ok: true, message: { namespace: 'urn:dslforum-org:cwmp-1-0', header: { id: '42' }, rpc: { name: 'InformResponse', maxEnvelopes: 1 } } });
  });

  it('undoes a gzip Content-Encoding first', () => {
    const zipped = gzipSync(Buffer.from(INFORM_RESPONSE));
    const d = decodeRecordedBody(part(body(zipped), [['content-type', 'text/xml'], ['Content-Encoding', 'gzip']]));
    expect(d).toMatchObject({ ok: true, message: { rpc: { name: 'InformResponse' } } });
  });

  it('reports what cannot be decoded instead of throwing', () => {
    expect(decodeRecordedBody(part(body(Buffer.from('not gzip')), [['Content-Encoding', 'gzip']]))).toMatchObject({ ok: false, error: { code: 'undecodable' } });
    expect(decodeRecordedBody(part(body(Buffer.from(INFORM_RESPONSE.slice(0, 50)), { truncated: true, size: 9999 })))).toMatchObject({
      ok: false,
      error: { code: 'truncated', message: /9999-byte/ },
    });
    expect(decodeRecordedBody(part({ encoding: 'utf8', data: '<a><b></a>', size: 10 }))).toMatchObject({ ok: false });
  });

  it('is null for no body or an empty one', () => {
    expect(decodeRecordedBody(undefined)).toBeNull();
    expect(decodeRecordedBody(part({ encoding: 'utf8', data: '', size: 0 }))).toBeNull();
  });
});

describe('traffic handlers', () => {
  it('lists, filters, pages after an id, and clears with an event', async () => {
    const hub = new EventHub();
    const events: ApiEvent[] = [];
    hub.subscribe((e) => events.push(e));
    const store = new TrafficStore(hub);
    const h = createTrafficHandlers(store);
    const x = (id: string, deviceId: string): Exchange => ({
      id,
      kind: 'cwmp',
      source: 'acs',
      startedAt: 1,
      deviceId,
      connection: { id: 'c', remoteAddress: '127.0.0.1', remotePort: 1, localAddress: '127.0.0.1', localPort: 2 },
    });
    for (const [id, dev] of [['a', 'D1'], ['b', 'D2'], ['c', 'D1'], ['d', 'D1']]) store.record(x(id, dev));
    expect((await h['traffic/list']({ deviceId: 'D1' })).exchanges.map((e) => e.id)).toEqual(['a', 'c', 'd']);
    expect((await h['traffic/list']({ limit: 2 })).exchanges.map((e) => e.id)).toEqual(['c', 'd']);
    expect((await h['traffic/list']({ after: 'b' })).exchanges.map((e) => e.id)).toEqual(['c', 'd']);
    expect(await h['traffic/get']({ id: 'b' })).toMatchObject({ exchange: { id: 'b' }, request: null, response: null });
    await expect(Promise.resolve().then(() => h['traffic/get']({ id: 'zz' }))).rejects.toMatchObject({ code: 'not-found' });
    await h['traffic/clear']({});
    expect(events.at(-1)).toEqual({ event: 'traffic/cleared', data: {} });
    expect((await h['traffic/list']({})).total).toBe(0);
  });
});
