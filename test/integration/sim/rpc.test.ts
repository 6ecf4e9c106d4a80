/**
 * The simulator answering every CPE RPC against its TR-181 tree, driven by a scripted ACS over loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AcsRequest, Fault } from '../../../src-shared/cwmp/types';
import { createSimulator, type Simulator } from '../../../src-main/sim';
import { MiniAcs, type Answer } from './mini-acs';

let acs: MiniAcs;
let sim: Simulator;
const SERIAL = 'RPC000001';

beforeAll(async () => {
  acs = new MiniAcs();
  await acs.listen();
  sim = await createSimulator({ acsUrl: acs.url, count: 2, serialPrefix: 'RPC', rebootDelayMs: 20, informIntervalSec: 3600 });
  await sim.start();
});

afterAll(async () => {
  await sim.stop();
  await acs.close();
});

/** Queues the requests and runs one session; returns the device's answers in order. */
async function run(...rpcs: (AcsRequest | string)[]): Promise<Answer[]> {
  const answers = rpcs.map((r) => acs.queue(SERIAL, r));
  const session = await sim.inform(0, ['6 CONNECTION REQUEST']);
  expect(session.error).toBeUndefined();
  expect(session.ok).toBe(true);
  return Promise.all(answers);
}

function asFault(a: Answer): Fault {
  expect(a.name).toBe('Fault');
  return a as Fault;
}

describe('simulated CPE RPCs', () => {
  it('boots with distinct serial numbers and the TR-181 Inform parameters', () => {
    const boot = acs.informs.filter((i) => i.event.some((e) => e.eventCode === '0 BOOTSTRAP'));
    expect(boot.map((i) => i.deviceId.serialNumber).sort()).toEqual(['RPC000001', 'RPC000002']);
    const params = new Map(boot[0].parameterList.map((p) => [p.name, p.value]));
    for (const name of [
      'Device.RootDataModelVersion',
      'Device.DeviceInfo.HardwareVersion',
      'Device.DeviceInfo.SoftwareVersion',
      'Device.DeviceInfo.ProvisioningCode',
      'Device.ManagementServer.ParameterKey',
      'Device.ManagementServer.ConnectionRequestURL',
      'Device.IP.Interface.2.IPv4Address.1.IPAddress',
    ]) {
      expect(params.has(name), name).toBe(true);
    }
    expect(boot[0].event.map((e) => e.eventCode)).toEqual(['0 BOOTSTRAP', '1 BOOT']);
    const urls = boot.map((i) => i.parameterList.find((p) => p.name.endsWith('ConnectionRequestURL'))?.value);
    expect(new Set(urls).size).toBe(2);
    expect(acs.missingCookie).toBe(0);
  });

  it('GetRPCMethods lists every CPE method', async () => {
    const [r] = await run({ name: 'GetRPCMethods' });
    expect(r.name).toBe('GetRPCMethodsResponse');
    const list = (r as { methodList: string[] }).methodList;
    expect(list).toContain('ChangeDUState');
    expect(list).toHaveLength(20);
  });

  it('GetParameterValues: full names, partial paths, and 9005 for unknown names', async () => {
    const [full, partial, bad] = await run(
      { name: 'GetParameterValues', parameterNames: ['Device.DeviceInfo.SerialNumber', 'Device.ManagementServer.PeriodicInformInterval'] },
      { name: 'GetParameterValues', parameterNames: ['Device.IP.Interface.1.'] },
      { name: 'GetParameterValues', parameterNames: ['Device.DeviceInfo.SerialNumber', 'Device.DeviceInfo.NoSuchThing'] },
    );
    expect(full).toMatchObject({
      name: 'GetParameterValuesResponse',
      parameterList: [
        { name: 'Device.DeviceInfo.SerialNumber', value: SERIAL, type: 'xsd:string' },
        { name: 'Device.ManagementServer.PeriodicInformInterval', value: '3600', type: 'xsd:unsignedInt' },
      ],
    });
    const names = (partial as { parameterList: { name: string }[] }).parameterList.map((p) => p.name);
    expect(names).toContain('Device.IP.Interface.1.Enable');
    expect(names).toContain('Device.IP.Interface.1.IPv4Address.1.IPAddress');
    expect(names.every((n) => n.startsWith('Device.IP.Interface.1.'))).toBe(true);
    expect(asFault(bad).faultCode).toBe(9005);
  });

  it('GetParameterNames: next level, whole subtree, parameter names, faults', async () => {
    const [next, subtree, param, badNext, unknown] = await run(
      { name: 'GetParameterNames', parameterPath: 'Device.IP.Interface.', nextLevel: true },
      { name: 'GetParameterNames', parameterPath: 'Device.DeviceInfo.', nextLevel: false },
      { name: 'GetParameterNames', parameterPath: 'Device.DeviceInfo.SerialNumber', nextLevel: false },
      { name: 'GetParameterNames', parameterPath: 'Device.DeviceInfo.SerialNumber', nextLevel: true },
      { name: 'GetParameterNames', parameterPath: 'Device.Nope.', nextLevel: true },
    );
    expect((next as { parameterList: unknown[] }).parameterList).toEqual([
      { name: 'Device.IP.Interface.1.', writable: true },
      { name: 'Device.IP.Interface.2.', writable: true },
    ]);
    const sub = (subtree as { parameterList: { name: string; writable: boolean }[] }).parameterList;
    expect(sub[0]).toEqual({ name: 'Device.DeviceInfo.', writable: false });
    expect(sub).toContainEqual({ name: 'Device.DeviceInfo.ProvisioningCode', writable: true });
    expect(sub).toContainEqual({ name: 'Device.DeviceInfo.SerialNumber', writable: false });
    expect((param as { parameterList: unknown[] }).parameterList).toEqual([{ name: 'Device.DeviceInfo.SerialNumber', writable: false }]);
    expect(asFault(badNext).faultCode).toBe(9003);
    expect(asFault(unknown).faultCode).toBe(9005);
  });

  it('SetParameterValues: applies all-or-nothing, sets ParameterKey, reports per-parameter faults', async () => {
    const [ok, bad, after] = await run(
      {
        name: 'SetParameterValues',
        parameterList: [
          { name: 'Device.WiFi.SSID.1.SSID', value: 'lab-net', type: 'xsd:string' },
          { name: 'Device.WiFi.Radio.1.Channel', value: '11', type: 'xsd:unsignedInt' },
        ],
        parameterKey: 'key-1',
      },
      {
        name: 'SetParameterValues',
        parameterList: [
          { name: 'Device.WiFi.SSID.1.SSID', value: 'never-applied', type: 'xsd:string' },
          { name: 'Device.DeviceInfo.SerialNumber', value: 'X', type: 'xsd:string' },
          { name: 'Device.DeviceInfo.Bogus', value: '1', type: 'xsd:string' },
          { name: 'Device.ManagementServer.PeriodicInformInterval', value: 'soon', type: 'xsd:unsignedInt' },
          { name: 'Device.ManagementServer.PeriodicInformEnable', value: 'true', type: 'xsd:dateTime' },
          { name: 'Device.WiFi.SSID.1.SSID', value: 'x'.repeat(33), type: 'xsd:string' },
        ],
        parameterKey: 'key-2',
      },
      { name: 'GetParameterValues', parameterNames: ['Device.WiFi.SSID.1.SSID', 'Device.ManagementServer.ParameterKey'] },
    );
    expect(ok).toEqual({ name: 'SetParameterValuesResponse', status: 0 });
    const f = asFault(bad);
    // SSID appears twice: the whole request is invalid.
    expect(f.faultCode).toBe(9003);
    expect((after as { parameterList: { value: string }[] }).parameterList.map((p) => p.value)).toEqual(['lab-net', 'key-1']);
    expect(sim.devices[0].getValue('Device.WiFi.Radio.1.Channel')).toBe('11');

    const [bad2, after2] = await run(
      {
        name: 'SetParameterValues',
        parameterList: [
          { name: 'Device.WiFi.SSID.1.SSID', value: 'never-applied', type: 'xsd:string' },
          { name: 'Device.DeviceInfo.SerialNumber', value: 'X', type: 'xsd:string' },
          { name: 'Device.DeviceInfo.Bogus', value: '1', type: 'xsd:string' },
          { name: 'Device.ManagementServer.PeriodicInformInterval', value: 'soon', type: 'xsd:unsignedInt' },
          { name: 'Device.ManagementServer.PeriodicInformEnable', value: 'true', type: 'xsd:dateTime' },
          { name: 'Device.WiFi.Radio.1.Channel', value: '0', type: 'xsd:unsignedInt' },
        ],
        parameterKey: 'key-2',
      },
      { name: 'GetParameterValues', parameterNames: ['Device.WiFi.SSID.1.SSID', 'Device.ManagementServer.ParameterKey'] },
    );
    const f2 = asFault(bad2);
    expect(f2.faultCode).toBe(9003);
    expect(f2.setParameterValuesFault?.map((x) => [x.parameterName, x.faultCode])).toEqual([
      ['Device.DeviceInfo.SerialNumber', 9008],
      ['Device.DeviceInfo.Bogus', 9005],
      ['Device.ManagementServer.PeriodicInformInterval', 9007],
      ['Device.ManagementServer.PeriodicInformEnable', 9006],
      ['Device.WiFi.Radio.1.Channel', 9007],
    ]);
    expect((after2 as { parameterList: { value: string }[] }).parameterList.map((p) => p.value)).toEqual(['lab-net', 'key-1']);
  });

  it('SetParameterValues validates enumerations and accepts xsd:string for typed parameters', async () => {
    const [badEnum, lenient] = await run(
      {
        name: 'SetParameterValues',
        parameterList: [{ name: 'Device.WiFi.Radio.1.OperatingFrequencyBand', value: '7GHz', type: 'xsd:string' }],
        parameterKey: 'k',
      },
      {
        name: 'SetParameterValues',
        parameterList: [{ name: 'Device.ManagementServer.PeriodicInformInterval', value: '3600', type: 'xsd:string' }],
        parameterKey: 'k3',
      },
    );
    expect(asFault(badEnum).setParameterValuesFault?.[0]).toMatchObject({ faultCode: 9007 });
    expect(lenient).toEqual({ name: 'SetParameterValuesResponse', status: 0 });
  });

  it('AddObject creates a real instance with its parameters; DeleteObject removes it', async () => {
    const before = Number(sim.devices[0].getValue('Device.NAT.PortMappingNumberOfEntries'));
    const [added, notTable, fixed] = await run(
      { name: 'AddObject', objectName: 'Device.NAT.PortMapping.', parameterKey: 'add-1' },
      { name: 'AddObject', objectName: 'Device.DeviceInfo.', parameterKey: 'x' },
      { name: 'AddObject', objectName: 'Device.Nope.', parameterKey: 'x' },
    );
    expect(added).toMatchObject({ name: 'AddObjectResponse', status: 0 });
    const n = (added as { instanceNumber: number }).instanceNumber;
    expect(n).toBeGreaterThanOrEqual(1);
    expect(asFault(notTable).faultCode).toBe(9005);
    expect(asFault(fixed).faultCode).toBe(9005);
    const d = sim.devices[0];
    expect(d.has(`Device.NAT.PortMapping.${n}.`)).toBe(true);
    expect(d.getValue(`Device.NAT.PortMapping.${n}.Enable`)).toBe('false');
    expect(Number(d.getValue('Device.NAT.PortMappingNumberOfEntries'))).toBe(before + 1);
    expect(d.getValue('Device.ManagementServer.ParameterKey')).toBe('add-1');
    // The other device shares nothing that changed.
    expect(sim.devices[1].has(`Device.NAT.PortMapping.${n}.`)).toBe(false);

    const [set, gpv, del, again, notInstance] = await run(
      {
        name: 'SetParameterValues',
        parameterList: [
          { name: `Device.NAT.PortMapping.${n}.ExternalPort`, value: '8080', type: 'xsd:unsignedInt' },
          { name: `Device.NAT.PortMapping.${n}.Protocol`, value: 'TCP', type: 'xsd:string' },
        ],
        parameterKey: 'pm',
      },
      { name: 'GetParameterValues', parameterNames: [`Device.NAT.PortMapping.${n}.ExternalPort`] },
      { name: 'DeleteObject', objectName: `Device.NAT.PortMapping.${n}.`, parameterKey: 'del-1' },
      { name: 'DeleteObject', objectName: `Device.NAT.PortMapping.${n}.`, parameterKey: 'del-2' },
      { name: 'DeleteObject', objectName: 'Device.DeviceInfo.', parameterKey: 'x' },
    );
    expect(set).toEqual({ name: 'SetParameterValuesResponse', status: 0 });
    expect((gpv as { parameterList: { value: string }[] }).parameterList[0].value).toBe('8080');
    expect(del).toEqual({ name: 'DeleteObjectResponse', status: 0 });
    expect(asFault(again).faultCode).toBe(9005);
    expect(asFault(notInstance).faultCode).toBe(9005);
    expect(d.has(`Device.NAT.PortMapping.${n}.`)).toBe(false);
    expect(Number(d.getValue('Device.NAT.PortMappingNumberOfEntries'))).toBe(before);

    const [next] = await run({ name: 'AddObject', objectName: 'Device.NAT.PortMapping.', parameterKey: 'add-2' });
    expect((next as { instanceNumber: number }).instanceNumber).toBe(n + 1);
  });

  it('SetParameterAttributes / GetParameterAttributes, with 9009 where active notification is refused', async () => {
    const [set, get, refused, unknown] = await run(
      {
        name: 'SetParameterAttributes',
        parameterList: [
          { name: 'Device.WiFi.SSID.1.SSID', notificationChange: true, notification: 2, accessListChange: true, accessList: ['Subscriber'] },
        ],
      },
      { name: 'GetParameterAttributes', parameterNames: ['Device.WiFi.SSID.1.SSID', 'Device.ManagementServer.ConnectionRequestURL'] },
      {
        name: 'SetParameterAttributes',
        parameterList: [{ name: 'Device.DeviceInfo.UpTime', notificationChange: true, notification: 2, accessListChange: false, accessList: [] }],
      },
      { name: 'GetParameterAttributes', parameterNames: ['Device.Nope'] },
    );
    expect(set).toEqual({ name: 'SetParameterAttributesResponse' });
    expect(get).toEqual({
      name: 'GetParameterAttributesResponse',
      parameterList: [
        { name: 'Device.WiFi.SSID.1.SSID', notification: 2, accessList: ['Subscriber'] },
        { name: 'Device.ManagementServer.ConnectionRequestURL', notification: 2, accessList: [] },
      ],
    });
    expect(asFault(refused).faultCode).toBe(9009);
    expect(asFault(unknown).faultCode).toBe(9005);
  });

  it('reports a local change of an actively notified parameter with 4 VALUE CHANGE', async () => {
    const d = sim.devices[0];
    const session = d.nextSession((r) => r.events.includes('4 VALUE CHANGE'));
    d.setLocalValue('Device.WiFi.SSID.1.SSID', 'changed-on-device');
    await session;
    const inform = acs.informsOf(SERIAL).at(-1);
    expect(inform?.parameterList).toContainEqual({ name: 'Device.WiFi.SSID.1.SSID', value: 'changed-on-device', type: 'xsd:string' });
  });

  it('queued transfers: GetQueuedTransfers, GetAllQueuedTransfers, CancelTransfer', async () => {
    acs.files.set('late.bin', Buffer.from('x'));
    const download = {
      name: 'Download' as const,
      commandKey: 'later',
      fileType: '3 Vendor Configuration File',
      url: `${acs.base}/files/late.bin`,
      username: '',
      password: '',
      fileSize: 1,
      targetFileName: 'cfg.xml',
      delaySeconds: 3600,
      successURL: '',
      failureURL: '',
    };
    const [dl, queued, all, cancelled, again, ftp] = await run(
      download,
      { name: 'GetQueuedTransfers' },
      { name: 'GetAllQueuedTransfers' },
      { name: 'CancelTransfer', commandKey: 'later' },
      { name: 'CancelTransfer', commandKey: 'later' },
      { ...download, commandKey: 'ftp', url: 'ftp://127.0.0.1/x' },
    );
    expect(dl).toMatchObject({ name: 'DownloadResponse', status: 1 });
    expect(queued).toEqual({ name: 'GetQueuedTransfersResponse', transferList: [{ commandKey: 'later', state: 1 }] });
    expect(all).toEqual({
      name: 'GetAllQueuedTransfersResponse',
      transferList: [{ commandKey: 'later', state: 1, isDownload: true, fileType: '3 Vendor Configuration File', fileSize: 1, targetFileName: 'cfg.xml' }],
    });
    expect(cancelled).toEqual({ name: 'CancelTransferResponse' });
    expect(asFault(again).faultCode).toBe(9021);
    expect(asFault(ftp).faultCode).toBe(9013);
  });

  it('ScheduleDownload checks its windows; vouchers and options are answered', async () => {
    const [bad, vouchers, badVoucher, options] = await run(
      {
        name: 'ScheduleDownload',
        commandKey: 'sd',
        fileType: '1 Firmware Upgrade Image',
        url: `${acs.base}/files/x`,
        username: '',
        password: '',
        fileSize: 0,
        targetFileName: '',
        timeWindowList: [{ windowStart: 10, windowEnd: 5, windowMode: '1 At Any Time', userMessage: '', maxRetries: 0 }],
      },
      { name: 'SetVouchers', voucherList: ['dm91Y2hlcg=='] },
      { name: 'SetVouchers', voucherList: ['not base64 !!'] },
      { name: 'GetOptions', optionName: '' },
    );
    expect(asFault(bad).faultCode).toBe(9003);
    expect(vouchers).toEqual({ name: 'SetVouchersResponse' });
    expect(asFault(badVoucher).faultCode).toBe(9003);
    expect(options).toEqual({ name: 'GetOptionsResponse', optionList: [] });
  });

  it('ScheduleDownload runs in its window and reports M ScheduleDownload', async () => {
    acs.files.set('fw2.bin', Buffer.from('firmware'));
    const d = sim.devices[0];
    const tc = d.nextSession((r) => r.cpeRequests.includes('TransferComplete'));
    const [r] = await run({
      name: 'ScheduleDownload',
      commandKey: 'sd-1',
      fileType: '2 Web Content',
      url: `${acs.base}/files/fw2.bin`,
      username: '',
      password: '',
      fileSize: 8,
      targetFileName: '',
      timeWindowList: [{ windowStart: 0, windowEnd: 60, windowMode: '1 At Any Time', userMessage: '', maxRetries: 0 }],
    });
    expect(r).toEqual({ name: 'ScheduleDownloadResponse' });
    const s = await tc;
    expect(s.events).toContain('M ScheduleDownload');
    expect(acs.cpeRequests.at(-1)).toMatchObject({ name: 'TransferComplete', commandKey: 'sd-1', faultStruct: { faultCode: 0 } });
  });

  it('ChangeDUState: installs, then reports DUStateChangeComplete in a later session', async () => {
    const d = sim.devices[0];
    const done = d.nextSession((r) => r.cpeRequests.includes('DUStateChangeComplete'));
    const [r] = await run({
      name: 'ChangeDUState',
      commandKey: 'du-1',
      operations: [
        { type: 'Install', url: `${acs.base}/files/app.ipk`, uuid: '6ba7b810-9dad-11d1-80b4-00c04fd430c8' },
        { type: 'Uninstall', uuid: '00000000-0000-0000-0000-000000000000' },
      ],
    });
    expect(r).toEqual({ name: 'ChangeDUStateResponse' });
    const s = await done;
    expect(s.events).toEqual(expect.arrayContaining(['11 DU STATE CHANGE COMPLETE', 'M ChangeDUState']));
    const complete = acs.cpeRequests.findLast((c) => c.name === 'DUStateChangeComplete');
    expect(complete).toMatchObject({
      commandKey: 'du-1',
      results: [
        { uuid: '6ba7b810-9dad-11d1-80b4-00c04fd430c8', currentState: 'Installed', fault: { faultCode: 0 } },
        { currentState: 'Failed', fault: { faultCode: 9028 } },
      ],
    });
  });

  it('answers an unknown method with 9000 and an out-of-place message with 9000', async () => {
    const raw =
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-2">' +
      '<soap:Header><cwmp:ID soap:mustUnderstand="1">raw-1</cwmp:ID></soap:Header>' +
      '<soap:Body><cwmp:X_VENDOR_Frobnicate><Level>3</Level></cwmp:X_VENDOR_Frobnicate></soap:Body></soap:Envelope>';
    const [unknown] = await run(raw);
    expect(asFault(unknown).faultCode).toBe(9000);
    const last = acs.received.at(-1);
    expect(last?.message.header.id).toBe('raw-1');
  });

  it('sends its own queued requests after the InformResponse', async () => {
    const d = sim.devices[0];
    d.queueRequest({ name: 'GetRPCMethods' });
    d.queueRequest({ name: 'RequestDownload', fileType: '1 Firmware Upgrade Image', fileTypeArg: [{ name: 'Version', value: '2.0' }] });
    const s = await sim.inform(0);
    expect(s.cpeRequests).toEqual(['GetRPCMethods', 'RequestDownload']);
    expect(d.pendingRequests).toHaveLength(0);
    expect(acs.cpeRequests.slice(-2).map((r) => r.name)).toEqual(['GetRPCMethods', 'RequestDownload']);
  });
});
