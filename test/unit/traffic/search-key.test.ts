import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { filterKeyOf } from '../../../src-shared/traffic/search-key';
import type { Exchange } from '../../../src-shared/traffic/exchange';
import { searchTextOf } from '../../../src-main/traffic/search-text';

let n = 0;

/** An Inform exchange as the ACS records it, raw body included (no precomputed search text). */
function informExchange(opts: { params?: Array<[string, string]>; events?: string[] } = {}): Exchange {
  n += 1;
  const params = opts.params ?? [['Device.DeviceInfo.SoftwareVersion', '1.2.3']];
  const xml = `<soap:Envelope><soap:Body><cwmp:Inform><ParameterList>${params
    .map(([k, v]) => `<ParameterValueStruct><Name>${k}</Name><Value xsi:type="xsd:string">${v}</Value></ParameterValueStruct>`)
    .join('')}</ParameterList></cwmp:Inform></soap:Body></soap:Envelope>`;
  return {
    id: `x${n}`,
    kind: 'cwmp',
    source: 'acs',
    startedAt: 1_700_000_000_000 + n,
    connection: { id: `c${n}`, remoteAddress: '127.0.0.1', remotePort: 50000, localAddress: '127.0.0.1', localPort: 7547 },
    deviceId: 'ACME-Box-001',
    request: { method: 'POST', url: '/', httpVersion: '1.1', headers: [['Host', '127.0.0.1:7547']], body: { encoding: 'utf8', data: xml, size: xml.length } },
    response: { status: 200, statusText: 'OK', headers: [], body: { encoding: 'utf8', data: '', size: 0 } },
    cwmpRequest: { rpc: 'Inform', id: String(n), events: opts.events ?? ['2 PERIODIC'], parameterCount: params.length, warnings: [] },
    cwmpResponse: { rpc: 'InformResponse', id: String(n), warnings: [] },
  };
}

function faultExchange(deviceId: string): Exchange {
  return {
    ...informExchange(),
    deviceId,
    cwmpRequest: { rpc: 'Fault', id: '7', faultCode: 9005, faultString: 'Invalid parameter name', warnings: ['missing-xsi-type'] },
    cwmpResponse: { rpc: null, warnings: [] },
  };
}

describe('one search key for the server and the renderer', () => {
  it('an exchange that arrives with its bodies gets the key the server would have sent', () => {
    const xs = [
      informExchange({ params: [['Device.WiFi.SSID.1.SSID', 'Lab &amp; Net']], events: ['1 BOOT', '4 VALUE CHANGE'] }),
      faultExchange('ACME-Box-002'),
      { ...informExchange(), notes: ['edited at a breakpoint'], error: 'socket hang up' },
    ];
    for (const x of xs) {
      const server = searchTextOf(x);
      expect(filterKeyOf(x)).toBe(server.split('\n').join(' '));
      expect(filterKeyOf({ ...x, searchText: server })).toBe(filterKeyOf(x));
    }
    // Entities undone, tags left out: what the filter matches, on both sides.
    expect(filterKeyOf(xs[0])).toContain('lab & net');
    expect(filterKeyOf(xs[0])).not.toContain('parametervaluestruct');
  });

  it('only the server reads compressed bodies (the renderer gets them as base64 and leaves them out)', () => {
    const x = informExchange({ params: [['Device.X.Zipped', 'inside-gzip']] });
    const xml = x.request!.body.data;
    const zipped = gzipSync(Buffer.from(xml));
    x.request = { ...x.request!, headers: [['Content-Encoding', 'gzip']], body: { encoding: 'base64', data: zipped.toString('base64'), size: zipped.length } };
    expect(searchTextOf(x)).toContain('inside-gzip');
    expect(filterKeyOf(x)).not.toContain('inside-gzip');
  });
});
