import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { EventHub } from '../../../src-main/runtime/event-hub';
import { unavailableHandlers } from '../../../src-main/app/unavailable';
import { dispatch } from '../../../src-shared/api/dispatch';
import { createTrafficHandlers } from '../../../src-main/traffic/handlers';
import { decodeRecordedBody } from '../../../src-main/runtime/recorded-body';
import { searchTextOf, xmlTextContent } from '../../../src-main/traffic/search-text';
import { TrafficStore } from '../../../src-main/traffic/traffic-store';
import { parseCwmp } from '../../../src-shared/cwmp/index';
import type { ApiEvent, ListedExchange } from '../../../src-shared/api/index';
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

const CONN = { id: 'c', remoteAddress: '127.0.0.1', remotePort: 1, localAddress: '127.0.0.1', localPort: 2 };

const GPV_RESPONSE = `<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
<soap:Header><cwmp:ID soap:mustUnderstand="1">Req-77</cwmp:ID></soap:Header>
<soap:Body><cwmp:GetParameterValuesResponse><ParameterList>
<ParameterValueStruct><Name>Device.WiFi.SSID.1.SSID</Name><Value xsi:type="xsd:string">Lab &amp; Test
  Net</Value></ParameterValueStruct>
<ParameterValueStruct><Name>Device.DeviceInfo.UpTime</Name><Value xsi:type="xsd:unsignedInt">86400</Value></ParameterValueStruct>
<ParameterValueStruct><Name>Device.X_ACME_Note</Name><Value xsi:type="xsd:string"><![CDATA[a <raw> note]]></Value></ParameterValueStruct>
</ParameterList></cwmp:GetParameterValuesResponse></soap:Body></soap:Envelope>`;

const FAULT_RESPONSE = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-0"><soap:Header><cwmp:ID>f-1</cwmp:ID></soap:Header><soap:Body><soap:Fault><faultcode>Client</faultcode><faultstring>CWMP fault</faultstring><detail><cwmp:Fault><FaultCode>9005</FaultCode><FaultString>Invalid parameter name</FaultString></cwmp:Fault></detail></soap:Fault></soap:Body></soap:Envelope>`;

function utf8(text: string): RecordedBody {
  return { encoding: 'utf8', data: text, size: Buffer.byteLength(text) };
}

/** The HTTP request carrying the CPE's GetParameterValuesResponse, as the ACS records it. */
function gpvExchange(id: string, xml = GPV_RESPONSE): Exchange {
  return {
    id,
    kind: 'cwmp',
    source: 'acs',
    startedAt: 1,
    finishedAt: 3,
    connection: CONN,
    deviceId: '00CAFE-Gw-SN1',
    sessionId: 'S1',
    request: { method: 'POST', url: '/acs', httpVersion: '1.1', headers: [['Content-Type', 'text/xml'], ['SOAPAction', '']], body: utf8(xml) },
    response: { status: 204, statusText: 'No Content', headers: [['Server', 'wb']], body: utf8('') },
    cwmpRequest: { rpc: 'GetParameterValuesResponse', id: 'Req-77', parameterCount: 3, warnings: ['missing-xsi-type'] },
    cwmpResponse: { rpc: null, warnings: [] },
  };
}

function plain(id: string, deviceId = 'D1'): Exchange {
  return { id, kind: 'cwmp', source: 'acs', startedAt: 1, deviceId, connection: CONN };
}

describe('traffic/list without bodies', () => {
  it('leaves the bytes out but keeps headers, sizes and flags; traffic/get still has them', async () => {
    const store = new TrafficStore();
    const h = createTrafficHandlers(store);
    store.record(gpvExchange('g1'));
    const [lean] = (await h['traffic/list']({ bodies: false })).exchanges;
    expect(lean.request?.headers).toEqual([['Content-Type', 'text/xml'], ['SOAPAction', '']]);
    expect(lean.request?.body).toEqual({ encoding: 'utf8', data: '', size: Buffer.byteLength(GPV_RESPONSE), omitted: true });
    expect(lean.response?.body).toEqual({ encoding: 'utf8', data: '', size: 0, omitted: true });
    expect(lean.cwmpRequest).toMatchObject({ rpc: 'GetParameterValuesResponse', id: 'Req-77' });
    // The default keeps what scripts got before: the bodies, and no search text.
    const [full] = (await h['traffic/list']({})).exchanges;
    expect(full.request?.body.data).toBe(GPV_RESPONSE);
    expect(full.request?.body.omitted).toBeUndefined();
    expect(full.searchText).toBeUndefined();
    expect(store.get('g1')?.request?.body.data).toBe(GPV_RESPONSE);
    const got = await h['traffic/get']({ id: 'g1' });
    expect(got.exchange.request?.body.data).toBe(GPV_RESPONSE);
    expect(got.request).toMatchObject({ ok: true, message: { rpc: { name: 'GetParameterValuesResponse' } } });
  });

  it('carries a search text of parameter names and values, RPCs, ids and faults, without tags', async () => {
    const store = new TrafficStore();
    const h = createTrafficHandlers(store);
    store.record(gpvExchange('g1'));
    const [lean] = (await h['traffic/list']({ bodies: false })).exchanges;
    const text = lean.searchText ?? '';
    for (const want of ['00cafe-gw-sn1', 'getparametervaluesresponse', 'req-77', '204', 'missing-xsi-type', 'device.wifi.ssid.1.ssid', 'lab & test net', 'device.deviceinfo.uptime', '86400', 'a <raw> note']) {
      expect(text).toContain(want);
    }
    for (const tag of ['parametervaluestruct', 'xsd:string', 'soap:envelope', 'xmlns', 'urn:dslforum-org']) expect(text).not.toContain(tag);
    expect(text).toBe(text.toLowerCase());
    // Far smaller than the XML it stands for.
    expect(text.length).toBeLessThan(GPV_RESPONSE.length / 2);

    const fault: Exchange = {
      ...plain('f1', 'D9'),
      request: { method: 'POST', url: '/acs', httpVersion: '1.1', headers: [], body: utf8(FAULT_RESPONSE) },
      cwmpRequest: { rpc: 'Fault', id: 'f-1', faultCode: 9005, faultString: 'Invalid parameter name', warnings: [] },
    };
    const inform: Exchange = { ...plain('i1'), cwmpRequest: { rpc: 'Inform', id: '5', events: ['0 BOOTSTRAP', 'M Reboot'], warnings: [] }, cwmpResponse: { rpc: 'InformResponse', id: '5', warnings: [] } };
    store.record(fault);
    store.record(inform);
    const listed = (await h['traffic/list']({ bodies: false })).exchanges;
    expect(listed[1].searchText).toMatch(/9005[\s\S]*invalid parameter name/);
    expect(listed[2].searchText).toContain('0 bootstrap m reboot');
    expect(listed[2].searchText).toContain('informresponse');
  });

  it('holds every parameter name and value of real CPE GetParameterValuesResponses, as the decoder reads them', () => {
    const root = resolve(process.cwd(), '../shared/samples/cwmp');
    const files = existsSync(root)
      ? readdirSync(root).flatMap((dir) => (existsSync(join(root, dir)) && !dir.endsWith('.txt') ? readdirSync(join(root, dir)).filter((f) => /gpv-?response/i.test(f)).map((f) => join(root, dir, f)) : []))
      : [];
    if (files.length === 0) {
      console.warn('skipped: no GetParameterValuesResponse samples in ../shared/samples/cwmp');
      return;
    }
    let checked = 0;
    for (const file of files) {
      const xml = readFileSync(file, 'utf8');
      const decoded = parseCwmp(Buffer.from(xml));
      if (!decoded.ok || decoded.message.rpc?.name !== 'GetParameterValuesResponse') continue;
      const text = searchTextOf(gpvExchange('s', xml));
      const norm = (v: string): string => v.trim().replace(/\s+/g, ' ').toLowerCase();
      for (const p of decoded.message.rpc.parameterList) {
        expect(text, file).toContain(norm(p.name));
        if (String(p.value).trim()) expect(text, file).toContain(norm(String(p.value)));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('reads a gzip-encoded body recorded as base64, skips non-XML and non-CWMP bodies, and caps the size', () => {
    const zipped = gzipSync(Buffer.from(GPV_RESPONSE));
    const x = gpvExchange('z');
    x.request = { ...x.request!, headers: [['Content-Encoding', 'gzip']], body: { encoding: 'base64', data: zipped.toString('base64'), size: zipped.length } };
    expect(searchTextOf(x)).toContain('device.wifi.ssid.1.ssid');
    const json = gpvExchange('j', '{"Device.WiFi.SSID.1.SSID":"x"}');
    expect(searchTextOf(json)).not.toContain('device.wifi');
    const file: Exchange = { ...gpvExchange('f'), kind: 'file' };
    expect(searchTextOf(file)).not.toContain('device.wifi');
    expect(searchTextOf(file)).toContain('post /acs');
    const huge = `<a>${'<v>word</v>'.repeat(100_000)}</a>`;
    expect(xmlTextContent(huge).length).toBeLessThanOrEqual(64 * 1024);
  });

  it('computes the listed copy once and again when the exchange is recorded anew; the live event carries the search text', async () => {
    const hub = new EventHub();
    const events: ApiEvent[] = [];
    hub.subscribe((e) => events.push(e));
    const store = new TrafficStore(hub);
    const h = createTrafficHandlers(store);
    const started = { ...gpvExchange('g1'), response: undefined, cwmpResponse: undefined, finishedAt: undefined };
    store.record(started);
    const first = (await h['traffic/list']({ bodies: false })).exchanges[0];
    expect((await h['traffic/list']({ bodies: false })).exchanges[0]).toBe(first);
    expect(first.searchText).not.toContain('204');
    store.record({ ...gpvExchange('g1'), cwmpResponse: { rpc: 'GetParameterNames', id: 'next-1', warnings: [] } });
    const second = (await h['traffic/list']({ bodies: false })).exchanges[0];
    expect(second).not.toBe(first);
    expect(second.searchText).toContain('getparameternames');
    expect(second.searchText).toContain('next-1');
    const last = events.at(-1);
    expect(last?.event).toBe('traffic/exchange');
    const data = last?.data as ListedExchange;
    expect(data.request?.body.data).toBe(GPV_RESPONSE);
    expect(data.searchText).toBe(second.searchText);
  });
});

describe('traffic/list paging', () => {
  const ids = Array.from({ length: 25 }, (_, i) => `x${i}`);
  const setup = (): ReturnType<typeof createTrafficHandlers> => {
    const store = new TrafficStore();
    ids.forEach((id, i) => store.record(plain(id, i % 5 === 0 ? 'D5' : 'D1')));
    return createTrafficHandlers(store);
  };

  it('pages back from the newest with before, each exchange exactly once, oldest first within a page', async () => {
    const h = setup();
    const seen: string[] = [];
    let page = await h['traffic/list']({ limit: 10, bodies: false });
    expect(page.exchanges.map((e) => e.id)).toEqual(ids.slice(15));
    expect(page.total).toBe(25);
    seen.unshift(...page.exchanges.map((e) => e.id));
    let calls = 1;
    while (page.total > page.exchanges.length) {
      page = await h['traffic/list']({ limit: 10, bodies: false, before: page.exchanges[0].id });
      seen.unshift(...page.exchanges.map((e) => e.id));
      calls++;
    }
    expect(seen).toEqual(ids);
    expect(calls).toBe(3);
    expect((await h['traffic/list']({ limit: 10, before: 'x12' })).exchanges.map((e) => e.id)).toEqual(ids.slice(2, 12));
    expect((await h['traffic/list']({ limit: 10, before: 'x12' })).total).toBe(12);
  });

  it('pages forward with after from the oldest after the cursor, and windows with both', async () => {
    const h = setup();
    const page = await h['traffic/list']({ limit: 4, after: 'x10' });
    expect(page.exchanges.map((e) => e.id)).toEqual(['x11', 'x12', 'x13', 'x14']);
    expect(page.total).toBe(14);
    expect((await h['traffic/list']({ after: 'x20' })).exchanges.map((e) => e.id)).toEqual(['x21', 'x22', 'x23', 'x24']);
    expect((await h['traffic/list']({ after: 'x3', before: 'x9', limit: 3 })).exchanges.map((e) => e.id)).toEqual(['x6', 'x7', 'x8']);
    expect((await h['traffic/list']({ after: 'x9', before: 'x3' })).exchanges).toEqual([]);
  });

  it('treats a cursor it no longer holds as aged out, and applies the device after the cursor', async () => {
    const h = setup();
    expect((await h['traffic/list']({ before: 'gone' })).exchanges).toEqual([]);
    expect((await h['traffic/list']({ after: 'gone', limit: 3 })).exchanges.map((e) => e.id)).toEqual(['x0', 'x1', 'x2']);
    // The cursor may be another device's exchange: its place in time still counts.
    const d5 = await h['traffic/list']({ deviceId: 'D5', before: 'x16' });
    expect(d5.exchanges.map((e) => e.id)).toEqual(['x0', 'x5', 'x10', 'x15']);
    expect((await h['traffic/list']({ deviceId: 'D5', after: 'x6', limit: 1 })).exchanges.map((e) => e.id)).toEqual(['x10']);
  });

  it('rejects a bad cursor or bodies flag through the contract', async () => {
    const handlers = { ...unavailableHandlers(), ...setup() };
    await expect(dispatch(handlers, 'traffic/list', { before: '' })).resolves.toMatchObject({ ok: false, error: { code: 'bad-request' } });
    await expect(dispatch(handlers, 'traffic/list', { bodies: 'no' })).resolves.toMatchObject({ ok: false, error: { code: 'bad-request' } });
    await expect(dispatch(handlers, 'traffic/list', { limit: 2, before: 'x5', bodies: false })).resolves.toMatchObject({ ok: true, result: { total: 5 } });
  });
});
