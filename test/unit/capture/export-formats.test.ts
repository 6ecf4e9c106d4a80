import { describe, expect, it } from 'vitest';
import { exchangesToHar, harToExchanges } from '../../../src-shared/capture/har';
import { exchangesToNumberedXml, numberedXmlToExchanges } from '../../../src-shared/capture/numbered-xml';
import { reconstructSessions } from '../../../src-shared/capture/sessions';
import { propagateDeviceIds } from '../../../src-shared/capture/devices';
import { recordBody } from '../../../src-shared/capture/bytes';
import { exchange, summarizeWithCodec } from './fixtures';
import { gpv, gpvResponse, informResponse, informXml } from './cwmp-bodies';

const session = () => [
  exchange({ cpe: informXml(), acs: informResponse(), at: 1_700_000_000_000, deviceId: '00259E-Router-SN0001', sessionId: 'S1' }),
  exchange({ cpe: '', acs: gpv('g1'), at: 1_700_000_000_100, deviceId: '00259E-Router-SN0001', sessionId: 'S1' }),
  exchange({ cpe: gpvResponse('g1'), acs: '', at: 1_700_000_000_200, deviceId: '00259E-Router-SN0001', sessionId: 'S1' }),
];

describe('HAR 1.2', () => {
  it('exports valid HAR entries and imports its own export losslessly', () => {
    const xs = session();
    xs[0].request!.body = { ...recordBody(Uint8Array.from([0xff, 0x01])), size: 2 };
    const har = exchangesToHar(xs);
    expect(har.log.version).toBe('1.2');
    const e = har.log.entries[0];
    expect(e.request.url).toBe('http://acs.example:7547/');
    expect(e.request.postData?.encoding).toBe('base64');
    expect(e.response.content.text).toBe(informResponse());
    expect(new Date(e.startedDateTime).getTime()).toBe(1_700_000_000_000);
    expect(harToExchanges(JSON.stringify(har), summarizeWithCodec)).toEqual(xs);
  });

  it('imports a HAR from elsewhere, decoding bodies and finding the device', () => {
    const foreign = {
      log: {
        version: '1.2',
        creator: { name: 'HTTP Toolkit', version: '1' },
        entries: [
          {
            startedDateTime: '2026-01-01T00:00:00.000Z',
            time: 12,
            request: { method: 'POST', url: 'https://acs.example/cwmp?a=1', httpVersion: 'HTTP/1.1', headers: [{ name: 'Content-Type', value: 'text/xml' }], postData: { mimeType: 'text/xml', text: informXml({ serial: 'H1' }) } },
            response: { status: 200, statusText: 'OK', headers: [], content: { size: 10, mimeType: 'text/xml', text: informResponse() } },
          },
          {
            startedDateTime: '2026-01-01T00:00:01.000Z',
            time: 5,
            request: { method: 'POST', url: 'https://acs.example/cwmp?a=1', httpVersion: 'HTTP/1.1', headers: [] },
            response: { status: 204, statusText: 'No Content', headers: [], content: { size: 0, mimeType: '' } },
          },
        ],
      },
    };
    const xs = harToExchanges(JSON.stringify(foreign), summarizeWithCodec);
    propagateDeviceIds(xs);
    expect(xs).toHaveLength(2);
    expect(xs[0].request?.url).toBe('/cwmp?a=1');
    expect(xs[0].connection.tls).toBeDefined();
    expect(xs[0].cwmpRequest?.rpc).toBe('Inform');
    expect(xs[0].deviceId).toBe('00259E-Router-H1');
    const [s] = reconstructSessions(xs);
    expect(s.outcome).toBe('completed');
    expect(() => harToExchanges('{"nope":1}', summarizeWithCodec)).toThrow(/no log.entries/);
    expect(() => harToExchanges('garbage', summarizeWithCodec)).toThrow(/not a HAR/);
  });
});

describe('numbered XML folder', () => {
  it('writes one file per message, empty bodies included, and reads the folder back into the same session', () => {
    const xs = session();
    const challenged = exchange({ cpe: informXml(), at: 1_699_999_999_990, status: 401, deviceId: '00259E-Router-SN0001', sessionId: 'S1' });
    const files = exchangesToNumberedXml([challenged, ...xs]);
    expect(files.map((f) => f.name)).toEqual([
      '001-cpe-Inform.xml',
      '002-acs-InformResponse.xml',
      '003-cpe-empty.xml',
      '004-acs-GetParameterValues.xml',
      '005-cpe-GetParameterValuesResponse.xml',
      '006-acs-empty.xml',
    ]);
    expect(files[0].content).toBe(informXml());
    const back = numberedXmlToExchanges([...files].reverse().concat([{ name: 'README.txt', content: 'x' }]), summarizeWithCodec, { folder: 'f' });
    expect(back.skipped).toEqual(['README.txt']);
    const [s] = reconstructSessions(back.exchanges);
    expect(s.deviceId).toBe('00259E-Router-SN0001');
    expect(s.outcome).toBe('completed');
    expect(s.pairs.map((p) => `${p.request.rpc}/${p.response?.rpc}`)).toEqual(['Inform/InformResponse', 'GetParameterValues/GetParameterValuesResponse']);
    expect(back.exchanges.map((x) => x.request?.body.data)).toEqual(xs.map((x) => x.request?.body.data));
  });
});
