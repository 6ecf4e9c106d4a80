import { describe, expect, it } from 'vitest';
import { abortScenario, advance, startScenario, type EngineAction, type EngineEvent, type EngineResult } from '../../../src-shared/scenario/engine';
import type { Step } from '../../../src-shared/scenario/types';
import type { Inform } from '../../../src-shared/cwmp/types';

const informWith = (...codes: string[]): Inform => ({
  name: 'Inform',
  deviceId: { manufacturer: 'M', oui: '00CAFE', productClass: 'P', serialNumber: 'S' },
  event: codes.map((eventCode) => ({ eventCode, commandKey: eventCode.startsWith('M ') ? 'ck' : '' })),
  maxEnvelopes: 1,
  currentTime: '2026-01-01T00:00:00Z',
  retryCount: 0,
  parameterList: [{ name: 'Device.X', value: '1', type: 'xsd:string' }],
});

/** Runs a scenario against scripted answers: each action is answered by the next event of `script`. */
function drive(steps: Step[], answer: (a: EngineAction, i: number) => EngineEvent, vars: Record<string, string> = {}): { actions: EngineAction[]; last: EngineResult } {
  const actions: EngineAction[] = [];
  let r = startScenario(steps, vars);
  for (let i = 0; r.action.type !== 'done' && i < 50; i++) {
    actions.push(r.action);
    r = advance(r.state, answer(r.action, i));
  }
  actions.push(r.action);
  return { actions, last: r };
}

describe('scenario engine', () => {
  it('sends a request, checks its response with matchers and captures a value for later steps', () => {
    const steps: Step[] = [
      { step: 'send', rpc: { name: 'AddObject', objectName: 'Device.T.', parameterKey: 'k' }, expect: [{ field: 'status', equals: 0 }], capture: { n: { field: 'instanceNumber' } } },
      { step: 'send', rpc: { name: 'GetParameterValues', parameterNames: ['Device.T.${n}.Name'] }, expect: [{ param: 'Device.T.${n}.Name', value: 'x' }] },
    ];
    const { actions } = drive(steps, (a) => {
      if (a.type === 'send' && a.rpc.name === 'AddObject') return { type: 'response', rpc: { name: 'AddObjectResponse', instanceNumber: 7, status: 0 } };
      if (a.type === 'send' && a.rpc.name === 'GetParameterValues') {
        expect(a.rpc.parameterNames).toEqual(['Device.T.7.Name']);
        return { type: 'response', rpc: { name: 'GetParameterValuesResponse', parameterList: [{ name: 'Device.T.7.Name', value: 'x', type: 'xsd:string' }] } };
      }
      throw new Error(`unexpected ${JSON.stringify(a)}`);
    });
    expect(actions.at(-1)).toMatchObject({ type: 'done', verdict: 'pass' });
  });

  it('fails with expected and actual when a matcher does not hold', () => {
    const { last } = drive([{ step: 'send', rpc: { name: 'GetParameterValues', parameterNames: ['Device.X'] }, expect: [{ param: 'Device.X', value: '2' }] }], () => ({
      type: 'response',
      rpc: { name: 'GetParameterValuesResponse', parameterList: [{ name: 'Device.X', value: '1', type: 'xsd:string' }] },
    }));
    expect(last.action).toMatchObject({ type: 'done', verdict: 'fail', expected: 'Device.X value "2"', actual: '"1"' });
  });

  it('expects a fault with per-parameter codes, and fails when the request is accepted instead', () => {
    const step: Step = { step: 'send', rpc: { name: 'SetParameterValues', parameterList: [{ name: 'Device.RO', value: 'x', type: 'xsd:string' }], parameterKey: '' }, fault: { code: 9003, parameters: { 'Device.RO': 9008 } } };
    const good = drive([step], () => ({ type: 'fault', fault: { name: 'Fault', soapFaultCode: 'Client', soapFaultString: 'CWMP fault', faultCode: 9003, faultString: 'Invalid arguments', setParameterValuesFault: [{ parameterName: 'Device.RO', faultCode: 9008, faultString: 'read-only' }] } }));
    expect(good.last.action).toMatchObject({ verdict: 'pass' });
    const wrongCode = drive([step], () => ({ type: 'fault', fault: { name: 'Fault', soapFaultCode: 'Client', soapFaultString: 'CWMP fault', faultCode: 9003, faultString: 'x', setParameterValuesFault: [{ parameterName: 'Device.RO', faultCode: 9007, faultString: 'bad' }] } }));
    expect(wrongCode.last.action).toMatchObject({ verdict: 'fail', actual: 'Device.RO: 9007' });
    const accepted = drive([step], () => ({ type: 'response', rpc: { name: 'SetParameterValuesResponse', status: 0 } }));
    expect(accepted.last.action).toMatchObject({ verdict: 'fail' });
  });

  it('reads before a restoring change and puts the old value back at the end, even after a failure', () => {
    const steps: Step[] = [
      { step: 'send', rpc: { name: 'SetParameterValues', parameterList: [{ name: 'Device.S', value: 'new', type: 'xsd:string' }], parameterKey: 'k1' }, restore: true },
      { step: 'send', rpc: { name: 'GetParameterValues', parameterNames: ['Device.S'] }, expect: [{ param: 'Device.S', value: 'new' }] },
    ];
    const { actions } = drive(
      steps,
      (a) => {
        if (a.type !== 'send') throw new Error('send expected');
        if (a.rpc.name === 'GetParameterValues') return { type: 'response', rpc: { name: 'GetParameterValuesResponse', parameterList: [{ name: 'Device.S', value: 'old', type: 'xsd:string' }] } };
        return { type: 'response', rpc: { name: 'SetParameterValuesResponse', status: 0 } };
      },
      { restoreParameterKey: 'orig' },
    );
    const sends = actions.filter((a): a is Extract<EngineAction, { type: 'send' }> => a.type === 'send');
    expect(sends.map((s) => `${s.purpose}:${s.rpc.name}`)).toEqual(['read-before:GetParameterValues', 'step:SetParameterValues', 'step:GetParameterValues', 'restore:SetParameterValues']);
    expect(sends[3].rpc).toEqual({ name: 'SetParameterValues', parameterList: [{ name: 'Device.S', value: 'old', type: 'xsd:string' }], parameterKey: 'orig' });
    // The device still says "old" after the change: a failure, and the restore still went out.
    expect(actions.at(-1)).toMatchObject({ type: 'done', verdict: 'fail' });
  });

  it('deletes an object it added when the case ends', () => {
    const { actions } = drive([{ step: 'send', rpc: { name: 'AddObject', objectName: 'Device.T.', parameterKey: '' }, restore: true }], (a) =>
      a.type === 'send' && a.rpc.name === 'AddObject' ? { type: 'response', rpc: { name: 'AddObjectResponse', instanceNumber: 3, status: 0 } } : { type: 'response', rpc: { name: 'DeleteObjectResponse', status: 0 } },
    );
    expect(actions[1]).toMatchObject({ type: 'send', purpose: 'restore', rpc: { name: 'DeleteObject', objectName: 'Device.T.3.' } });
    expect(actions.at(-1)).toMatchObject({ verdict: 'pass' });
  });

  it('a failed restore turns a pass into an error that says so', () => {
    const { last } = drive([{ step: 'send', rpc: { name: 'AddObject', objectName: 'Device.T.', parameterKey: '' }, restore: true }], (a) =>
      a.type === 'send' && a.rpc.name === 'AddObject'
        ? { type: 'response', rpc: { name: 'AddObjectResponse', instanceNumber: 3, status: 0 } }
        : { type: 'fault', fault: { name: 'Fault', soapFaultCode: 'Client', soapFaultString: 'CWMP fault', faultCode: 9005, faultString: 'no such' } },
    );
    expect(last.action).toMatchObject({ verdict: 'error' });
    expect((last.action as { reason: string }).reason).toMatch(/could not put back.*9005/);
  });

  it('waits past Informs without the events wanted, and fails a strict wait at the first such Inform', () => {
    const loose = drive([{ step: 'inform', events: ['M Reboot', '1 BOOT'] }], (_a, i) => ({ type: 'inform', inform: i === 0 ? informWith('2 PERIODIC') : informWith('1 BOOT', 'M Reboot') }));
    expect(loose.actions.map((a) => a.type)).toEqual(['await-inform', 'await-inform', 'done']);
    expect(loose.actions[1]).toMatchObject({ fresh: false });
    expect(loose.last.action).toMatchObject({ verdict: 'pass' });
    const strict = drive([{ step: 'inform', events: ['4 VALUE CHANGE'], strict: true }], () => ({ type: 'inform', inform: informWith('6 CONNECTION REQUEST') }));
    expect(strict.last.action).toMatchObject({ verdict: 'fail', expected: '4 VALUE CHANGE', actual: '6 CONNECTION REQUEST' });
  });

  it('checks the CommandKey of an M event and fails on a timeout', () => {
    const wrongKey = drive([{ step: 'inform', events: [{ code: 'M Reboot', commandKey: 'other' }], strict: true }], () => ({ type: 'inform', inform: informWith('M Reboot') }));
    expect(wrongKey.last.action).toMatchObject({ verdict: 'fail' });
    const timeout = drive([{ step: 'inform', events: ['1 BOOT'], timeoutMs: 5000 }], () => ({ type: 'timeout' }));
    expect(timeout.last.action).toMatchObject({ verdict: 'fail', reason: 'no Inform with 1 BOOT within 5 s' });
  });

  it('asks for a connection request before waiting for the Inform, and errors when the device cannot be reached', () => {
    const ok = drive([{ step: 'inform', connectionRequest: true, events: ['6 CONNECTION REQUEST'] }], (a) =>
      a.type === 'connection-request' ? { type: 'cr', outcome: 'reached', message: '' } : { type: 'inform', inform: informWith('6 CONNECTION REQUEST') },
    );
    expect(ok.actions.map((a) => a.type)).toEqual(['connection-request', 'await-inform', 'done']);
    const gone = drive([{ step: 'inform', connectionRequest: true }], () => ({ type: 'cr', outcome: 'refused', message: 'ECONNREFUSED' }));
    expect(gone.last.action).toMatchObject({ verdict: 'error' });
  });

  it('an expected connection-request refusal passes; an unexpected acceptance fails', () => {
    const step: Step = { step: 'connection-request', expect: 'auth-failed', credentials: { username: 'u', password: 'wrong' } };
    expect(drive([step], () => ({ type: 'cr', outcome: 'auth-failed', message: '401' })).last.action).toMatchObject({ verdict: 'pass' });
    expect(drive([step], () => ({ type: 'cr', outcome: 'reached', message: '200' })).last.action).toMatchObject({ verdict: 'fail' });
  });

  it('aborting mid-case still restores, then ends as error', () => {
    let r = startScenario([
      { step: 'send', rpc: { name: 'SetParameterValues', parameterList: [{ name: 'Device.S', value: 'new', type: 'xsd:string' }], parameterKey: '' }, restore: true },
      { step: 'wait', ms: 60_000 },
    ]);
    r = advance(r.state, { type: 'response', rpc: { name: 'GetParameterValuesResponse', parameterList: [{ name: 'Device.S', value: 'old', type: 'xsd:string' }] } });
    r = advance(r.state, { type: 'response', rpc: { name: 'SetParameterValuesResponse', status: 0 } });
    expect(r.action).toMatchObject({ type: 'sleep' });
    r = abortScenario(r.state, 'the run was stopped');
    expect(r.action).toMatchObject({ type: 'send', purpose: 'restore' });
    r = advance(r.state, { type: 'response', rpc: { name: 'SetParameterValuesResponse', status: 0 } });
    expect(r.action).toMatchObject({ type: 'done', verdict: 'error', reason: 'the run was stopped' });
  });

  it('a device that stops answering ends the case as error at once, skipping restores it cannot send', () => {
    let r = startScenario([{ step: 'send', rpc: { name: 'AddObject', objectName: 'Device.T.', parameterKey: '' }, restore: true }, { step: 'send', rpc: { name: 'GetRPCMethods' } }]);
    r = advance(r.state, { type: 'response', rpc: { name: 'AddObjectResponse', instanceNumber: 1, status: 0 } });
    r = advance(r.state, { type: 'no-response', message: 'connection request refused' });
    expect(r.action).toMatchObject({ type: 'send', purpose: 'restore' });
    r = advance(r.state, { type: 'no-response', message: 'connection request refused' });
    expect(r.action).toMatchObject({ type: 'done', verdict: 'error' });
    expect((r.action as { reason: string }).reason).toMatch(/no answer from the device.*could not put back/);
  });

  it('an unknown variable is an error naming it, not a request with a literal placeholder', () => {
    const r = startScenario([{ step: 'send', rpc: { name: 'GetParameterValues', parameterNames: ['${nope}'] } }]);
    expect(r.action).toMatchObject({ type: 'done', verdict: 'error', reason: 'step 1: unknown variable ${nope}' });
  });

  it('a runner operation can skip the case with a reason', () => {
    const { last } = drive([{ step: 'host', op: 'local-change' }], () => ({ type: 'host', ok: false, verdict: 'skip', message: 'needs a simulator' }));
    expect(last.action).toMatchObject({ verdict: 'skip', reason: 'needs a simulator' });
  });
});

describe('placeholders', () => {
  it('fill parameter names used as keys of per-parameter fault codes', () => {
    const { last } = drive(
      [{ step: 'send', rpc: { name: 'SetParameterValues', parameterList: [{ name: '${p}', value: 'x', type: 'xsd:boolean' }], parameterKey: '' }, fault: { code: 9003, parameters: { '${p}': 9006 } } }],
      (a) => {
        expect(a).toMatchObject({ rpc: { parameterList: [{ name: 'Device.U' }] } });
        return { type: 'fault', fault: { name: 'Fault', soapFaultCode: 'Client', soapFaultString: 'CWMP fault', faultCode: 9003, faultString: 'x', setParameterValuesFault: [{ parameterName: 'Device.U', faultCode: 9006, faultString: 'type' }] } };
      },
      { p: 'Device.U' },
    );
    expect(last.action).toMatchObject({ verdict: 'pass' });
  });
});
