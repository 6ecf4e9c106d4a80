import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../src-renderer/src/state/caller';
import { createTasksStore } from '../../../src-renderer/src/state/tasks';
import { createDevicesStore } from '../../../src-renderer/src/state/devices';
import { checkXsdValue } from '../../../src-renderer/src/state/validate';
import { task } from './fixtures';

const noApi: Caller = { call: () => Promise.reject(new Error('offline')) };

describe('tasks slice', () => {
  it('resolves whenFinished once the task reaches a final state', async () => {
    const s = createTasksStore(noApi);
    s.getState().upsert(task({ id: 't1', status: 'queued' }));
    const done = s.getState().whenFinished('t1', 1000);
    s.getState().upsert(task({ id: 't1', status: 'sent' }));
    s.getState().upsert(task({ id: 't1', status: 'fault', fault: { name: 'Fault', soapFaultCode: 'Client', soapFaultString: 'CWMP fault', faultCode: 9005, faultString: 'Invalid parameter name' } }));
    await expect(done).resolves.toMatchObject({ status: 'fault' });
  });

  it('rejects whenFinished after its timeout', async () => {
    const s = createTasksStore(noApi);
    await expect(s.getState().whenFinished('never', 20)).rejects.toThrow(/did not finish/);
  });

  it('lists a device’s tasks newest first', () => {
    const s = createTasksStore(noApi);
    s.getState().upsert(task({ id: 'a', createdAt: 1 }));
    s.getState().upsert(task({ id: 'b', createdAt: 3 }));
    s.getState().upsert(task({ id: 'c', createdAt: 2, deviceId: 'other' }));
    expect(s.getState().forDevice('ACME-Box-001').map((t) => t.id)).toEqual(['b', 'a']);
  });
});

describe('devices slice', () => {
  it('upserts, removes and records connection request failures', async () => {
    const s = createDevicesStore(noApi);
    const base = { manufacturer: 'ACME', oui: '00AA00', productClass: 'Box', serialNumber: '1', firstSeen: 1, online: true, pendingTasks: 0 };
    s.getState().upsert({ id: 'b', ...base });
    s.getState().upsert({ id: 'a', ...base });
    s.getState().upsert({ id: 'b', ...base, online: false });
    expect(s.getState().devices.map((d) => [d.id, d.online])).toEqual([
      ['a', true],
      ['b', false],
    ]);
    s.getState().select('b');
    s.getState().remove('b');
    expect(s.getState().selectedId).toBeNull();
    await s.getState().connectionRequest('a');
    expect(s.getState().lastConnectionRequest.a).toMatchObject({ outcome: 'error', message: 'offline' });
  });
});

describe('xsd value check', () => {
  it('accepts and refuses by type', () => {
    expect(checkXsdValue('p', '4294967295', 'xsd:unsignedInt')).toBeNull();
    expect(checkXsdValue('p', '4294967296', 'xsd:unsignedInt')).toMatch(/between/);
    expect(checkXsdValue('p', 'yes', 'xsd:boolean')).toMatch(/boolean/);
    expect(checkXsdValue('p', '2024-01-31T12:00:00Z', 'xsd:dateTime')).toBeNull();
    expect(checkXsdValue('p', 'abc', 'xsd:hexBinary')).toMatch(/hex/);
    expect(checkXsdValue('p', 'anything', 'xsd:string')).toBeNull();
  });
});
