import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkbench, type Workbench } from '../../../src-main/app/workbench';
import { loadTrace } from '../../../src-main/cli/replay';
import { replayAcsSide, ReplayError } from '../../../src-main/replay/acs-replay';
import { workbenchReplayHost } from '../../../src-main/replay/host';
import { createSimulator, type Simulator } from '../../../src-main/sim/index';
import type { ReplayScript } from '../../../src-shared/replay/script';
import { copyTemplate, keyedTemplate, loopbackOptions } from '../workbench-helpers';
import { recordedNames, recordTrace, RECORDED_TASKS } from './record';

let template: string;
let trace: string;
let script: ReplayScript;
beforeAll(async () => {
  template = await keyedTemplate('replay');
  trace = await recordTrace(template);
  script = await loadTrace(trace);
}, 60_000);

async function bench(): Promise<{ w: Workbench; url: string }> {
  const w = await createWorkbench(loopbackOptions(copyTemplate(template, 'replay-bench'), { serveUi: false }));
  const urls = await w.start();
  return { w, url: urls.acsHttp! };
}

describe('replay, ACS side', () => {
  let w: Workbench | undefined;
  let sim: Simulator | undefined;
  afterAll(async () => {
    await sim?.stop();
    await w?.stop();
  });

  it('reads the recorded trace as a script of two sessions with the recorded requests and answers', () => {
    const withRequests = script.sessions.filter((s) => s.rpcs.length > 0);
    expect(withRequests).toHaveLength(2);
    // The tasks in their order; besides them only the ACS's own re-reads after the AddObject (GPV/GPN).
    withRequests.forEach((s, i) => {
      const tasks = RECORDED_TASKS[i].map((t) => t.name);
      const extras: string[] = [];
      let at = 0;
      for (const r of s.rpcs) {
        if (r.request.name === tasks[at]) at++;
        else extras.push(r.request.name);
      }
      expect(at).toBe(tasks.length);
      for (const e of extras) expect(['GetParameterValues', 'GetParameterNames']).toContain(e);
    });
    expect(withRequests[0].rpcs.find((r) => r.request.name === 'AddObject')?.answer).toMatchObject({ name: 'AddObjectResponse', instanceNumber: 1 });
    expect(withRequests[1].rpcs[1].answer).toMatchObject({ name: 'Fault', faultCode: 9005 });
    expect(script.device).toBe('00CAFE-SimGateway-SIM000001');
  });

  it('plays the recorded requests to a bench CPE whose values differ and reports exactly those differences', async () => {
    const b = await bench();
    w = b.w;
    sim = await createSimulator({ acsUrl: b.url, count: 1, informIntervalSec: 3600, retryBaseMs: 100 });
    const dev = sim.devices[0];
    // The bench device differs from the recorded one in two values the recorded ACS read.
    dev.setLocalValue('Device.WiFi.SSID.1.SSID', 'BenchNet');
    dev.setLocalValue('Device.DeviceInfo.SoftwareVersion', '2.0.0');
    // …and in one that changes on its own, which the default list leaves out.
    dev.setLocalValue('Device.DeviceInfo.MemoryStatus.Free', '4096');
    const replay = replayAcsSide(await workbenchReplayHost(w), { script, waitMs: 15_000 });
    await sim.start();
    const report = await replay;

    expect(report.device).toBe(dev.deviceId);
    expect(report.rpcs.map((r) => r.name)).toEqual(recordedNames(script).flat());
    const all = report.rpcs.flatMap((r) => r.differences.map((d) => ({ index: r.index, ...d })));
    expect(all).toEqual([
      { index: 1, path: 'Device.DeviceInfo.SoftwareVersion', kind: 'value', recorded: '1.0.0', replayed: '2.0.0' },
      { index: 1, path: 'Device.WiFi.SSID.1.SSID', kind: 'value', recorded: 'Workbench', replayed: 'BenchNet' },
    ]);
    // The bench CPE really got the recorded SetParameterValues and AddObject, in their own session.
    expect(dev.getValue('Device.ManagementServer.PeriodicInformInterval')).toBe('1800');
    expect(dev.has('Device.NAT.PortMapping.1.')).toBe(true);
    expect(report.rpcs.at(-1)!.replayed).toMatchObject({ name: 'Fault', faultCode: 9005 });
    const total = recordedNames(script).flat().length;
    expect(report.summary).toMatchObject({ rpcs: total, identical: total - 1, different: 1, notRun: 0, differences: 2, sessions: 2, sessionsPlayed: 2 });
    expect(report.summary.ignored).toBe(1);
  }, 60_000);

  it('the ignore list is the caller\'s: without the default, volatile parameters count; with a pattern, its matches do not', async () => {
    const b = await bench();
    const s = await createSimulator({ acsUrl: b.url, count: 1, informIntervalSec: 3600, retryBaseMs: 100 });
    try {
      s.devices[0].setLocalValue('Device.DeviceInfo.MemoryStatus.Free', '4096');
      s.devices[0].setLocalValue('Device.WiFi.SSID.1.SSID', 'BenchNet');
      const replay = replayAcsSide(await workbenchReplayHost(b.w), { script, waitMs: 15_000, ignore: ['Device.WiFi.SSID.*'] });
      await s.start();
      const report = await replay;
      expect(report.rpcs[0].differences).toEqual([{ path: 'Device.DeviceInfo.MemoryStatus.Free', kind: 'value', recorded: '131072', replayed: '4096' }]);
      expect(report.summary.ignored).toBe(1);
    } finally {
      await s.stop();
      await b.w.stop();
    }
  }, 60_000);

  it('could not run: no CPE informs in time', async () => {
    const b = await bench();
    try {
      await expect(replayAcsSide(await workbenchReplayHost(b.w), { script, waitMs: 300 })).rejects.toThrow(ReplayError);
      await expect(replayAcsSide(await workbenchReplayHost(b.w), { script, waitMs: 300 })).rejects.toThrow(/no CPE informed within/);
    } finally {
      await b.w.stop();
    }
  });
});
