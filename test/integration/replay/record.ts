/**
 * Records a real trace for the replay tests: the built-in simulator talking to the workbench's ACS while
 * the ACS sends it GetParameterValues, SetParameterValues, AddObject and GetParameterNames (two sessions).
 * The trace is the capture file the workbench itself wrote.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createWorkbench, type Workbench } from '../../../src-main/app/workbench';
import { createSimulator } from '../../../src-main/sim/index';
import type { TaskInfo } from '../../../src-shared/api/tasks';
import { copyTemplate, loopbackOptions } from '../workbench-helpers';

export const GPV_NAMES = ['Device.DeviceInfo.', 'Device.WiFi.SSID.1.SSID', 'Device.WiFi.Radio.1.Channel'];

export async function waitUntil(check: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

type Rpc = { name: string; [k: string]: unknown };

/** What the recorded ACS sends, one list per session (each started by a connection request). */
export const RECORDED_TASKS: Rpc[][] = [
  [
    { name: 'GetParameterValues', parameterNames: GPV_NAMES },
    { name: 'SetParameterValues', parameterList: [{ name: 'Device.ManagementServer.PeriodicInformInterval', value: '1800', type: 'xsd:unsignedInt' }], parameterKey: 'rec-1' },
    { name: 'AddObject', objectName: 'Device.NAT.PortMapping.', parameterKey: 'rec-2' },
    { name: 'GetParameterNames', parameterPath: 'Device.WiFi.', nextLevel: false },
  ],
  [
    { name: 'GetParameterValues', parameterNames: ['Device.NAT.PortMapping.1.', 'Device.ManagementServer.PeriodicInformInterval'] },
    { name: 'GetParameterValues', parameterNames: ['Device.No.Such.Thing'] },
  ],
];

/** The requests of each recorded session with requests, by name: the tasks, and the ACS's own re-reads after an AddObject. */
export function recordedNames(script: { sessions: Array<{ rpcs: Array<{ request: { name: string } }> }> }): string[][] {
  return script.sessions.filter((s) => s.rpcs.length > 0).map((s) => s.rpcs.map((r) => r.request.name));
}

/** Queues the requests for a device, pokes it with a connection request and waits until all are answered. */
export async function runTasks(w: Workbench, deviceId: string, rpcs: Rpc[]): Promise<TaskInfo[]> {
  const ids: string[] = [];
  for (const rpc of rpcs) ids.push((await w.handlers['tasks/create']({ deviceId, rpc: rpc as never })).taskId);
  await w.acs.connectionRequest(deviceId);
  let tasks: TaskInfo[] = [];
  await waitUntil(async () => {
    tasks = await Promise.all(ids.map((taskId) => w.handlers['tasks/get']({ taskId })));
    return tasks.every((t) => t.status === 'done' || t.status === 'fault');
  }, 'the tasks');
  return tasks;
}

/** Runs the recording; resolves with the capture file's path. */
export async function recordTrace(template: string): Promise<string> {
  const dataDir = copyTemplate(template, 'replay-rec');
  const w = await createWorkbench(loopbackOptions(dataDir, { serveUi: false }));
  const urls = await w.start();
  const sim = await createSimulator({ acsUrl: urls.acsHttp!, count: 1, informIntervalSec: 3600, retryBaseMs: 100 });
  try {
    await sim.start();
    const dev = sim.devices[0];
    await waitUntil(() => dev.sessions.some((s) => s.ok), 'the BOOTSTRAP session');
    for (const rpcs of RECORDED_TASKS) await runTasks(w, dev.deviceId, rpcs);
  } finally {
    await sim.stop();
    await w.stop();
  }
  const dir = join(dataDir, 'captures');
  const files = (await readdir(dir)).filter((n) => n.endsWith('.ndjson'));
  if (files.length !== 1) throw new Error(`expected one capture file in ${dir}, found ${files.join(', ')}`);
  return join(dir, files[0]);
}
