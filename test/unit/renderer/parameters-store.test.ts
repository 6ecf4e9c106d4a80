import { describe, expect, it } from 'vitest';
import type { TaskInfo } from '../../../src-shared/api/index';
import type { Caller } from '../../../src-renderer/src/state/caller';
import { createParametersStore } from '../../../src-renderer/src/state/parameters';
import { createTasksStore } from '../../../src-renderer/src/state/tasks';
import { indexTree, parentOf } from '../../../src-renderer/src/state/param-paths';

/** A fake workbench: answers GPN/GPV tasks from a small tree as soon as they are created. */
function fakeWorkbench() {
  const created: Array<{ rpc: { name: string; [k: string]: unknown }; connectionRequest?: boolean; followUp?: string }> = [];
  let seq = 0;
  const tree: Record<string, { value?: string; type?: string; writable: boolean }> = {
    'Device.DeviceInfo.': { writable: false },
    'Device.DeviceInfo.SoftwareVersion': { value: '1.0', type: 'xsd:string', writable: false },
    'Device.DeviceInfo.ProvisioningCode': { value: 'A', type: 'xsd:string', writable: true },
    'Device.ManagementServer.': { writable: false },
    'Device.ManagementServer.PeriodicInformInterval': { value: '300', type: 'xsd:unsignedInt', writable: true },
  };
  let onTask: (t: TaskInfo) => void = () => undefined;
  const answer = (rpc: { name: string; [k: string]: unknown }): { name: string; parameterList: unknown[] } | undefined => {
    if (rpc.name === 'GetParameterNames') {
      const base = rpc.parameterPath as string;
      return {
        name: 'GetParameterNamesResponse',
        parameterList: Object.entries(tree)
          .filter(([p]) => parentOf(p) === base)
          .map(([name, v]) => ({ name, writable: v.writable })),
      };
    }
    if (rpc.name === 'GetParameterAttributes') {
      return {
        name: 'GetParameterAttributesResponse',
        parameterList: (rpc.parameterNames as string[]).map((name) => ({ name, notification: name.endsWith('SoftwareVersion') ? 2 : 0, accessList: ['Subscriber'] })),
      };
    }
    if (rpc.name === 'GetParameterValues') {
      return {
        name: 'GetParameterValuesResponse',
        parameterList: (rpc.parameterNames as string[]).map((name) => ({ name, value: tree[name].value, type: tree[name].type })),
      };
    }
    return undefined;
  };
  const api = {
    async call(method: string, params: Record<string, unknown>) {
      if (method === 'devices/get') return { id: 'D', parameters: [], root: 'Device' };
      if (method === 'tasks/create') {
        const rpc = params.rpc as { name: string; [k: string]: unknown };
        const followUp = params.followUp as string | undefined;
        created.push({ rpc, connectionRequest: params.connectionRequest as boolean, followUp });
        const id = `t${++seq}`;
        const result = answer(rpc);
        // Like the ACS: the names' follow-ups are queued once the GPN is answered, in the same session.
        const followUps: TaskInfo[] = [];
        if (followUp && result?.name === 'GetParameterNamesResponse') {
          const names = (result.parameterList as Array<{ name: string }>).map((p) => p.name).filter((n) => !n.endsWith('.'));
          const rpcs = [{ name: 'GetParameterValues', parameterNames: names }];
          if (followUp === 'values-and-attributes') rpcs.push({ name: 'GetParameterAttributes', parameterNames: names });
          for (const f of rpcs) {
            created.push({ rpc: f, followUp: `of ${id}` });
            followUps.push({ id: `t${++seq}`, deviceId: 'D', rpc: f as TaskInfo['rpc'], status: 'done', createdAt: 2, finishedAt: 3, result: answer(f) as TaskInfo['result'], parentTaskId: id });
          }
        }
        const task: TaskInfo = { id, deviceId: 'D', rpc: rpc as TaskInfo['rpc'], status: result ? 'done' : 'queued', createdAt: 1, finishedAt: 2, result: result as TaskInfo['result'] };
        if (followUps.length) task.followUpTaskIds = followUps.map((t) => t.id);
        queueMicrotask(() => [task, ...followUps].forEach((t) => onTask(t)));
        return { taskId: id };
      }
      if (method === 'tasks/get') return { id: params.taskId, deviceId: 'D', rpc: { name: 'X' }, status: 'queued', createdAt: 1 };
      throw new Error(`unexpected ${method}`);
    },
  } as unknown as Caller;
  const tasks = createTasksStore(api);
  onTask = (t) => tasks.getState().upsert(t);
  return { api, tasks, created };
}

describe('parameter tree slice', () => {
  it('expanding an object queues one GPN (next level) whose follow-ups read values and attributes of its leaves, and merges all', async () => {
    const { api, tasks, created } = fakeWorkbench();
    const p = createParametersStore({ api, tasks });
    await p.getState().open('D', 'Device');
    await p.getState().toggle('Device.DeviceInfo.');
    expect(created.map((c) => c.rpc.name)).toEqual(['GetParameterNames', 'GetParameterValues', 'GetParameterAttributes']);
    expect(created[0].rpc).toMatchObject({ parameterPath: 'Device.DeviceInfo.', nextLevel: true });
    expect(created[0].connectionRequest).toBe(true);
    expect(created[0].followUp).toBe('values-and-attributes');
    expect(created.filter((c) => c.connectionRequest !== undefined)).toHaveLength(1); // one task asked for, one connection request
    expect([...(created[1].rpc.parameterNames as string[])].sort()).toEqual(['Device.DeviceInfo.ProvisioningCode', 'Device.DeviceInfo.SoftwareVersion']);
    const node = p.getState().nodes.get('Device.DeviceInfo.ProvisioningCode');
    expect(node).toMatchObject({ value: 'A', writable: true, type: 'xsd:string', notification: 0, accessList: ['Subscriber'] });
    expect(p.getState().nodes.get('Device.DeviceInfo.SoftwareVersion')?.notification).toBe(2);
    expect(p.getState().expanded.has('Device.DeviceInfo.')).toBe(true);
    expect(p.getState().busy.size).toBe(0);
    expect(p.getState().lastRead).toEqual({ path: 'Device.DeviceInfo.', ms: 2, requests: 3 });
  });

  it('validates edits before sending and batches them into one SetParameterValues', async () => {
    const { api, tasks, created } = fakeWorkbench();
    const p = createParametersStore({ api, tasks });
    await p.getState().open('D', 'Device');
    await p.getState().toggle('Device.ManagementServer.');
    await p.getState().toggle('Device.DeviceInfo.');
    p.getState().edit('Device.ManagementServer.PeriodicInformInterval', '-5');
    expect(p.getState().edits['Device.ManagementServer.PeriodicInformInterval'].error).toMatch(/unsignedInt/);
    expect(await p.getState().applyEdits()).toBeNull();
    const before = created.length;
    p.getState().edit('Device.ManagementServer.PeriodicInformInterval', '60');
    p.getState().edit('Device.DeviceInfo.ProvisioningCode', 'LAB');
    p.getState().setApplyNow(false);
    const taskId = await p.getState().applyEdits();
    expect(taskId).toBeTruthy();
    expect(created.length).toBe(before + 1);
    const spv = created[created.length - 1];
    expect(spv.connectionRequest).toBe(false);
    expect(spv.rpc.name).toBe('SetParameterValues');
    expect(spv.rpc.parameterList).toEqual([
      { name: 'Device.ManagementServer.PeriodicInformInterval', value: '60', type: 'xsd:unsignedInt' },
      { name: 'Device.DeviceInfo.ProvisioningCode', value: 'LAB', type: 'xsd:string' },
    ]);
    expect(p.getState().edits).toEqual({});
    expect(p.getState().changes[0]).toMatchObject({ kind: 'set', taskId, paths: ['Device.ManagementServer.PeriodicInformInterval', 'Device.DeviceInfo.ProvisioningCode'] });
  });

  it('adds and deletes instances and changes notification through tasks', async () => {
    const { api, tasks, created } = fakeWorkbench();
    const p = createParametersStore({ api, tasks });
    await p.getState().open('D', 'Device');
    await p.getState().addInstance('Device.NAT.PortMapping.');
    await p.getState().deleteInstance('Device.NAT.PortMapping.3.');
    expect(await p.getState().deleteInstance('Device.NAT.')).toBeNull();
    await p.getState().setNotification('Device.DeviceInfo.SoftwareVersion', 2);
    expect(created.map((c) => c.rpc.name)).toEqual(['AddObject', 'DeleteObject', 'SetParameterAttributes']);
    expect(created[0].rpc.objectName).toBe('Device.NAT.PortMapping.');
    expect(created[1].rpc.objectName).toBe('Device.NAT.PortMapping.3.');
    expect(created[2].rpc.parameterList).toEqual([{ name: 'Device.DeviceInfo.SoftwareVersion', notificationChange: true, notification: 2, accessListChange: false, accessList: [] }]);
  });
});

describe('indexTree', () => {
  it('fills in missing ancestors and sorts instances numerically', () => {
    const { nodes, children } = indexTree([
      { path: 'Device.IP.Interface.10.Enable', object: false },
      { path: 'Device.IP.Interface.2.Enable', object: false },
      { path: 'Device.IP.Interface.1', object: true },
    ]);
    expect(nodes.get('Device.IP.')?.object).toBe(true);
    expect(children.get('Device.IP.Interface.')).toEqual(['Device.IP.Interface.1.', 'Device.IP.Interface.2.', 'Device.IP.Interface.10.']);
    expect(children.get('')).toEqual(['Device.']);
  });
});
