import { describe, expect, it } from 'vitest';
import { reconstructSessions } from '../../../src-shared/capture/sessions';
import { sessionSummaryLine, sessionsTranscript } from '../../../src-shared/capture/transcript';
import { exchange } from './fixtures';
import { envelope, gpv, gpvResponse, informResponse, informXml } from './cwmp-bodies';

const fault = (id: string, code: number): string =>
  envelope(`<soap-env:Fault><faultcode>Client</faultcode><faultstring>CWMP fault</faultstring><detail><cwmp:Fault><FaultCode>${code}</FaultCode><FaultString>Invalid parameter name</FaultString></cwmp:Fault></detail></soap-env:Fault>`, id);

describe('session reconstruction', () => {
  it('pairs each ACS request with the CPE response in the next HTTP request, and the Inform in the same exchange', () => {
    const xs = [
      exchange({ cpe: informXml(), acs: informResponse(), at: 1000, deviceId: 'D1' }),
      exchange({ cpe: '', acs: gpv('g1'), at: 1100 }),
      exchange({ cpe: gpvResponse('g1'), acs: '', at: 1200 }),
    ];
    const [s] = reconstructSessions(xs);
    expect(s.deviceId).toBe('D1');
    expect(s.events).toEqual(['1 BOOT']);
    expect(s.outcome).toBe('completed');
    expect(s.pairs.map((p) => [p.requester, p.request.rpc, p.response?.rpc, p.outcome])).toEqual([
      ['cpe', 'Inform', 'InformResponse', 'ok'],
      ['acs', 'GetParameterValues', 'GetParameterValuesResponse', 'ok'],
    ]);
    expect(s.messages.map((m) => `${m.from}:${m.rpc}`)).toEqual(['cpe:Inform', 'acs:InformResponse', 'cpe:null', 'acs:GetParameterValues', 'cpe:GetParameterValuesResponse', 'acs:null']);
    expect(sessionSummaryLine(s)).toMatch(/D1 {2}completed {2}Inform, GetParameterValues/);
    const t = sessionsTranscript([s], xs, { bodies: true });
    expect(t).toMatch(/CPE → ACS {2}Inform \[id inf-1\]/);
    expect(t).toMatch(/ACS → CPE {2}GetParameterValues \[id g1\]/);
    expect(t).toContain('<cwmp:GetParameterValuesResponse>');
  });

  it('splits sessions at each Inform and tells the outcomes apart', () => {
    const xs = [
      // 1: faulted (the CPE faulted the GPV, the ACS then ended the session)
      exchange({ cpe: informXml(), acs: informResponse(), at: 1000, conn: 'a' }),
      exchange({ cpe: '', acs: gpv('g1'), at: 1100, conn: 'a' }),
      exchange({ cpe: fault('g1', 9005), acs: '', at: 1200, conn: 'a' }),
      // 2: broken off (the CPE hung up)
      exchange({ cpe: informXml({ serial: 'B' }), acs: informResponse(), at: 5000, conn: 'b' }),
      exchange({ cpe: '', at: 5100, conn: 'b', noResponse: true, error: 'CPE closed the connection before the ACS answered' }),
      // 3: timed out (the ACS asked, nothing came back)
      exchange({ cpe: informXml({ serial: 'C' }), acs: informResponse(), at: 10_000, conn: 'c' }),
      exchange({ cpe: '', acs: gpv('g9'), at: 10_100, conn: 'c' }),
      // 4: authentication never completed
      exchange({ cpe: informXml({ serial: 'D' }), at: 200_000, conn: 'd', status: 401 }),
    ];
    const sessions = reconstructSessions(xs, { now: 200_010 });
    expect(sessions.map((s) => s.outcome)).toEqual(['faulted', 'broken-off', 'timed-out', 'broken-off']);
    expect(sessions[0].pairs[1]).toMatchObject({ outcome: 'fault', response: { rpc: 'Fault', faultCode: 9005 } });
    expect(sessions[1].reason).toMatch(/CPE closed/);
    expect(sessions[2].reason).toMatch(/GetParameterValues/);
    expect(sessions[2].pairs[1].outcome).toBe('unanswered');
    expect(sessions[3].reason).toMatch(/401/);
    // A session still going on is not called timed out.
    expect(reconstructSessions(xs.slice(5, 7), { now: 10_200 })[0].outcome).toBe('in-progress');
  });

  it('groups by recorded session id across connections (a CPE that reconnects mid-session)', () => {
    const xs = [
      exchange({ cpe: informXml(), acs: informResponse(), at: 1000, conn: 'a', sessionId: 'S' }),
      exchange({ cpe: '', acs: '', at: 1100, conn: 'b', sessionId: 'S' }),
      exchange({ cpe: informXml(), acs: informResponse(), at: 1200, conn: 'b', sessionId: 'T' }),
    ];
    const sessions = reconstructSessions(xs);
    expect(sessions.map((s) => [s.id, s.connectionIds.length, s.exchangeIds.length])).toEqual([
      ['S', 2, 2],
      ['T', 1, 1],
    ]);
  });
});
