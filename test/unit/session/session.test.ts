import { describe, expect, it } from 'vitest';
import {
  initialSession,
  negotiateVersion,
  step,
  type OutgoingRequest,
  type SessionCommand,
  type SessionState,
} from '../../../src-shared/cwmp/session';
import { namespaceVersion } from '../../../src-shared/cwmp/namespaces';
import type { CwmpHeader, CwmpMessage, CwmpNamespace, Inform, Rpc, UnknownRpc } from '../../../src-shared/cwmp/types';

const NS: CwmpNamespace = 'urn:dslforum-org:cwmp-1-2';

function msg(rpc: Rpc | UnknownRpc | null, header: CwmpHeader = {}, namespace: CwmpNamespace | null = NS): CwmpMessage {
  return { namespace: rpc ? namespace : null, version: rpc && namespace ? namespaceVersion(namespace) : null, header, rpc, warnings: [] };
}

const inform: Inform = {
  name: 'Inform',
  deviceId: { manufacturer: 'Acme', oui: '00AA11', productClass: 'Box', serialNumber: 'SN1' },
  event: [{ eventCode: '0 BOOTSTRAP', commandKey: '' }],
  maxEnvelopes: 1,
  currentTime: '2026-01-01T00:00:00Z',
  retryCount: 0,
  parameterList: [],
};

function run(state: SessionState, rpc: Rpc | UnknownRpc | null, next: OutgoingRequest | null = null, header: CwmpHeader = {}) {
  return step(state, { type: 'message', message: msg(rpc, header), next });
}

function only<T extends SessionCommand['type']>(commands: SessionCommand[], type: T): Extract<SessionCommand, { type: T }> {
  const found = commands.filter((c) => c.type === type);
  expect(found, `exactly one ${type} in ${JSON.stringify(commands)}`).toHaveLength(1);
  return found[0] as Extract<SessionCommand, { type: T }>;
}

function informed(config = {}): SessionState {
  return run(initialSession(config, 's1'), inform, null, { id: '42' }).state;
}

describe('CWMP session state machine', () => {
  it('answers an Inform with InformResponse MaxEnvelopes 1 in the CPE namespace, echoing cwmp:ID', () => {
    const { state, commands } = run(initialSession({}, 's1'), inform, null, { id: '42' });
    const reply = only(commands, 'reply');
    expect(reply.rpc).toEqual({ name: 'InformResponse', maxEnvelopes: 1 });
    expect(reply.header.id).toBe('42');
    expect(reply.namespace).toBe(NS);
    expect(only(commands, 'inform').inform.deviceId.serialNumber).toBe('SN1');
    expect(state.phase).toBe('cpe-requests');
  });

  it('uses the namespace of a CWMP 1.0 CPE', () => {
    const s = initialSession();
    const { commands } = step(s, { type: 'message', message: msg(inform, {}, 'urn:dslforum-org:cwmp-1-0'), next: null });
    expect(only(commands, 'reply').namespace).toBe('urn:dslforum-org:cwmp-1-0');
    expect(only(commands, 'inform').cwmpVersion).toBe('1.0');
  });

  it('negotiates UseCWMPVersion from SupportedCWMPVersions, capped by the setting', () => {
    const r = run(initialSession(), inform, null, { id: '1', supportedCwmpVersions: '1.0,1.1,1.2,1.3,1.4' });
    expect(only(r.commands, 'reply').header.useCwmpVersion).toBe('1.4');
    expect(r.state.cwmpVersion).toBe('1.4');
    const capped = run(initialSession({ maxCwmpVersion: '1.2' }), inform, null, { supportedCwmpVersions: '1.0,1.2,1.4' });
    expect(only(capped.commands, 'reply').header.useCwmpVersion).toBe('1.2');
    expect(negotiateVersion('2.0, 1.3', '1.4')).toBe('1.3');
    expect(negotiateVersion('9.9', '1.4')).toBeNull();
    const none = run(initialSession(), inform, null, { supportedCwmpVersions: '9.9' });
    expect(only(none.commands, 'reply').header.useCwmpVersion).toBeUndefined();
    expect(none.commands.some((c) => c.type === 'warning' && c.code === 'no-common-version')).toBe(true);
  });

  it('omits UseCWMPVersion when the CPE offers no list', () => {
    const r = run(initialSession(), inform, null, { id: '1' });
    expect(only(r.commands, 'reply').header.useCwmpVersion).toBeUndefined();
  });

  it('answers each CPE request with its response, echoing the ID', () => {
    const cases: Array<[Rpc, string]> = [
      [{ name: 'TransferComplete', commandKey: 'k', faultStruct: { faultCode: 0, faultString: '' }, startTime: '', completeTime: '' }, 'TransferCompleteResponse'],
      [{ name: 'AutonomousTransferComplete', announceURL: '', transferURL: 'http://x', isDownload: true, fileType: '1 Firmware Upgrade Image', fileSize: 1, targetFileName: '', faultStruct: { faultCode: 0, faultString: '' }, startTime: '', completeTime: '' }, 'AutonomousTransferCompleteResponse'],
      [{ name: 'GetRPCMethods' }, 'GetRPCMethodsResponse'],
      [{ name: 'RequestDownload', fileType: '1 Firmware Upgrade Image', fileTypeArg: [] }, 'RequestDownloadResponse'],
      [{ name: 'Kicked', command: 'c', referer: 'r', arg: 'a', next: 'http://next/' }, 'KickedResponse'],
      [{ name: 'DUStateChangeComplete', results: [], commandKey: 'k' }, 'DUStateChangeCompleteResponse'],
      [{ name: 'AutonomousDUStateChangeComplete', results: [] }, 'AutonomousDUStateChangeCompleteResponse'],
    ];
    for (const [rpc, answer] of cases) {
      const r = run(informed(), rpc, null, { id: 'cpe-7' });
      const reply = only(r.commands, 'reply');
      expect(reply.rpc.name).toBe(answer);
      expect(reply.header.id).toBe('cpe-7');
      expect(only(r.commands, 'cpe-request').rpc.name).toBe(rpc.name);
      expect(r.state.phase).toBe('cpe-requests');
    }
    const methods = only(run(informed(), { name: 'GetRPCMethods' }).commands, 'reply').rpc;
    expect(methods.name === 'GetRPCMethodsResponse' && methods.methodList).toContain('TransferComplete');
    const kicked = only(run(informed(), cases[4][0]).commands, 'reply').rpc;
    expect(kicked).toEqual({ name: 'KickedResponse', nextURL: 'http://next/' });
  });

  it('answers an unsupported method with fault 8000', () => {
    const r = run(informed(), { name: 'Unknown', method: 'X_VENDOR_Thing', content: {} }, null, { id: '9' });
    const reply = only(r.commands, 'reply');
    expect(reply.rpc).toMatchObject({ name: 'Fault', faultCode: 8000 });
    expect(reply.header.id).toBe('9');
    // An ACS-only method sent by a CPE is unsupported too.
    const r2 = run(informed(), { name: 'Reboot', commandKey: '' });
    expect(only(r2.commands, 'reply').rpc).toMatchObject({ name: 'Fault', faultCode: 8000 });
  });

  it('ends with 204 on the empty POST when nothing is queued', () => {
    const r = run(informed(), null);
    only(r.commands, 'end');
    expect(only(r.commands, 'session-ended').reason).toBe('complete');
    expect(r.state.phase).toBe('ended');
  });

  it('sends queued requests one at a time and matches responses by cwmp:ID', () => {
    const gpv: OutgoingRequest = { taskId: 't1', rpc: { name: 'GetParameterValues', parameterNames: ['Device.'] } };
    const reboot: OutgoingRequest = { taskId: 't2', rpc: { name: 'Reboot', commandKey: 'rk' } };
    let r = run(informed(), null, gpv);
    const sent = only(r.commands, 'send-request');
    expect(sent.taskId).toBe('t1');
    expect(sent.namespace).toBe(NS);
    expect(sent.header.id).toBeTruthy();
    expect(r.state.inflight?.taskId).toBe('t1');

    r = run(r.state, { name: 'GetParameterValuesResponse', parameterList: [{ name: 'Device.X', value: '1', type: 'xsd:int' }] }, reboot, { id: sent.header.id });
    expect(only(r.commands, 'task-result')).toMatchObject({ taskId: 't1', result: { name: 'GetParameterValuesResponse' } });
    expect(r.commands.some((c) => c.type === 'warning')).toBe(false);
    const sent2 = only(r.commands, 'send-request');
    expect(sent2.taskId).toBe('t2');
    expect(sent2.header.id).not.toBe(sent.header.id);

    r = run(r.state, { name: 'RebootResponse' }, null, { id: sent2.header.id });
    expect(only(r.commands, 'task-result').taskId).toBe('t2');
    only(r.commands, 'end');
  });

  it('warns when a response carries the wrong cwmp:ID or answers another method', () => {
    const gpv: OutgoingRequest = { taskId: 't1', rpc: { name: 'GetParameterValues', parameterNames: ['Device.'] } };
    let r = run(informed(), null, gpv);
    r = run(r.state, { name: 'GetParameterNamesResponse', parameterList: [] }, null, { id: 'nope' });
    const codes = r.commands.filter((c) => c.type === 'warning').map((c) => (c as { code: string }).code);
    expect(codes).toEqual(['id-mismatch', 'response-mismatch']);
    only(r.commands, 'task-result');
  });

  it('marks the task fault when the CPE answers with a Fault', () => {
    const spv: OutgoingRequest = { taskId: 't1', rpc: { name: 'SetParameterValues', parameterList: [{ name: 'Device.A', value: 'x', type: 'xsd:string' }], parameterKey: '' } };
    let r = run(informed(), null, spv);
    const id = only(r.commands, 'send-request').header.id;
    r = run(r.state, { name: 'Fault', soapFaultCode: 'Client', soapFaultString: 'CWMP fault', faultCode: 9003, faultString: 'Invalid arguments', setParameterValuesFault: [{ parameterName: 'Device.A', faultCode: 9008, faultString: 'read-only' }] }, null, { id });
    expect(only(r.commands, 'task-fault')).toMatchObject({ taskId: 't1', fault: { faultCode: 9003 } });
    only(r.commands, 'end');
  });

  it('sends a raw task as-is and completes it with whatever comes back', () => {
    let r = run(informed(), null, { taskId: 'raw1', raw: '<not-even-soap/>' });
    expect(only(r.commands, 'send-raw')).toEqual({ type: 'send-raw', taskId: 'raw1', xml: '<not-even-soap/>' });
    r = run(r.state, { name: 'Fault', soapFaultCode: 'Client', soapFaultString: 'CWMP fault', faultCode: 9000, faultString: 'Method not supported' });
    expect(only(r.commands, 'task-fault').taskId).toBe('raw1');
  });

  it('sets HoldRequests on every ACS message when configured, and flags a CPE that ignores it', () => {
    const s0 = initialSession({ holdRequests: true });
    let r = run(s0, inform, null, { id: '1' });
    expect(only(r.commands, 'reply').header.holdRequests).toBe(true);
    const tc = run(r.state, { name: 'TransferComplete', commandKey: 'k', faultStruct: { faultCode: 0, faultString: '' }, startTime: '', completeTime: '' });
    expect(tc.commands.some((c) => c.type === 'warning' && c.code === 'hold-requests-ignored')).toBe(true);
    r = run(r.state, null, { taskId: 't', rpc: { name: 'GetRPCMethods' } });
    expect(only(r.commands, 'send-request').header.holdRequests).toBe(true);
    const plain = run(initialSession(), inform);
    expect(only(plain.commands, 'reply').header.holdRequests).toBeUndefined();
  });

  it('times out the in-flight task when the session times out', () => {
    let r = run(informed(), null, { taskId: 't1', rpc: { name: 'GetRPCMethods' } });
    r = step(r.state, { type: 'timeout' });
    expect(only(r.commands, 'task-timeout').taskId).toBe('t1');
    expect(only(r.commands, 'session-ended').reason).toBe('timeout');
    expect(r.state.phase).toBe('ended');
    const idle = step(informed(), { type: 'timeout' });
    expect(idle.commands.some((c) => c.type === 'task-timeout')).toBe(false);
  });

  it('treats an empty POST instead of a response as an unanswered task', () => {
    let r = run(informed(), null, { taskId: 't1', rpc: { name: 'GetRPCMethods' } });
    r = run(r.state, null, { taskId: 't2', rpc: { name: 'FactoryReset' } });
    expect(only(r.commands, 'task-timeout').taskId).toBe('t1');
    expect(only(r.commands, 'send-request').taskId).toBe('t2');
  });

  it('answers malformed input with 400 when it is not SOAP, with fault 8003 when it is', () => {
    const notXml = step(informed(), { type: 'malformed', error: { code: 'not-xml', message: 'Unexpected <', line: 1, column: 3 } });
    expect(only(notXml.commands, 'http-error').status).toBe(400);
    const badRpc = step(informed(), { type: 'malformed', error: { code: 'bad-rpc', message: 'GetParameterValuesResponse lacks ParameterList' } });
    expect(only(badRpc.commands, 'reply').rpc).toMatchObject({ name: 'Fault', faultCode: 8003 });
    const early = step(initialSession(), { type: 'malformed', error: { code: 'bad-rpc', message: 'x' } });
    expect(only(early.commands, 'http-error').status).toBe(400);
  });

  it('refuses anything but an Inform to open a session', () => {
    for (const rpc of [null, { name: 'GetRPCMethods' } as Rpc]) {
      const r = run(initialSession(), rpc);
      expect(only(r.commands, 'http-error').status).toBe(400);
      expect(r.state.phase).toBe('awaiting-inform');
    }
  });

  it('treats a response with nothing in flight like an empty POST', () => {
    const r = run(informed(), { name: 'RebootResponse' });
    expect(r.commands.some((c) => c.type === 'warning' && c.code === 'unexpected-response')).toBe(true);
    only(r.commands, 'end');
  });

  it('starts over when an Inform arrives mid-session, timing out the in-flight task', () => {
    let r = run(informed(), null, { taskId: 't1', rpc: { name: 'GetRPCMethods' } });
    r = run(r.state, inform, null, { id: '2' });
    expect(only(r.commands, 'task-timeout').taskId).toBe('t1');
    expect(only(r.commands, 'reply').rpc.name).toBe('InformResponse');
    expect(r.state.phase).toBe('cpe-requests');
    expect(r.state.inflight).toBeUndefined();
  });

  it('warns when the CPE sends a request after its empty POST, and still answers it', () => {
    let r = run(informed(), null, { taskId: 't1', rpc: { name: 'GetRPCMethods' } });
    r = run(r.state, { name: 'GetRPCMethods' });
    expect(r.commands.some((c) => c.type === 'warning' && c.code === 'request-after-empty-post')).toBe(true);
    expect(only(r.commands, 'reply').rpc.name).toBe('GetRPCMethodsResponse');
    expect(r.state.inflight?.taskId).toBe('t1');
  });
});
