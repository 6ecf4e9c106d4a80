import type { Exchange } from '../../../src-shared/traffic/exchange';
import type { TaskInfo } from '../../../src-shared/api/index';

let n = 0;

/** An Inform exchange as the ACS records it (summary plus the raw body the list searches). */
export function informExchange(opts: { deviceId?: string; session?: string; params?: Array<[string, string]>; events?: string[] } = {}): Exchange {
  const id = `x${++n}`;
  const params = opts.params ?? [['Device.DeviceInfo.SoftwareVersion', '1.2.3']];
  const xml = `<soap:Envelope><soap:Body><cwmp:Inform><ParameterList>${params
    .map(([k, v]) => `<ParameterValueStruct><Name>${k}</Name><Value xsi:type="xsd:string">${v}</Value></ParameterValueStruct>`)
    .join('')}</ParameterList></cwmp:Inform></soap:Body></soap:Envelope>`;
  return {
    id,
    kind: 'cwmp',
    source: 'acs',
    startedAt: 1_700_000_000_000 + n,
    finishedAt: 1_700_000_000_010 + n,
    connection: { id: `c${n}`, remoteAddress: '127.0.0.1', remotePort: 50000, localAddress: '127.0.0.1', localPort: 7547 },
    deviceId: opts.deviceId ?? 'ACME-Box-001',
    sessionId: opts.session ?? `s${n}`,
    request: { method: 'POST', url: '/', httpVersion: '1.1', headers: [['Host', '127.0.0.1:7547']], body: { encoding: 'utf8', data: xml, size: xml.length } },
    response: { status: 200, statusText: 'OK', headers: [], body: { encoding: 'utf8', data: '', size: 0 } },
    cwmpRequest: { rpc: 'Inform', id: String(n), events: opts.events ?? ['2 PERIODIC'], parameterCount: params.length, warnings: [] },
    cwmpResponse: { rpc: 'InformResponse', id: String(n), warnings: [] },
  };
}

/** A CPE answering the ACS's request with a fault. */
export function faultExchange(deviceId = 'ACME-Box-001', session = 'sf'): Exchange {
  const base = informExchange({ deviceId, session });
  return {
    ...base,
    cwmpRequest: { rpc: 'Fault', id: '7', faultCode: 9005, faultString: 'Invalid parameter name', warnings: ['missing-xsi-type'] },
    cwmpResponse: { rpc: null, warnings: [] },
  };
}

export function task(partial: Partial<TaskInfo> & Pick<TaskInfo, 'id'>): TaskInfo {
  return { deviceId: 'ACME-Box-001', rpc: { name: 'GetRPCMethods' }, status: 'queued', createdAt: 1, ...partial };
}
