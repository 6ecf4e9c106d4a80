import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TaskInfo, TaskRequest } from '../../../src-shared/api/tasks';
import { createSimulator, type Simulator } from '../../../src-main/sim/index';
import { startAcs, waitFor, type Harness } from './helpers';

let h: Harness | undefined;
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.stop();
  await h?.close();
  sim = undefined;
  h = undefined;
});

const CR = { username: 'cr-user', password: 'cr-pass' };

async function setup(mode: 'basic' | 'digest', count = 2): Promise<{ h: Harness; sim: Simulator }> {
  h = await startAcs();
  await h.acs.settings.update({ auth: { mode, username: 'acs-user', password: 'acs-pass' } });
  sim = await createSimulator({ acsUrl: `${h.acs.urls().http}cwmp`, count, acsAuth: { username: 'acs-user', password: 'acs-pass' }, connectionRequestAuth: CR, rebootDelayMs: 50, retryBaseMs: 100 });
  await sim.start();
  await waitFor(() => sim!.devices.every((d) => d.sessions.some((s) => s.ok)));
  for (const d of sim.devices) await h.acs.handlers['devices/set-credentials']({ deviceId: d.deviceId, connectionRequest: CR });
  return { h, sim };
}

/** Creates a task with "run now" and waits until it is finished (done, fault or timed out). */
async function runNow(deviceId: string, rpc: TaskRequest): Promise<TaskInfo> {
  const { taskId } = await h!.acs.handlers['tasks/create']({ deviceId, rpc, connectionRequest: true });
  const until = Date.now() + 10_000;
  for (;;) {
    const t = await h!.acs.handlers['tasks/get']({ taskId });
    if (t.status !== 'queued' && t.status !== 'sent') return t;
    if (Date.now() > until) throw new Error(`task ${rpc.name} still ${t.status}: ${t.message ?? ''}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('ACS ↔ built-in simulator', () => {
  it('registers BOOTSTRAP sessions from Digest-authenticated simulated CPEs', async () => {
    const { h, sim } = await setup('digest');
    const { devices } = await h.acs.handlers['devices/list']({});
    expect(devices.map((d) => d.id).sort()).toEqual(sim.devices.map((d) => d.deviceId).sort());
    for (const d of devices) {
      expect(d.lastEvents?.map((e) => e.eventCode)).toContain('0 BOOTSTRAP');
      expect(d.connectionRequestUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
      expect(d.root).toBe('Device');
    }
    expect([...h.exchanges.values()].some((x) => x.response?.status === 401 && x.notes?.includes('auth-challenge'))).toBe(true);
  });

  it('runs every ACS-initiated RPC against a simulated device ("run now" over a Digest connection request)', async () => {
    const { h, sim } = await setup('basic', 1);
    const dev = sim.devices[0];
    const id = dev.deviceId;
    await h.acs.files.init();
    const base = h.acs.urls().http!;

    const gpn = await runNow(id, { name: 'GetParameterNames', parameterPath: 'Device.DeviceInfo.', nextLevel: true });
    expect(gpn.status).toBe('done');
    expect(gpn.result?.name).toBe('GetParameterNamesResponse');

    const gpv = await runNow(id, { name: 'GetParameterValues', parameterNames: ['Device.DeviceInfo.SerialNumber'] });
    expect(gpv.status).toBe('done');
    const detail = await h.acs.handlers['devices/get']({ deviceId: id });
    expect(detail.parameters.find((p) => p.path === 'Device.DeviceInfo.SerialNumber')?.value).toBe(dev.serialNumber);
    expect(detail.parameters.find((p) => p.path === 'Device.DeviceInfo.SerialNumber')?.writable).toBe(false);

    const spv = await runNow(id, { name: 'SetParameterValues', parameterList: [{ name: 'Device.ManagementServer.PeriodicInformInterval', value: '600', type: 'xsd:unsignedInt' }], parameterKey: 'k1' });
    expect(spv.status).toBe('done');
    expect(dev.getValue('Device.ManagementServer.PeriodicInformInterval')).toBe('600');

    const gpa = await runNow(id, { name: 'GetParameterAttributes', parameterNames: ['Device.DeviceInfo.SoftwareVersion'] });
    expect(gpa.status).toBe('done');
    const spa = await runNow(id, { name: 'SetParameterAttributes', parameterList: [{ name: 'Device.DeviceInfo.SoftwareVersion', notificationChange: true, notification: 2 }] });
    expect(spa.status).toBe('done');
    const tree = (await h.acs.handlers['devices/get']({ deviceId: id })).parameters;
    expect(tree.find((p) => p.path === 'Device.DeviceInfo.SoftwareVersion')?.notification).toBe(2);

    const add = await runNow(id, { name: 'AddObject', objectName: 'Device.NAT.PortMapping.' });
    expect(add.status).toBe('done');
    const instance = add.result?.name === 'AddObjectResponse' ? add.result.instanceNumber : -1;
    expect(dev.has(`Device.NAT.PortMapping.${instance}.`)).toBe(true);
    const del = await runNow(id, { name: 'DeleteObject', objectName: `Device.NAT.PortMapping.${instance}.` });
    expect(del.status).toBe('done');
    expect(dev.has(`Device.NAT.PortMapping.${instance}.`)).toBe(false);

    // Download from the ACS file store, finished by TransferComplete.
    // With CPE authentication on, only the user puts files for Download (a CPE may write only where an Upload task says).
    await writeFile(join(h.dataDir, 'files', 'fw-sim.bin'), 'firmware-bytes');
    const dl = await runNow(id, { name: 'Download', commandKey: 'dl-sim', url: `${base}files/fw-sim.bin`, fileSize: 14 });
    expect(dl.status, dl.message).toBe('done');
    expect(dl.transferComplete?.faultCode ?? 0).toBe(0);
    expect([...h.exchanges.values()].some((x) => x.kind === 'file' && x.request?.url === '/files/fw-sim.bin' && x.response?.status === 200)).toBe(true);

    // Everything else reaches a final state with the matching response or a CWMP fault.
    const rest: TaskRequest[] = [
      { name: 'GetRPCMethods' },
      { name: 'ScheduleInform', delaySeconds: 1, commandKey: 'si' },
      { name: 'Upload', commandKey: 'up-sim', url: `${base}upload/cfg-sim.xml` },
      { name: 'GetQueuedTransfers' },
      { name: 'GetAllQueuedTransfers' },
      { name: 'GetOptions', optionName: '' },
      { name: 'SetVouchers', voucherList: ['AAAA'] },
      { name: 'CancelTransfer', commandKey: 'nothing' },
      { name: 'ScheduleDownload', commandKey: 'sd', url: `${base}files/fw-sim.bin`, timeWindowList: [{ windowStart: 0, windowEnd: 60 }] },
      { name: 'ChangeDUState', operations: [{ type: 'Install', url: `${base}files/fw-sim.bin` }], commandKey: 'du' },
      { name: 'Reboot', commandKey: 'rb' },
      { name: 'FactoryReset' },
    ];
    for (const rpc of rest) {
      const t = await runNow(id, rpc);
      if (process.env.ACS_TEST_DEBUG) console.log(rpc.name, t.status, t.result?.name, t.fault?.faultCode, t.message);
      expect(['done', 'fault'], `${rpc.name}: ${t.status} ${t.message ?? ''}`).toContain(t.status);
      if (t.status === 'done') expect(t.result?.name ?? 'TransferComplete').toMatch(new RegExp(`^(${rpc.name}Response|TransferComplete)$`));
      else expect(t.fault?.faultCode).toBeGreaterThanOrEqual(9000);
    }
    // The Upload landed in the file store.
    expect((await h.acs.files.list()).map((f) => f.name)).toContain('cfg-sim.xml');
    // The ChangeDUState's DUStateChangeComplete was matched to its task by CommandKey.
    const du = (await h.acs.handlers['tasks/list']({ deviceId: id })).tasks.find((t) => t.rpc.name === 'ChangeDUState');
    expect(du?.duStateChangeComplete?.results.length).toBeGreaterThan(0);
    // The reboot brought a new session with M Reboot.
    await waitFor(() => dev.sessions.some((s) => s.events.includes('M Reboot')));
  });

  it('records the simulator\'s faults: 9005 for unknown names, 9008 per parameter for read-only', async () => {
    const { h, sim } = await setup('digest', 1);
    const id = sim.devices[0].deviceId;
    const unknown = await runNow(id, { name: 'GetParameterValues', parameterNames: ['Device.NoSuchThing.'] });
    expect(unknown.status).toBe('fault');
    expect(unknown.fault?.faultCode).toBe(9005);
    const ro = await runNow(id, { name: 'SetParameterValues', parameterList: [{ name: 'Device.DeviceInfo.SerialNumber', value: 'x' }] });
    expect(ro.status).toBe('fault');
    expect(ro.fault?.setParameterValuesFault?.[0]).toMatchObject({ parameterName: 'Device.DeviceInfo.SerialNumber', faultCode: 9008 });
    // The rejected value did not reach the ACS's tree.
    const serial = (await h.acs.handlers['devices/get']({ deviceId: id })).parameters.find((p) => p.path === 'Device.DeviceInfo.SerialNumber');
    expect(serial?.value).not.toBe('x');
  });
});
