import { describe, expect, it } from 'vitest';
import { checkExchangeSequence } from '../../../src-main/datamodel/exchange-checks';
import { loadDataModel } from '../../../src-main/datamodel/load';
import { buildCwmp, type CwmpHeader, type Rpc } from '../../../src-shared/cwmp/index';
import type { Exchange, RecordedBody } from '../../../src-shared/traffic/exchange';

const tr181 = await loadDataModel('tr-181');
const tr098 = await loadDataModel('tr-098');
const modelFor = (root: 'Device' | 'InternetGatewayDevice') => (root === 'Device' ? tr181 : tr098);

function body(rpc: Rpc | null, header: CwmpHeader = {}): RecordedBody {
  const data = rpc ? buildCwmp({ rpc, header }) : '';
  return { encoding: 'utf8', data, size: Buffer.byteLength(data) };
}
let n = 0;
function ex(sessionId: string | undefined, cpe: Rpc | null, acs: Rpc | null, extra: Partial<Exchange> = {}): Exchange {
  n++;
  return {
    id: `e${n}`,
    kind: 'cwmp',
    source: 'proxy:lab',
    startedAt: n,
    connection: { id: 'c', remoteAddress: '127.0.0.1', remotePort: 1, localAddress: '127.0.0.1', localPort: 2 },
    sessionId,
    request: { method: 'POST', url: '/', httpVersion: '1.1', headers: [], body: body(cpe, { id: `q${n}` }) },
    response: { status: acs ? 200 : 204, statusText: '', headers: [], body: body(acs, { id: `q${n}` }) },
    ...extra,
  };
}
const inform = (root: string, retryCount: number, events: string[] = ['2 PERIODIC']): Rpc => ({
  name: 'Inform',
  deviceId: { manufacturer: 'A', oui: '001122', productClass: 'P', serialNumber: 'S' },
  event: events.map((eventCode) => ({ eventCode, commandKey: eventCode.startsWith('M ') ? 'k' : '' })),
  maxEnvelopes: 1,
  currentTime: '2026-11-27T10:00:00Z',
  retryCount,
  parameterList: [{ name: `${root}.DeviceInfo.SoftwareVersion`, value: '1', type: 'xsd:string' }],
});
const informResponse: Rpc = { name: 'InformResponse', maxEnvelopes: 1 };
const rules = (c: { findings: Array<{ ruleId: string }> } | undefined): string[] => (c?.findings ?? []).map((f) => f.ruleId);

describe('checkExchangeSequence', () => {
  it('a session that ended in a hang-up counts as failed: a retry may carry RetryCount', () => {
    const seq = [ex('a', inform('Device', 0), informResponse), ex('a', null, null, { error: 'CPE hung up', response: undefined }), ex('b', inform('Device', 1), informResponse)];
    const out = checkExchangeSequence(seq, { modelFor });
    expect(rules(out[2])).not.toContain('inform-retry-count');
  });

  it('a cleanly ended session makes a non-zero RetryCount a finding', () => {
    const seq = [ex('a', inform('Device', 0), informResponse), ex('a', null, null), ex('b', inform('Device', 1), informResponse)];
    expect(rules(checkExchangeSequence(seq, { modelFor })[2])).toContain('inform-retry-count');
  });

  it('skips non-CWMP exchanges and reports only the wanted ones', () => {
    const seq = [ex('a', inform('Device', 0), informResponse), { ...ex(undefined, null, null), kind: 'file' as const }, ex('a', null, null)];
    const out = checkExchangeSequence(seq, { modelFor, only: new Set([seq[2].id]) });
    expect(out.map((c) => c.exchange.id)).toEqual([seq[2].id]);
    expect(out[0].checked).toEqual({ request: false, response: false });
  });

  it('picks the model by the device root, else by the message', () => {
    const seq = [ex('a', inform('InternetGatewayDevice', 0), informResponse)];
    expect(checkExchangeSequence(seq, { modelFor })[0].model?.root).toBe('InternetGatewayDevice');
    expect(checkExchangeSequence(seq, { modelFor, deviceRoot: 'Device' })[0].model?.root).toBe('Device');
  });

  it('an undecodable body is a finding on its side of the exchange', () => {
    const bad = ex('a', null, null);
    bad.request!.body = { encoding: 'utf8', data: '<not-cwmp/>', size: 11 };
    const [c] = checkExchangeSequence([bad], { modelFor });
    expect(c.findings.map((f) => [f.ruleId, f.direction])).toEqual([['soap-undecodable', 'request']]);
    expect(c.checked.request).toBe(true);
  });

  it('ACS answers are checked against the CPE message of the same exchange', () => {
    const e = ex('a', inform('Device', 0), informResponse);
    // The ACS answered with another cwmp:ID than the Inform's.
    e.response!.body = body(informResponse, { id: 'other' });
    const [c] = checkExchangeSequence([e], { modelFor });
    expect(c.findings.filter((f) => f.direction === 'response').map((f) => f.ruleId)).toEqual(['response-id-mismatch']);
    // The Inform itself lacks forced parameters of TR-181: those are the request side's.
    expect(c.findings.filter((f) => f.direction === 'request').every((f) => f.ruleId === 'inform-forced-parameters')).toBe(true);
  });
});
