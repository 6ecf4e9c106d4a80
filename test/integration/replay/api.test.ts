import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkbench, type Workbench } from '../../../src-main/app/workbench';
import { createSimulator } from '../../../src-main/sim/index';
import { dispatch } from '../../../src-shared/api/dispatch';
import type { ReplayInfo } from '../../../src-shared/api/replay';
import { copyTemplate, keyedTemplate, loopbackOptions } from '../workbench-helpers';
import { recordTrace, RECORDED_TASKS, runTasks } from './record';

let template: string;
let trace: string;
let w: Workbench;
beforeAll(async () => {
  template = await keyedTemplate('replay-api');
  trace = await recordTrace(template);
  w = await createWorkbench(loopbackOptions(copyTemplate(template, 'replay-api'), { serveUi: false }));
  await w.start();
}, 60_000);
afterAll(async () => {
  await w?.stop();
});

/** The replay's final state, as `replay/changed` announces it. */
function finished(id: string): Promise<ReplayInfo> {
  return new Promise((resolve) => {
    const off = w.hub.subscribe((e) => {
      if (e.event === 'replay/changed' && e.data.id === id && e.data.state !== 'running') {
        off();
        resolve(e.data);
      }
    });
  });
}

describe('replay/* over the API', () => {
  it('replay/clone returns the rebuilt device as a profile; a bad path is a clear error', async () => {
    const out = await dispatch(w.handlers, 'replay/clone', { path: trace });
    expect(out.ok).toBe(true);
    const { profile, fileName } = (out as { result: { profile: { deviceId: { serialNumber: string }; parameters: unknown[] }; fileName: string } }).result;
    expect(profile.deviceId.serialNumber).toBe('SIM000001');
    expect(fileName).toBe('00CAFE-SimGateway-SIM000001.profile.json');
    const bad = await dispatch(w.handlers, 'replay/clone', { path: `${trace}.nope` });
    expect(bad).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringMatching(/no capture at/) } });
    const neither = await dispatch(w.handlers, 'replay/acs', {});
    expect(neither).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });

  it('replay/acs runs in the workbench, announces progress, and ends with the report', async () => {
    const started = await dispatch(w.handlers, 'replay/acs', { path: trace, waitSeconds: 15 });
    expect(started.ok).toBe(true);
    const { replay } = (started as { result: { replay: ReplayInfo } }).result;
    expect(replay).toMatchObject({ side: 'acs', state: 'running' });
    const done = finished(replay.id);
    const sim = await createSimulator({ acsUrl: w.urls().acsHttp!, count: 1, informIntervalSec: 3600, retryBaseMs: 100 });
    try {
      sim.devices[0].setLocalValue('Device.WiFi.SSID.1.SSID', 'ViaApi');
      await sim.start();
      const info = await done;
      expect(info.state).toBe('done');
      expect(info.verdict).toBe(1);
      expect(info.acsReport!.rpcs[0].differences).toEqual([{ path: 'Device.WiFi.SSID.1.SSID', kind: 'value', recorded: 'Workbench', replayed: 'ViaApi' }]);
      expect(info.progress.some((l) => /session 2\/2/.test(l))).toBe(true);
      const listed = await w.handlers['replay/list']({});
      expect(listed.replays.map((r) => r.id)).toContain(replay.id);
      expect((await w.handlers['replay/get']({ id: replay.id })).acsReport?.summary).toMatchObject({ different: 1, notRun: 0, sessionsPlayed: 2 });
    } finally {
      await sim.stop();
    }
  }, 60_000);

  it('replay/cpe runs a virtual copy against the workbench\'s own ACS; replay/cancel stops it', async () => {
    const started = await w.handlers['replay/cpe']({ path: trace, serial: 'API-COPY', waitSeconds: 30 });
    const deviceId = '00CAFE-SimGateway-API-COPY';
    // The ACS sees the copy inform, and does what the recorded ACS did.
    const until = Date.now() + 10_000;
    while (!(await w.handlers['devices/list']({})).devices.some((d) => d.id === deviceId)) {
      if (Date.now() > until) throw new Error('the virtual CPE never informed');
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 200));
    const second = new Promise<void>((resolve) => {
      const off = w.hub.subscribe((e) => {
        if (e.event === 'replay/changed' && e.data.id === started.replay.id && e.data.progress.some((l) => /session 2\/3/.test(l))) {
          off();
          resolve();
        }
      });
    });
    await runTasks(w, deviceId, RECORDED_TASKS[0]);
    await second;
    const done = finished(started.replay.id);
    expect(await w.handlers['replay/cancel']({ id: started.replay.id })).toEqual({ cancelled: true });
    const info = await done;
    expect(info.state).toBe('cancelled');
    expect(info.cpeReport?.sessions.slice(0, 2).map((s) => s.unexpected.length + s.notSent.length)).toEqual([0, 0]);
    expect(info.cpeReport?.summary.notReached).toBe(1);
    expect(await w.handlers['replay/cancel']({ id: started.replay.id })).toEqual({ cancelled: false });
  }, 60_000);
});
