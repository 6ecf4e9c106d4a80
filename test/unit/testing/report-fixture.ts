import type { CaseResult, TestRunReport } from '../../../src-shared/testing/report';
import { summarise } from '../../../src-shared/testing/report';
import type { Exchange } from '../../../src-shared/traffic/exchange';

/** Text a CPE could send that breaks naive XML or HTML output. */
export const HOSTILE = `<script>alert("x")</script> & &amp; ]]> \u0001 \r\n'"`;

function result(id: string, area: string, verdict: CaseResult['verdict'], extra: Partial<CaseResult> = {}): CaseResult {
  return {
    id,
    title: `Title of ${id}`,
    area,
    section: 'A.3.2.2',
    requirement: 'mandatory',
    destructive: false,
    verdict,
    reason: verdict === 'pass' ? '' : `reason for ${id}`,
    durationMs: 1234,
    exchanges: [],
    ...extra,
  };
}

export function sampleReport(): TestRunReport {
  const cases: CaseResult[] = [
    result('gpv.single', 'GetParameterValues', 'pass', { exchanges: [1], exchangeIds: ['x-1'] }),
    result('gpv.invalid-name', 'GetParameterValues', 'fail', { expected: 'fault 9005', actual: `fault 9002 ${HOSTILE}`, reason: HOSTILE, exchanges: [2], exchangeIds: ['x-2'] }),
    result('spv.read-only', 'SetParameterValues', 'skip', { reason: 'needs a read-only parameter' }),
    result('spv.string', 'SetParameterValues', 'error', { reason: 'the device vanished' }),
    result('inform.bootstrap', 'Inform', 'pass', { exchanges: [1, 99], exchangeIds: ['x-1', 'x-99'] }),
  ];
  return { device: '000000-Sim-SN1', firmware: '1.0 <beta>', startedAt: '2026-12-07T02:00:00.000Z', durationMs: 6170, cases, summary: summarise(cases) };
}

export function sampleExchange(id: string): Exchange | undefined {
  if (id !== 'x-1' && id !== 'x-2') return undefined;
  const ref = Number(id.slice(2));
  const body = ref === 1 ? '<soap:Envelope><soap:Body><cwmp:GetParameterValues/></soap:Body></soap:Envelope>' : HOSTILE;
  return {
    id,
    kind: 'cwmp',
    source: 'acs',
    startedAt: Date.UTC(2026, 11, 7, 2, 0, ref),
    connection: { id: 'c1', remoteAddress: '127.0.0.1', remotePort: 1, localAddress: '127.0.0.1', localPort: 2 },
    deviceId: '000000-Sim-SN1',
    request: { method: 'POST', url: '/', httpVersion: '1.1', headers: [], body: { encoding: 'utf8', data: `<req>${ref}</req>`, size: 12 } },
    response: { status: 200, statusText: 'OK', headers: [], body: { encoding: 'utf8', data: body, size: body.length } },
    cwmpRequest: { rpc: 'GetParameterValuesResponse', warnings: [] },
    cwmpResponse: { rpc: 'GetParameterValues', warnings: [] },
  };
}
