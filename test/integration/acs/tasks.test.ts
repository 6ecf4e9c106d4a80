import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tasksMethods, type TaskInfo, type TaskRequest } from '../../../src-shared/api/tasks';
import type { CpeResponse, Fault } from '../../../src-shared/cwmp/types';
import { deviceIdOf, makeInform, ScriptedCpe, startAcs, waitFor, type Harness } from './helpers';

let h: Harness;
beforeEach(async () => {
  h = await startAcs();
});
afterEach(async () => {
  await h.close();
});

const DEV = deviceIdOf('T1');

async function informed(serial = 'T1'): Promise<ScriptedCpe> {
  const cpe = new ScriptedCpe(h.acs.urls().http!);
  const r = await cpe.send(makeInform(serial));
  expect(r.status).toBe(200);
  return cpe;
}

/** Drains the queue: empty POST, then answers each request with `answer(request)` until the 204. */
async function serve(cpe: ScriptedCpe, answer: (name: string, rpc: unknown) => CpeResponse | Fault): Promise<string[]> {
  const seen: string[] = [];
  let r = await cpe.send(null);
  while (r.status === 200) {
    const rpc = r.message?.rpc;
    if (!rpc) throw new Error(`Undecodable ACS request: ${r.text.slice(0, 200)}`);
    seen.push(rpc.name);
    r = await cpe.send(answer(rpc.name, rpc), { id: r.message?.header.id });
  }
  expect(r.status, r.text).toBe(204);
  return seen;
}

const ok = (name: string): CpeResponse => {
  switch (name) {
    case 'GetRPCMethods':
      return { name: 'GetRPCMethodsResponse', methodList: ['GetRPCMethods', 'GetParameterValues'] };
    case 'SetParameterValues':
      return { name: 'SetParameterValuesResponse', status: 0 };
    case 'GetParameterValues':
      return { name: 'GetParameterValuesResponse', parameterList: [{ name: 'Device.WiFi.SSID.1.SSID', value: 'bench', type: 'xsd:string' }] };
    case 'GetParameterNames':
      return { name: 'GetParameterNamesResponse', parameterList: [{ name: 'Device.WiFi.', writable: false }, { name: 'Device.WiFi.SSID.1.SSID', writable: true }] };
    case 'SetParameterAttributes':
      return { name: 'SetParameterAttributesResponse' };
    case 'GetParameterAttributes':
      return { name: 'GetParameterAttributesResponse', parameterList: [{ name: 'Device.WiFi.SSID.1.SSID', notification: 2, accessList: ['Subscriber'] }] };
    case 'AddObject':
      return { name: 'AddObjectResponse', instanceNumber: 7, status: 0 };
    case 'DeleteObject':
      return { name: 'DeleteObjectResponse', status: 0 };
    case 'Reboot':
      return { name: 'RebootResponse' };
    case 'Download':
      return { name: 'DownloadResponse', status: 0, startTime: '2026-01-01T00:00:00Z', completeTime: '2026-01-01T00:00:05Z' };
    case 'Upload':
      return { name: 'UploadResponse', status: 0, startTime: '2026-01-01T00:00:00Z', completeTime: '2026-01-01T00:00:05Z' };
    case 'FactoryReset':
      return { name: 'FactoryResetResponse' };
    case 'GetQueuedTransfers':
      return { name: 'GetQueuedTransfersResponse', transferList: [{ commandKey: 'q', state: 2 }] };
    case 'GetAllQueuedTransfers':
      return { name: 'GetAllQueuedTransfersResponse', transferList: [{ commandKey: 'q', state: 2, isDownload: true, fileType: '1 Firmware Upgrade Image', fileSize: 10, targetFileName: 'fw' }] };
    case 'ScheduleInform':
      return { name: 'ScheduleInformResponse' };
    case 'SetVouchers':
      return { name: 'SetVouchersResponse' };
    case 'GetOptions':
      return { name: 'GetOptionsResponse', optionList: [] };
    case 'CancelTransfer':
      return { name: 'CancelTransferResponse' };
    case 'ScheduleDownload':
      return { name: 'ScheduleDownloadResponse' };
    case 'ChangeDUState':
      return { name: 'ChangeDUStateResponse' };
    default:
      throw new Error(`no canned response for ${name}`);
  }
};

describe('ACS: task queue', () => {
  it('sends every ACS-initiated RPC in order and records each result', async () => {
    const cpe = await informed();
    const rpcs: TaskRequest[] = [
      { name: 'GetRPCMethods' },
      { name: 'GetParameterNames', parameterPath: 'Device.WiFi.', nextLevel: false },
      { name: 'GetParameterValues', parameterNames: ['Device.WiFi.SSID.1.SSID'] },
      { name: 'GetParameterAttributes', parameterNames: ['Device.WiFi.SSID.1.SSID'] },
      { name: 'SetParameterValues', parameterList: [{ name: 'Device.WiFi.SSID.1.SSID', value: 'renamed', type: 'xsd:string' }], parameterKey: 'pk' },
      { name: 'SetParameterAttributes', parameterList: [{ name: 'Device.WiFi.SSID.1.SSID', notificationChange: true, notification: 1 }] },
      { name: 'AddObject', objectName: 'Device.IP.Interface.', parameterKey: '' },
      { name: 'DeleteObject', objectName: 'Device.IP.Interface.7.' },
      { name: 'Reboot', commandKey: 'rb' },
      { name: 'FactoryReset' },
      { name: 'Download', commandKey: 'dl', url: 'http://127.0.0.1/files/fw.bin', fileSize: 10 },
      { name: 'Upload', commandKey: 'ul', url: 'http://127.0.0.1/upload/cfg' },
      { name: 'ScheduleInform', delaySeconds: 5, commandKey: 'si' },
      { name: 'ScheduleDownload', commandKey: 'sd', url: 'http://127.0.0.1/files/fw.bin', timeWindowList: [{ windowStart: 0, windowEnd: 60 }] },
      { name: 'CancelTransfer', commandKey: 'x' },
      { name: 'ChangeDUState', operations: [{ type: 'Install', url: 'http://127.0.0.1/files/du.ipk' }], commandKey: 'du' },
      { name: 'GetQueuedTransfers' },
      { name: 'GetAllQueuedTransfers' },
      { name: 'GetOptions', optionName: '' },
      { name: 'SetVouchers', voucherList: ['AAAA'] },
    ];
    const ids: string[] = [];
    for (const rpc of rpcs) ids.push((await h.acs.handlers['tasks/create']({ deviceId: DEV, rpc })).taskId);
    expect((await h.acs.handlers['devices/get']({ deviceId: DEV })).pendingTasks).toBe(rpcs.length);

    // AddObject is followed, in the same session, by a read of the new instance (names, then values).
    const seen = await serve(cpe, (name, rpc) => {
      const asked = rpc as { parameterPath?: string; parameterNames?: string[] };
      if (asked.parameterPath === 'Device.IP.Interface.7.') return { name: 'GetParameterNamesResponse', parameterList: [{ name: 'Device.IP.Interface.7.Enable', writable: true }] };
      if (asked.parameterNames?.[0] === 'Device.IP.Interface.7.') return { name: 'GetParameterValuesResponse', parameterList: [{ name: 'Device.IP.Interface.7.Enable', value: 'false', type: 'xsd:boolean' }] };
      return ok(name);
    });
    expect(seen).toEqual(rpcs.flatMap((r) => (r.name === 'AddObject' ? ['AddObject', 'GetParameterNames', 'GetParameterValues'] : [r.name])));

    const tasks = await Promise.all(ids.map((taskId) => h.acs.handlers['tasks/get']({ taskId })));
    for (const t of tasks) {
      // ScheduleDownload is done only when its TransferComplete arrives.
      if (t.rpc.name === 'ScheduleDownload') expect(t.status).toBe('sent');
      else expect(t.status, t.rpc.name).toBe('done');
      expect(t.result?.name).toBe(`${t.rpc.name}Response`);
      expect(t.sentAt).toBeGreaterThan(0);
      expect(t.cwmpId).toBeTruthy();
    }
    expect(new Set(tasks.map((t) => t.cwmpId)).size).toBe(tasks.length);

    // Results update the parameter tree.
    const tree = (await h.acs.handlers['devices/get']({ deviceId: DEV })).parameters;
    const ssid = tree.find((p) => p.path === 'Device.WiFi.SSID.1.SSID');
    expect(ssid).toMatchObject({ value: 'renamed', type: 'xsd:string', writable: true, notification: 1, accessList: ['Subscriber'] });
    expect(ssid?.readAt).toBeGreaterThan(0);
    expect(tree.find((p) => p.path === 'Device.WiFi.')).toMatchObject({ object: true, writable: false });
    // AddObject created instance 7, DeleteObject removed it again.
    expect(tree.some((p) => p.path.startsWith('Device.IP.Interface.7'))).toBe(false);
    expect(h.events.filter((e) => e.event === 'devices/parameters-changed').some((e) => e.data.paths.includes('Device.IP.Interface.7.'))).toBe(true);
    expect(h.events.some((e) => e.event === 'tasks/changed' && e.data.status === 'done')).toBe(true);
    cpe.destroy();
  });

  it('keeps AddObject instances and ignores SPV values the CPE did not accept', async () => {
    const cpe = await informed();
    await h.acs.handlers['tasks/create']({ deviceId: DEV, rpc: { name: 'AddObject', objectName: 'Device.NAT.PortMapping.' } });
    const spv = (await h.acs.handlers['tasks/create']({ deviceId: DEV, rpc: { name: 'SetParameterValues', parameterList: [{ name: 'Device.X.Y', value: 'no' }] } })).taskId;
    await serve(cpe, (name) =>
      name === 'AddObject'
        ? { name: 'AddObjectResponse', instanceNumber: 3, status: 0 }
        : { name: 'Fault', soapFaultCode: 'Client', soapFaultString: 'CWMP fault', faultCode: 9003, faultString: 'Invalid arguments', setParameterValuesFault: [{ parameterName: 'Device.X.Y', faultCode: 9008, faultString: 'Attempt to set a non-writable parameter' }] },
    );
    const tree = (await h.acs.handlers['devices/get']({ deviceId: DEV })).parameters;
    expect(tree.find((p) => p.path === 'Device.NAT.PortMapping.3.')).toMatchObject({ object: true });
    expect(tree.some((p) => p.path === 'Device.X.Y')).toBe(false);
    const t = await h.acs.handlers['tasks/get']({ taskId: spv });
    expect(t.status).toBe('fault');
    expect(t.fault).toMatchObject({ faultCode: 9003, setParameterValuesFault: [{ parameterName: 'Device.X.Y', faultCode: 9008 }] });
    expect(t.message).toContain('9003');
    cpe.destroy();
  });

  it('reads a node in one session: a GPN with follow-ups is followed by GPV and GPA of the leaves it returned', async () => {
    const cpe = await informed();
    const queuedLater = (await h.acs.handlers['tasks/create']({ deviceId: DEV, rpc: { name: 'GetRPCMethods' } })).taskId;
    await h.acs.handlers['tasks/cancel']({ taskId: queuedLater }); // nothing else may fill the session
    const { taskId } = await h.acs.handlers['tasks/create']({
      deviceId: DEV,
      rpc: { name: 'GetParameterNames', parameterPath: 'Device.WiFi.', nextLevel: true },
      followUp: 'values-and-attributes',
    });
    const sent: Array<{ name: string; names?: string[] }> = [];
    const seen = await serve(cpe, (name, rpc) => {
      sent.push({ name, names: (rpc as { parameterNames?: string[] }).parameterNames });
      return ok(name);
    });
    // One session (serve drains to the single 204), three requests.
    expect(seen).toEqual(['GetParameterNames', 'GetParameterValues', 'GetParameterAttributes']);
    expect(sent[1].names).toEqual(['Device.WiFi.SSID.1.SSID']); // the leaf, not the object
    expect(sent[2].names).toEqual(['Device.WiFi.SSID.1.SSID']);
    const gpn = await h.acs.handlers['tasks/get']({ taskId });
    expect(gpn.status).toBe('done');
    expect(gpn.followUpTaskIds).toHaveLength(2);
    for (const id of gpn.followUpTaskIds ?? []) {
      expect(await h.acs.handlers['tasks/get']({ taskId: id })).toMatchObject({ status: 'done', parentTaskId: taskId });
    }
    const ssid = (await h.acs.handlers['devices/get']({ deviceId: DEV })).parameters.find((p) => p.path === 'Device.WiFi.SSID.1.SSID');
    expect(ssid).toMatchObject({ value: 'bench', notification: 2 });
    cpe.destroy();
  });

  it('a full-depth read follows up with the values of the partial path; follow-ups are for GetParameterNames only', async () => {
    const cpe = await informed();
    await h.acs.handlers['tasks/create']({ deviceId: DEV, rpc: { name: 'GetParameterNames', parameterPath: 'Device.', nextLevel: false }, followUp: 'values' });
    const sent: unknown[] = [];
    const seen = await serve(cpe, (name, rpc) => {
      sent.push(rpc);
      return ok(name);
    });
    expect(seen).toEqual(['GetParameterNames', 'GetParameterValues']);
    expect(sent[1]).toMatchObject({ parameterNames: ['Device.'] });
    const schema = tasksMethods['tasks/create'].params;
    expect(schema.safeParse({ deviceId: DEV, rpc: { name: 'GetRPCMethods' }, followUp: 'values' }).success).toBe(false);
    expect(schema.safeParse({ deviceId: DEV, rpc: { name: 'GetParameterNames', parameterPath: 'Device.', nextLevel: true }, followUp: 'values' }).success).toBe(true);
    cpe.destroy();
  });

  it('after AddObject and DeleteObject, re-reads in the same session what they changed: the new instance and the entry count', async () => {
    const cpe = await informed();
    const count = 'Device.NAT.PortMappingNumberOfEntries';
    await h.acs.handlers['tasks/create']({ deviceId: DEV, rpc: { name: 'GetParameterValues', parameterNames: [count] } });
    const add = (await h.acs.handlers['tasks/create']({ deviceId: DEV, rpc: { name: 'AddObject', objectName: 'Device.NAT.PortMapping.' } })).taskId;
    await h.acs.handlers['tasks/create']({ deviceId: DEV, rpc: { name: 'DeleteObject', objectName: 'Device.NAT.PortMapping.1.' } });
    let entries = 0;
    const asked: unknown[] = [];
    const seen = await serve(cpe, (name, rpc) => {
      asked.push(rpc);
      const r = rpc as { parameterNames?: string[]; parameterPath?: string };
      if (name === 'AddObject') return (entries++, { name: 'AddObjectResponse', instanceNumber: 4, status: 0 });
      if (name === 'DeleteObject') return (entries--, { name: 'DeleteObjectResponse', status: 0 });
      if (name === 'GetParameterNames') return { name: 'GetParameterNamesResponse', parameterList: [{ name: `${r.parameterPath}Enable`, writable: true }] };
      if (r.parameterNames?.[0] === count) return { name: 'GetParameterValuesResponse', parameterList: [{ name: count, value: String(entries), type: 'xsd:unsignedInt' }] };
      return { name: 'GetParameterValuesResponse', parameterList: [{ name: 'Device.NAT.PortMapping.4.Enable', value: 'true', type: 'xsd:boolean' }] };
    });
    expect(seen).toEqual(['GetParameterValues', 'AddObject', 'GetParameterNames', 'GetParameterValues', 'GetParameterValues', 'DeleteObject', 'GetParameterValues']);
    expect(asked[2]).toMatchObject({ parameterPath: 'Device.NAT.PortMapping.4.', nextLevel: false });
    expect(asked[3]).toMatchObject({ parameterNames: ['Device.NAT.PortMapping.4.'] });
    expect(asked[4]).toMatchObject({ parameterNames: [count] });
    expect(asked[6]).toMatchObject({ parameterNames: [count] });
    expect((await h.acs.handlers['tasks/get']({ taskId: add })).followUpTaskIds).toHaveLength(2);
    const tree = (await h.acs.handlers['devices/get']({ deviceId: DEV })).parameters;
    expect(tree.find((p) => p.path === count)?.value).toBe('0');
    expect(tree.find((p) => p.path === 'Device.NAT.PortMapping.4.Enable')?.value).toBe('true');
    cpe.destroy();
  });

  it('sends a Raw task as-is and records what came back', async () => {
    const cpe = await informed();
    const xml = '<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-2"><soap:Body><cwmp:X_Bogus/></soap:Body></soap:Envelope>';
    const { taskId } = await h.acs.handlers['tasks/create']({ deviceId: DEV, rpc: { name: 'Raw', xml } });
    const r = await cpe.send(null);
    expect(r.text).toBe(xml);
    const end = await cpe.send({ name: 'Fault', soapFaultCode: 'Client', soapFaultString: 'CWMP fault', faultCode: 9000, faultString: 'Method not supported' });
    expect(end.status).toBe(204);
    const t = await h.acs.handlers['tasks/get']({ taskId });
    expect(t.status).toBe('fault');
    expect(t.fault?.faultCode).toBe(9000);
    cpe.destroy();
  });

  it('rejects bad task input with a clear message, even for devices not seen yet', async () => {
    await (await informed()).send(null);
    await expect(h.acs.handlers['tasks/create']({ deviceId: DEV, rpc: { name: 'Nope' } as unknown as TaskRequest })).rejects.toThrow(/Unknown ACS request "Nope"/);
    await expect(h.acs.handlers['tasks/create']({ deviceId: DEV, rpc: { name: 'GetParameterValues', parameterNames: 'Device.' } as unknown as TaskRequest })).rejects.toThrow(/GetParameterValues: .*parameterNames/);
    await expect(h.acs.handlers['tasks/create']({ deviceId: DEV, rpc: { name: 'Raw' } as unknown as TaskRequest })).rejects.toThrow(/xml/);
    await expect(h.acs.handlers['tasks/create']({ deviceId: 'nobody', rpc: { name: 'Nope' } as unknown as TaskRequest })).rejects.toThrow(/Unknown ACS request "Nope"/);
    await expect(h.acs.handlers['tasks/list']({ deviceId: 'nobody' })).rejects.toThrow(/No device/);
    await expect(h.acs.handlers['tasks/get']({ taskId: 'nope' })).rejects.toThrow(/No task/);
  });

  it('cancels a queued task so it is never sent', async () => {
    const cpe = await informed();
    const a = (await h.acs.handlers['tasks/create']({ deviceId: DEV, rpc: { name: 'Reboot' } })).taskId;
    const b = (await h.acs.handlers['tasks/create']({ deviceId: DEV, rpc: { name: 'GetRPCMethods' } })).taskId;
    expect(await h.acs.handlers['tasks/cancel']({ taskId: a })).toEqual({ cancelled: true });
    const seen = await serve(cpe, (name) => ok(name));
    expect(seen).toEqual(['GetRPCMethods']);
    expect((await h.acs.handlers['tasks/get']({ taskId: a })).status).toBe('cancelled');
    expect(await h.acs.handlers['tasks/cancel']({ taskId: b })).toEqual({ cancelled: false });
    const list = (await h.acs.handlers['tasks/list']({ deviceId: DEV })).tasks;
    expect(list.map((t: TaskInfo) => t.id)).toEqual([a, b]);
    cpe.destroy();
  });

  it('finishes a Download on the TransferComplete of a later session, matched by CommandKey', async () => {
    const cpe = await informed();
    const { taskId } = await h.acs.handlers['tasks/create']({ deviceId: DEV, rpc: { name: 'Download', commandKey: 'fw-42', url: `${h.acs.urls().http}files/fw.bin` } });
    await serve(cpe, () => ({ name: 'DownloadResponse', status: 1, startTime: '0001-01-01T00:00:00Z', completeTime: '0001-01-01T00:00:00Z' }));
    let t = await h.acs.handlers['tasks/get']({ taskId });
    expect(t.status).toBe('sent');
    expect(t.message).toContain('fw-42');
    cpe.destroy();

    // The CPE reboots into the new image and reports in a new session.
    const after = new ScriptedCpe(h.acs.urls().http!);
    await after.send(makeInform('T1', [['1 BOOT', ''], ['7 TRANSFER COMPLETE', ''], ['M Download', 'fw-42']]));
    const other = await after.send({ name: 'TransferComplete', commandKey: 'unrelated', faultStruct: { faultCode: 0, faultString: '' }, startTime: '', completeTime: '' });
    expect(other.message?.rpc?.name).toBe('TransferCompleteResponse');
    expect((await h.acs.handlers['tasks/get']({ taskId })).status).toBe('sent');
    await after.send({ name: 'TransferComplete', commandKey: 'fw-42', faultStruct: { faultCode: 0, faultString: '' }, startTime: '2026-01-01T00:00:00Z', completeTime: '2026-01-01T00:01:00Z' });
    t = await h.acs.handlers['tasks/get']({ taskId });
    expect(t.status).toBe('done');
    expect(t.transferComplete).toMatchObject({ faultCode: 0, completeTime: '2026-01-01T00:01:00Z' });
    await after.send(null);

    // A failed transfer: fault from the TransferComplete.
    const second = (await h.acs.handlers['tasks/create']({ deviceId: DEV, rpc: { name: 'Upload', commandKey: 'up-1', url: `${h.acs.urls().http}upload/cfg.bin` } })).taskId;
    const s3 = new ScriptedCpe(h.acs.urls().http!);
    await s3.send(makeInform('T1', [['6 CONNECTION REQUEST', '']]));
    await serve(s3, () => ({ name: 'UploadResponse', status: 1, startTime: '', completeTime: '' }));
    await s3.send(makeInform('T1', [['7 TRANSFER COMPLETE', ''], ['M Upload', 'up-1']]));
    await s3.send({ name: 'TransferComplete', commandKey: 'up-1', faultStruct: { faultCode: 9011, faultString: 'Upload failure' }, startTime: '', completeTime: '' });
    const failed = await h.acs.handlers['tasks/get']({ taskId: second });
    expect(failed.status).toBe('fault');
    expect(failed.fault?.faultCode).toBe(9011);
    expect(failed.message).toContain('Upload failure');
    after.destroy();
    s3.destroy();
  });

  it('a CancelTransfer the CPE accepts ends its ScheduleDownload and Download tasks as cancelled', async () => {
    const cpe = await informed();
    const url = `${h.acs.urls().http}files/fw.bin`;
    const sched = (await h.acs.handlers['tasks/create']({ deviceId: DEV, rpc: { name: 'ScheduleDownload', commandKey: 'sd-1', fileType: '1 Firmware Upgrade Image', url, fileSize: 10, timeWindowList: [{ windowStart: 0, windowEnd: 3600, windowMode: '1 At Any Time', maxRetries: 0 }] } })).taskId;
    const dl = (await h.acs.handlers['tasks/create']({ deviceId: DEV, rpc: { name: 'Download', commandKey: 'dl-1', fileType: '1 Firmware Upgrade Image', url } })).taskId;
    const other = (await h.acs.handlers['tasks/create']({ deviceId: DEV, rpc: { name: 'Download', commandKey: 'dl-keep', fileType: '1 Firmware Upgrade Image', url } })).taskId;
    await serve(cpe, (name) => (name === 'Download' ? { name: 'DownloadResponse', status: 1, startTime: '', completeTime: '' } : ok(name)));
    for (const id of [sched, dl, other]) expect((await h.acs.handlers['tasks/get']({ taskId: id })).message).toMatch(/Waiting for TransferComplete/);

    const c1 = (await h.acs.handlers['tasks/create']({ deviceId: DEV, rpc: { name: 'CancelTransfer', commandKey: 'sd-1' } })).taskId;
    const c2 = (await h.acs.handlers['tasks/create']({ deviceId: DEV, rpc: { name: 'CancelTransfer', commandKey: 'dl-1' } })).taskId;
    const s2 = new ScriptedCpe(h.acs.urls().http!);
    await s2.send(makeInform('T1', [['6 CONNECTION REQUEST', '']]));
    expect(await serve(s2, (name) => ok(name))).toEqual(['CancelTransfer', 'CancelTransfer']);
    expect((await h.acs.handlers['tasks/get']({ taskId: c1 })).status).toBe('done');
    expect((await h.acs.handlers['tasks/get']({ taskId: c2 })).status).toBe('done');
    const s = await h.acs.handlers['tasks/get']({ taskId: sched });
    expect(s.status).toBe('cancelled');
    expect(s.message).toContain(c1);
    expect((await h.acs.handlers['tasks/get']({ taskId: dl })).status).toBe('cancelled');
    // A transfer with another CommandKey keeps waiting.
    expect((await h.acs.handlers['tasks/get']({ taskId: other })).status).toBe('sent');

    // A CancelTransfer the CPE refuses (9021: cannot cancel) leaves the transfer waiting.
    const c3 = (await h.acs.handlers['tasks/create']({ deviceId: DEV, rpc: { name: 'CancelTransfer', commandKey: 'dl-keep' } })).taskId;
    const s3 = new ScriptedCpe(h.acs.urls().http!);
    await s3.send(makeInform('T1', [['6 CONNECTION REQUEST', '']]));
    await serve(s3, () => ({ name: 'Fault', soapFaultCode: 'Client', soapFaultString: 'CWMP fault', faultCode: 9021, faultString: 'Cancelation of file transfer not permitted in current transfer state' }));
    expect((await h.acs.handlers['tasks/get']({ taskId: c3 })).status).toBe('fault');
    expect((await h.acs.handlers['tasks/get']({ taskId: other })).status).toBe('sent');
    cpe.destroy();
    s2.destroy();
    s3.destroy();
  });

  it('times out a transfer whose TransferComplete never comes, saying why', async () => {
    await h.acs.settings.update({ transferTimeoutMs: 200 });
    const cpe = await informed();
    const { taskId } = await h.acs.handlers['tasks/create']({ deviceId: DEV, rpc: { name: 'Download', commandKey: 'never', url: 'http://127.0.0.1/files/x' } });
    await serve(cpe, () => ({ name: 'DownloadResponse', status: 1, startTime: '', completeTime: '' }));
    // The sweep runs every few seconds; wait for its event rather than sleeping a fixed time.
    const timedOut = await waitFor(() => h.events.find((e) => e.event === 'tasks/changed' && e.data.id === taskId && e.data.status === 'timed-out'), 10_000);
    expect(timedOut.event === 'tasks/changed' && timedOut.data.message).toMatch(/No TransferComplete with CommandKey "never"/);
    cpe.destroy();
  });

  it('queues tasks for devices not seen yet, by serial or full id; they run on the first Inform, across a restart', async () => {
    await expect(h.acs.handlers['tasks/list']({ deviceId: 'P1' })).rejects.toThrow(/No device P1/);
    const bySerial = (await h.acs.handlers['tasks/create']({ deviceId: 'P1', rpc: { name: 'GetRPCMethods' }, connectionRequest: true })).taskId;
    const byId = (await h.acs.handlers['tasks/create']({ deviceId: deviceIdOf('P1'), rpc: { name: 'Reboot', commandKey: 'first' } })).taskId;
    const dropped = (await h.acs.handlers['tasks/create']({ deviceId: 'P1', rpc: { name: 'FactoryReset' } })).taskId;
    const other = (await h.acs.handlers['tasks/create']({ deviceId: 'P2', rpc: { name: 'GetRPCMethods' } })).taskId;
    expect(await h.acs.handlers['tasks/get']({ taskId: bySerial })).toMatchObject({ status: 'queued', deviceId: 'P1', message: expect.stringContaining('first Inform') });
    expect((await h.acs.handlers['tasks/list']({ deviceId: 'P1' })).tasks.map((t: TaskInfo) => t.id)).toEqual([bySerial, dropped]);
    expect(await h.acs.handlers['tasks/cancel']({ taskId: dropped })).toEqual({ cancelled: true });
    expect((await h.acs.handlers['devices/list']({})).devices).toEqual([]);

    // Prepared, then the ACS restarts before the CPE is powered on.
    await h.restart();
    expect((await h.acs.handlers['tasks/get']({ taskId: byId })).status).toBe('queued');

    const cpe = new ScriptedCpe(h.acs.urls().http!);
    await cpe.send(makeInform('P1'));
    expect(await serve(cpe, (name) => ok(name))).toEqual(['GetRPCMethods', 'Reboot']);
    const dev = deviceIdOf('P1');
    expect(await h.acs.handlers['tasks/get']({ taskId: bySerial })).toMatchObject({ status: 'done', deviceId: dev });
    expect(await h.acs.handlers['tasks/get']({ taskId: byId })).toMatchObject({ status: 'done', deviceId: dev });
    expect(await h.acs.handlers['tasks/get']({ taskId: dropped })).toMatchObject({ status: 'cancelled', deviceId: dev });
    expect((await h.acs.handlers['tasks/list']({ deviceId: dev })).tasks.map((t: TaskInfo) => t.id)).toEqual([bySerial, byId, dropped]);
    // Another device's pending task stays where it is.
    expect(await h.acs.handlers['tasks/get']({ taskId: other })).toMatchObject({ status: 'queued', deviceId: 'P2' });
    // A known device is found by its serial number too.
    const later = (await h.acs.handlers['tasks/create']({ deviceId: 'P1', rpc: { name: 'GetRPCMethods' } })).taskId;
    expect((await h.acs.handlers['tasks/get']({ taskId: later })).deviceId).toBe(dev);
    cpe.destroy();
  });

  it('ties a file transfer to the device whose task names its URL, even after the session ended', async () => {
    const cpe = await informed();
    const files = h.acs.urls().files!;
    await writeFile(join(h.dataDir, 'files', 'fw-T1.bin'), 'image');
    await h.acs.handlers['tasks/create']({ deviceId: DEV, rpc: { name: 'Download', commandKey: 'fw', url: `${files}fw-T1.bin` } });
    await h.acs.handlers['tasks/create']({ deviceId: DEV, rpc: { name: 'Upload', commandKey: 'log', url: `${files}upload/log-T1.txt` } });
    await serve(cpe, (name) => ({ name: `${name}Response`, status: 1, startTime: '', completeTime: '' }) as CpeResponse);
    cpe.destroy();
    // The session is over when the CPE gets round to the transfers.
    const got = await fetch(`${files}fw-T1.bin`);
    expect(await got.text()).toBe('image');
    const put = await fetch(`${files}upload/log-T1.txt`, { method: 'PUT', body: 'log lines' });
    expect(put.status).toBeLessThan(300);
    const stray = await fetch(`${files}nobody.bin`);
    expect(stray.status).toBe(404);
    const fileExchanges = () => [...h.exchanges.values()].filter((x) => x.kind === 'file' && x.finishedAt);
    await waitFor(() => (fileExchanges().length >= 3 ? true : undefined), 5_000);
    const byPath = new Map(fileExchanges().map((x) => [x.request?.url, x.deviceId]));
    expect(byPath.get('/files/fw-T1.bin')).toBe(DEV);
    expect(byPath.get('/files/upload/log-T1.txt')).toBe(DEV);
    expect(byPath.get('/files/nobody.bin')).toBeUndefined();
  });

  it('keeps devices, trees, tasks and credentials across a restart', async () => {
    const cpe = await informed();
    const done = (await h.acs.handlers['tasks/create']({ deviceId: DEV, rpc: { name: 'GetParameterValues', parameterNames: ['Device.WiFi.SSID.1.SSID'] } })).taskId;
    await serve(cpe, (name) => ok(name));
    cpe.destroy();
    const queued = (await h.acs.handlers['tasks/create']({ deviceId: DEV, rpc: { name: 'Reboot', commandKey: 'later' } })).taskId;
    await h.acs.handlers['devices/set-credentials']({ deviceId: DEV, connectionRequest: { username: 'cr', password: 'secret' } });

    await h.restart();

    const devices = (await h.acs.handlers['devices/list']({})).devices;
    expect(devices.map((d) => d.id)).toEqual([DEV]);
    const detail = await h.acs.handlers['devices/get']({ deviceId: DEV });
    expect(detail.parameters.find((p) => p.path === 'Device.WiFi.SSID.1.SSID')?.value).toBe('bench');
    expect((await h.acs.handlers['tasks/get']({ taskId: done })).status).toBe('done');
    expect((await h.acs.handlers['tasks/get']({ taskId: queued })).status).toBe('queued');
    // The queued task goes out in the next session after the restart.
    const back = new ScriptedCpe(h.acs.urls().http!);
    await back.send(makeInform('T1', [['1 BOOT', '']]));
    expect(await serve(back, (name) => ok(name))).toEqual(['Reboot']);
    back.destroy();
  });

  it('deletes a device and its files', async () => {
    (await informed()).destroy();
    expect(await h.acs.handlers['devices/delete']({ deviceId: DEV })).toEqual({ deleted: true });
    expect(await h.acs.handlers['devices/delete']({ deviceId: DEV })).toEqual({ deleted: false });
    await h.restart();
    expect((await h.acs.handlers['devices/list']({})).devices).toEqual([]);
  });

  it('after a crash, marks tasks that were on the wire as timed out and keeps transfers waiting', async () => {
    await h.acs.stop();
    const file = join(h.dataDir, 'devices', `${encodeURIComponent(DEV)}.json`);
    await mkdir(join(h.dataDir, 'devices'), { recursive: true });
    const info = { id: DEV, manufacturer: 'Acme', oui: '00D09E', productClass: 'HGW', serialNumber: 'T1', firstSeen: 1, lastInform: 1 };
    const tasks = [
      { id: 't-sent', deviceId: DEV, rpc: { name: 'Reboot', commandKey: '' }, status: 'sent', createdAt: 1, sentAt: 2 },
      { id: 't-dl', deviceId: DEV, rpc: { name: 'Download', commandKey: 'k', url: 'http://x/' }, status: 'sent', createdAt: 1, sentAt: Date.now(), result: { name: 'DownloadResponse', status: 1, startTime: '', completeTime: '' } },
      { id: 't-queued', deviceId: DEV, rpc: { name: 'GetRPCMethods' }, status: 'queued', createdAt: 1 },
    ];
    await writeFile(file, JSON.stringify({ version: 1, info, cpeAuth: null, connectionRequestAuth: null, parameters: [], tasks }));
    await h.restart();
    expect((await h.acs.handlers['tasks/get']({ taskId: 't-sent' })).status).toBe('timed-out');
    expect((await h.acs.handlers['tasks/get']({ taskId: 't-dl' })).status).toBe('sent');
    expect((await h.acs.handlers['tasks/get']({ taskId: 't-queued' })).status).toBe('queued');
  });
});
