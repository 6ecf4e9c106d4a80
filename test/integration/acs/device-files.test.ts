import { appendFile, cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Inform } from '../../../src-shared/cwmp/types';
import { EventHub } from '../../../src-main/runtime/event-hub';
import { DeviceRegistry } from '../../../src-main/devices/device-registry';
import { TaskManager } from '../../../src-main/devices/task-manager';

const deviceId = { manufacturer: 'Acme', oui: '00D09E', productClass: 'HGW', serialNumber: 'F1' };
const ID = '00D09E-HGW-F1';

function inform(upTime: number): Inform {
  return {
    name: 'Inform',
    deviceId,
    event: [{ eventCode: '2 PERIODIC', commandKey: '' }],
    maxEnvelopes: 1,
    currentTime: '2026-01-01T00:00:00Z',
    retryCount: 0,
    parameterList: [
      { name: 'Device.DeviceInfo.SoftwareVersion', value: '1.0', type: 'xsd:string' },
      { name: 'Device.DeviceInfo.UpTime', value: String(upTime), type: 'xsd:unsignedInt' },
    ],
  } as Inform;
}

describe('device files: status + delta, tree snapshot and tasks only when they change', () => {
  let dir: string;
  let registry: DeviceRegistry;
  const meta = (): string => join(dir, `${ID}.json`);
  const treeFile = (): string => join(dir, `${ID}.tree.json`);
  const tasksFile = (): string => join(dir, `${ID}.tasks.json`);

  async function reopen(): Promise<DeviceRegistry> {
    const r = new DeviceRegistry(dir, new EventHub());
    const { errors } = await r.load();
    expect(errors).toEqual([]);
    return r;
  }

  async function informAndSave(r: DeviceRegistry, upTime: number): Promise<void> {
    const { record, changed } = r.applyInform(inform(upTime), { ip: '127.0.0.1', cwmpVersion: '1.4', now: Date.now() });
    r.parametersChanged(record.info.id, changed);
    r.touch(record.info.id);
    await r.flush();
  }

  /** A big tree learnt by GetParameterNames + GetParameterValues (2,000 parameters). */
  async function bigTree(r: DeviceRegistry): Promise<void> {
    const record = r.get(ID)!;
    const names = Array.from({ length: 2000 }, (_, i) => ({ name: `Device.Hosts.Host.${(i % 100) + 1}.P${Math.floor(i / 100)}`, writable: false }));
    record.tree.mergeNames(names, 'Device.', false, 1);
    record.tree.mergeValues(names.map((n) => ({ name: n.name, value: `v-${n.name}`, type: 'xsd:string' })), 2);
    r.parametersChanged(ID, ['Device.']);
    await r.flush();
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cwmp-devfiles-'));
    registry = new DeviceRegistry(dir, new EventHub());
    await registry.load();
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('an Inform rewrites only the small status file, and a restart sees its values', async () => {
    await informAndSave(registry, 1);
    await bigTree(registry);
    const snapshot = await stat(treeFile());
    const snapshotText = await readFile(treeFile(), 'utf8');

    await informAndSave(registry, 42);
    const after = await stat(treeFile());
    expect(after.ino).toBe(snapshot.ino);
    expect(await readFile(treeFile(), 'utf8')).toBe(snapshotText);
    expect((await stat(meta())).size).toBeLessThan(snapshot.size / 20);
    expect((await stat(meta())).mode & 0o777).toBe(0o600);
    expect((await stat(treeFile())).mode & 0o777).toBe(0o600);

    const back = await reopen();
    const tree = back.get(ID)!.tree;
    expect(tree.get('Device.DeviceInfo.UpTime')?.value).toBe('42');
    expect(tree.size).toBe(registry.get(ID)!.tree.size);
    expect(tree.list()).toEqual(registry.get(ID)!.tree.list());
    // The restored delta is still pending: a later save keeps it.
    await informAndSave(back, 43);
    expect((await reopen()).get(ID)!.tree.get('Device.DeviceInfo.UpTime')?.value).toBe('43');
  });

  it('tasks live in their own file, rewritten when a task changes and not on an Inform', async () => {
    await informAndSave(registry, 1);
    const tasks = new TaskManager(registry, new EventHub(), () => 60_000);
    const task = tasks.create(ID, { name: 'SetParameterValues', parameterList: [{ name: 'Device.X.Password', value: 'p', type: 'xsd:string' }], parameterKey: '' });
    await registry.flush();
    const written = await stat(tasksFile());
    expect(written.mode & 0o777).toBe(0o600);
    await informAndSave(registry, 2);
    expect((await stat(tasksFile())).ino).toBe(written.ino);
    expect(JSON.parse(await readFile(meta(), 'utf8')).tasks).toBeUndefined();
    tasks.cancel(task.id);
    await registry.flush();
    expect((await stat(tasksFile())).ino).not.toBe(written.ino);
    const back = await reopen();
    expect(back.get(ID)!.tasks.map((t) => [t.id, t.status])).toEqual([[task.id, 'cancelled']]);
    expect(back.get(ID)!.tree.get('Device.DeviceInfo.UpTime')?.value).toBe('2');
  });

  it('a removal rewrites the snapshot, and survives a restart', async () => {
    await informAndSave(registry, 1);
    await bigTree(registry);
    const before = await stat(treeFile());
    const record = registry.get(ID)!;
    registry.parametersChanged(ID, record.tree.deleteObject('Device.Hosts.Host.7.'));
    await registry.flush();
    expect((await stat(treeFile())).ino).not.toBe(before.ino);
    const back = await reopen();
    expect(back.get(ID)!.tree.get('Device.Hosts.Host.7.')).toBeUndefined();
    expect(back.get(ID)!.tree.get('Device.Hosts.Host.8.P3')?.value).toBe('v-Device.Hosts.Host.8.P3');
    expect(back.get(ID)!.tree.list()).toEqual(record.tree.list());
  });

  it('a crash between the snapshot and the status file keeps the newer snapshot and the older status', async () => {
    await informAndSave(registry, 1);
    await bigTree(registry);
    await informAndSave(registry, 5);
    const oldMeta = await readFile(meta(), 'utf8');
    // A change needing a snapshot, then "crash" before the status file lands: put the old one back.
    registry.get(ID)!.tree.deleteObject('Device.Hosts.Host.3.');
    await informAndSave(registry, 9);
    await writeFile(meta(), oldMeta);
    // A half-written temporary from the crash is ignored.
    await writeFile(join(dir, `${ID}.json.123.abc.tmp`), '{"version":2,');

    const back = await reopen();
    const tree = back.get(ID)!.tree;
    expect(tree.get('Device.Hosts.Host.3.')).toBeUndefined();
    // The snapshot is newer than the old delta (UpTime 5): it holds UpTime 9 and wins.
    expect(tree.get('Device.DeviceInfo.UpTime')?.value).toBe('9');
    expect(back.get(ID)!.info.id).toBe(ID);
  });

  it('reads the single-file format and rewrites it split at the next save', async () => {
    const info = { id: ID, manufacturer: 'Acme', oui: '00D09E', productClass: 'HGW', serialNumber: 'F1', firstSeen: 1, lastInform: 1 };
    const parameters = [
      { path: 'Device.', object: true },
      { path: 'Device.X.', object: true },
      { path: 'Device.X.Y', object: false, value: 'old' },
    ];
    const tasks = [{ id: 't-1', deviceId: ID, rpc: { name: 'Reboot', commandKey: 'k' }, status: 'queued', createdAt: 1 }];
    await writeFile(meta(), JSON.stringify({ version: 1, info, cpeAuth: null, connectionRequestAuth: null, parameters, tasks }));
    const r = await reopen();
    expect(r.get(ID)!.tree.get('Device.X.Y')?.value).toBe('old');
    await informAndSave(r, 3);
    expect(JSON.parse(await readFile(meta(), 'utf8')).version).toBe(2);
    const back = await reopen();
    expect(back.get(ID)!.tree.get('Device.X.Y')?.value).toBe('old');
    expect(back.get(ID)!.tree.get('Device.DeviceInfo.UpTime')?.value).toBe('3');
    expect(back.get(ID)!.tasks.map((t) => t.id)).toEqual(['t-1']);
  });

  it('deleting a device removes both files', async () => {
    await informAndSave(registry, 1);
    await bigTree(registry);
    new TaskManager(registry, new EventHub(), () => 60_000).create(ID, { name: 'Reboot', commandKey: '' });
    await registry.flush();
    await stat(tasksFile());
    registry.delete(ID);
    await registry.flush();
    await expect(stat(tasksFile())).rejects.toThrow();
    await expect(stat(meta())).rejects.toThrow();
    await expect(stat(treeFile())).rejects.toThrow();
    expect((await reopen()).size).toBe(0);
  });

  it('a device deleted and back before the save does not get its old tree or tasks again', async () => {
    await informAndSave(registry, 1);
    await bigTree(registry);
    new TaskManager(registry, new EventHub(), () => 60_000).create(ID, { name: 'Reboot', commandKey: '' });
    await registry.flush();
    registry.delete(ID);
    await informAndSave(registry, 2);
    const back = await reopen();
    expect(back.get(ID)!.tree.get('Device.Hosts.Host.1.P0')).toBeUndefined();
    expect(back.get(ID)!.tree.get('Device.DeviceInfo.UpTime')?.value).toBe('2');
    expect(back.get(ID)!.tasks).toEqual([]);
  });
});

describe('device journal: every change on disk before the tick ends, replayed over the files at start', () => {
  let dir: string;
  let crashes = 0;
  const cleanups: Array<() => Promise<void>> = [];
  const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cwmp-devjournal-'));
  });
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
    await rm(dir, { recursive: true, force: true });
  });

  /**
   * A restart after `kill -9`: a registry on a copy of the folder as it is now (the first one never
   * flushed, and goes on using the original).
   */
  async function afterCrash(): Promise<DeviceRegistry> {
    const copy = `${dir}-crash${crashes++}`;
    await cp(dir, copy, { recursive: true });
    const r = new DeviceRegistry(copy, new EventHub());
    const { errors } = await r.load();
    expect(errors).toEqual([]);
    // Its start compacts the copied journal in the background: let that end before the copy goes.
    cleanups.push(async () => {
      await r.flush();
      await rm(copy, { recursive: true, force: true });
    });
    return r;
  }

  function informNow(r: DeviceRegistry, upTime: number, serial = 'F1'): string {
    const i = inform(upTime);
    i.deviceId = { ...deviceId, serialNumber: serial };
    const { record, changed } = r.applyInform(i, { ip: '127.0.0.1', cwmpVersion: '1.4', now: Date.now() });
    r.parametersChanged(record.info.id, changed);
    r.touch(record.info.id);
    return record.info.id;
  }

  it('a device, its later values, a task and a removal survive without any flush', async () => {
    const registry = new DeviceRegistry(dir, new EventHub());
    await registry.load();
    informNow(registry, 1);
    const other = informNow(registry, 1, 'F2');
    await tick();
    expect((await afterCrash()).get(ID)?.tree.get('Device.DeviceInfo.UpTime')?.value).toBe('1');

    informNow(registry, 7);
    const record = registry.get(ID)!;
    record.tree.mergeNames([{ name: 'Device.Hosts.Host.1.Name', writable: false }, { name: 'Device.Hosts.Host.2.Name', writable: false }], 'Device.Hosts.', false, 1);
    registry.parametersChanged(ID, ['Device.Hosts.']);
    registry.parametersChanged(ID, record.tree.deleteObject('Device.Hosts.Host.1.'));
    const tasks = new TaskManager(registry, new EventHub(), () => 60_000);
    const kept = tasks.create(ID, { name: 'Reboot', commandKey: 'a' });
    const cancelled = tasks.create(ID, { name: 'Reboot', commandKey: 'b' });
    tasks.cancel(cancelled.id);
    registry.setCredentials(ID, { cpeAuth: { username: 'u', password: 'p' } });
    registry.delete(other);
    await tick();

    const back = await afterCrash();
    const got = back.get(ID)!;
    expect(got.tree.get('Device.DeviceInfo.UpTime')?.value).toBe('7');
    expect(got.tree.get('Device.Hosts.Host.1.')).toBeUndefined();
    expect(got.tree.get('Device.Hosts.Host.2.Name')).toBeDefined();
    expect(got.tree.list()).toEqual(record.tree.list());
    expect(got.tasks.map((t) => [t.id, t.status])).toEqual([
      [kept.id, 'queued'],
      [cancelled.id, 'cancelled'],
    ]);
    expect(got.cpeAuth).toEqual({ username: 'u', password: 'p' });
    expect(back.get(other)).toBeUndefined();
  });

  it('a flush compacts the journal into the device files and removes it', async () => {
    const registry = new DeviceRegistry(dir, new EventHub());
    await registry.load();
    informNow(registry, 3);
    await tick();
    expect((await readdir(join(dir, 'journal'))).length).toBe(1);
    await registry.flush();
    expect(await readdir(join(dir, 'journal'))).toEqual([]);
    expect(JSON.parse(await readFile(join(dir, `${ID}.json`), 'utf8')).version).toBe(2);
    expect((await afterCrash()).get(ID)?.tree.get('Device.DeviceInfo.UpTime')?.value).toBe('3');
  });

  it('a start that finds a journal writes it into the files; a torn last line is skipped with a warning', async () => {
    const registry = new DeviceRegistry(dir, new EventHub());
    await registry.load();
    informNow(registry, 4);
    await tick();
    const [segment] = await readdir(join(dir, 'journal'));
    await appendFile(join(dir, 'journal', segment), '{"op":"put","id":"half');
    const back = new DeviceRegistry(dir, new EventHub());
    const { errors } = await back.load();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/cut short/);
    expect(back.get(ID)?.tree.get('Device.DeviceInfo.UpTime')?.value).toBe('4');
    await back.flush();
    expect(await readdir(join(dir, 'journal'))).toEqual([]);
    expect((await afterCrash()).get(ID)?.tree.get('Device.DeviceInfo.UpTime')?.value).toBe('4');
  });
});
