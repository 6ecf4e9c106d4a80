import { describe, expect, it } from 'vitest';
import { diffAnswers } from '../../../src-shared/replay/diff';
import { rewriteRequest, learnInstance, urlFileName } from '../../../src-shared/replay/rewrite';
import { DEFAULT_VOLATILE, volatileMatcher } from '../../../src-shared/replay/volatile';
import type { Fault, GetParameterValuesResponse } from '../../../src-shared/cwmp/types';

const gpv = (list: Array<[string, string, string?]>): GetParameterValuesResponse => ({
  name: 'GetParameterValuesResponse',
  parameterList: list.map(([name, value, type]) => ({ name, value, type: type ?? 'xsd:string' })),
});
const fault = (faultCode: number, spv?: Array<[string, number]>): Fault => ({
  name: 'Fault',
  soapFaultCode: 'Client',
  soapFaultString: 'CWMP fault',
  faultCode,
  faultString: 'x',
  ...(spv ? { setParameterValuesFault: spv.map(([parameterName, code]) => ({ parameterName, faultCode: code, faultString: '' })) } : {}),
});

describe('diffAnswers', () => {
  it('compares parameter lists by name, not order: values, types, missing and extra', () => {
    const r = diffAnswers(
      gpv([['A.x', '1', 'xsd:unsignedInt'], ['A.y', 'a'], ['A.z', 'gone']]),
      gpv([['A.y', 'b'], ['A.x', '1', 'xsd:int'], ['A.new', 'n']]),
    );
    expect(r.differences).toEqual([
      { path: 'A.x', kind: 'type', recorded: 'xsd:unsignedInt', replayed: 'xsd:int' },
      { path: 'A.y', kind: 'value', recorded: 'a', replayed: 'b' },
      { path: 'A.z', kind: 'missing', recorded: 'gone', replayed: null },
      { path: 'A.new', kind: 'extra', recorded: null, replayed: 'n' },
    ]);
  });

  it('treats a prefixed and an unprefixed type as the same, and a missing type as no claim', () => {
    expect(diffAnswers(gpv([['A.x', '1', 'xsd:int']]), gpv([['A.x', '1', 'int']])).differences).toEqual([]);
    expect(diffAnswers(gpv([['A.x', '1', '']]), gpv([['A.x', '1', 'xsd:int']])).differences).toEqual([]);
  });

  it('leaves volatile paths out and counts them', () => {
    const r = diffAnswers(gpv([['Device.DeviceInfo.UpTime', '5'], ['Device.IP.Interface.1.Stats.BytesSent', '10']]), gpv([['Device.DeviceInfo.UpTime', '9'], ['Device.IP.Interface.1.Stats.BytesSent', '99']]), { ignore: DEFAULT_VOLATILE });
    expect(r).toEqual({ differences: [], ignored: 2 });
  });

  it('reports a fault for a response, fault codes, and per-parameter SetParameterValues faults', () => {
    expect(diffAnswers(gpv([]), fault(9005)).differences).toEqual([{ path: '', kind: 'response', recorded: 'GetParameterValuesResponse', replayed: 'Fault 9005' }]);
    expect(diffAnswers(fault(9003, [['A.x', 9007], ['A.y', 9008]]), fault(9003, [['A.x', 9007], ['A.y', 9006]])).differences).toEqual([
      { path: 'A.y', kind: 'fault', recorded: 9008, replayed: 9006 },
    ]);
    expect(diffAnswers(fault(9005), fault(9002)).differences).toEqual([{ path: '', kind: 'fault', recorded: 9005, replayed: 9002 }]);
  });

  it('instance numbers, statuses, writability, attributes and RPC method lists', () => {
    expect(diffAnswers({ name: 'AddObjectResponse', instanceNumber: 3, status: 0 }, { name: 'AddObjectResponse', instanceNumber: 4, status: 1 }).differences).toEqual([
      { path: 'instanceNumber', kind: 'instance', recorded: 3, replayed: 4 },
      { path: 'status', kind: 'status', recorded: 0, replayed: 1 },
    ]);
    expect(
      diffAnswers({ name: 'GetParameterNamesResponse', parameterList: [{ name: 'A.', writable: false }] }, { name: 'GetParameterNamesResponse', parameterList: [{ name: 'A.', writable: true }] }).differences,
    ).toEqual([{ path: 'A.', kind: 'writable', recorded: false, replayed: true }]);
    expect(
      diffAnswers(
        { name: 'GetParameterAttributesResponse', parameterList: [{ name: 'A.x', notification: 0, accessList: [] }] },
        { name: 'GetParameterAttributesResponse', parameterList: [{ name: 'A.x', notification: 2, accessList: ['Subscriber'] }] },
      ).differences,
    ).toEqual([
      { path: 'A.x', kind: 'notification', recorded: 0, replayed: 2 },
      { path: 'A.x', kind: 'access-list', recorded: '', replayed: 'Subscriber' },
    ]);
    expect(diffAnswers({ name: 'GetRPCMethodsResponse', methodList: ['Reboot', 'Download'] }, { name: 'GetRPCMethodsResponse', methodList: ['Download', 'Upload'] }).differences).toEqual([
      { path: 'methodList/Reboot', kind: 'missing', recorded: 'Reboot', replayed: null },
      { path: 'methodList/Upload', kind: 'extra', recorded: null, replayed: 'Upload' },
    ]);
  });

  it('no answer on one side is a difference of the whole response', () => {
    expect(diffAnswers({ name: 'RebootResponse' }, null).differences).toEqual([{ path: '', kind: 'response', recorded: 'RebootResponse', replayed: null }]);
    expect(diffAnswers({ name: 'RebootResponse' }, { name: 'RebootResponse' }).differences).toEqual([]);
  });
});

describe('volatile patterns and request rewriting', () => {
  it('globs match whole paths; a trailing dot covers the subtree', () => {
    const m = volatileMatcher(['*UpTime', 'Device.Hosts.']);
    expect(m('Device.DeviceInfo.UpTime')).toBe(true);
    expect(m('Device.DeviceInfo.UpTimeX')).toBe(false);
    expect(m('Device.Hosts.Host.1.IPAddress')).toBe(true);
    expect(m('Device.HostsX')).toBe(false);
  });

  it('maps instances learnt from AddObject and points downloads at the file store when it has the file', () => {
    const instances = new Map<string, string>();
    learnInstance(instances, 'Device.NAT.PortMapping.', 3, 1);
    expect(
      rewriteRequest({ name: 'SetParameterValues', parameterList: [{ name: 'Device.NAT.PortMapping.3.Enable', value: 'Device.NAT.PortMapping.3', type: 'xsd:string' }], parameterKey: '' }, { instances }),
    ).toMatchObject({ parameterList: [{ name: 'Device.NAT.PortMapping.1.Enable', value: 'Device.NAT.PortMapping.1' }] });
    const dl = { name: 'Download' as const, commandKey: 'k', fileType: '1 Firmware Upgrade Image', url: 'http://acs.example/fw/image%201.bin?x=1', username: '', password: '', fileSize: 0, targetFileName: '', delaySeconds: 0, successURL: '', failureURL: '' };
    expect(urlFileName(dl.url)).toBe('image 1.bin');
    expect(rewriteRequest(dl, { storeUrl: (n) => (n === 'image 1.bin' ? 'http://127.0.0.1:1/files/image%201.bin' : undefined) })).toMatchObject({ url: 'http://127.0.0.1:1/files/image%201.bin' });
    expect(rewriteRequest(dl, { storeUrl: () => undefined })).toMatchObject({ url: dl.url });
  });
});
