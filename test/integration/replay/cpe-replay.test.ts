import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkbench, type Workbench } from '../../../src-main/app/workbench';
import { loadTrace } from '../../../src-main/cli/replay';
import { ReplayError } from '../../../src-main/replay/acs-replay';
import { replayCpeSide } from '../../../src-main/replay/cpe-replay';
import { rebuildDevice } from '../../../src-shared/replay/device-image';
import type { ReplayScript } from '../../../src-shared/replay/script';
import { copyTemplate, keyedTemplate, loopbackOptions } from '../workbench-helpers';
import { recordedNames, recordTrace, RECORDED_TASKS, runTasks } from './record';

let template: string;
let script: ReplayScript;
const benches: Workbench[] = [];
beforeAll(async () => {
  template = await keyedTemplate('replay-cpe');
  script = await loadTrace(await recordTrace(template));
}, 60_000);
afterAll(async () => {
  for (const w of benches) await w.stop();
});

async function acs(): Promise<{ w: Workbench; url: string }> {
  const w = await createWorkbench(loopbackOptions(copyTemplate(template, 'replay-cpe-acs'), { serveUi: false }));
  benches.push(w);
  return { w, url: (await w.start()).acsHttp! };
}

/** A loopback port nothing listens on (it was free a moment ago). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe('the device rebuilt from the trace', () => {
  it('has the recorded identity, Inform, values, writability and the object the ACS added', () => {
    const image = rebuildDevice(script);
    expect(image.deviceId).toEqual({ manufacturer: 'CWMP Workbench', oui: '00CAFE', productClass: 'SimGateway', serialNumber: 'SIM000001' });
    expect(image.root).toBe('Device.');
    const p = (name: string) => image.parameters.find((x) => x.name === name);
    expect(p('Device.WiFi.SSID.1.SSID')).toMatchObject({ value: 'Workbench', writable: true });
    expect(p('Device.DeviceInfo.SerialNumber')).toMatchObject({ value: 'SIM000001', type: 'xsd:string' });
    // Set by the recorded ACS, and applied (the device said status 0).
    expect(p('Device.ManagementServer.PeriodicInformInterval')?.value).toBe('1800');
    expect(image.periodicInformIntervalSec).toBe(1800);
    expect(image.objects.map((o) => o.path)).toContain('Device.NAT.PortMapping.1.');
    expect(image.informParameters).toContain('Device.ManagementServer.ConnectionRequestURL');
  });
});

describe('replay, CPE side', () => {
  it('a virtual copy against the workbench\'s own ACS, driven as the recorded ACS was: no divergence, every answer from the trace', async () => {
    const { w, url } = await acs();
    const report = await replayCpeSide({
      script,
      acsUrl: url,
      waitMs: 15_000,
      // The ACS does again what the recorded one did: after each session, the next session's requests.
      onSession: (_s, cpe) => {
        const next = RECORDED_TASKS[cpe.sessions.length - 1];
        if (next) void runTasks(w, cpe.deviceId, next);
      },
    });
    expect(report.device).toBe('00CAFE-SimGateway-SIM000001');
    const recorded = recordedNames(script);
    expect(report.sessions.map((s) => s.sent)).toEqual([[], ...recorded]);
    const total = recorded.flat().length;
    expect(report.summary).toMatchObject({ recordedSessions: 3, sessions: 3, requests: total, answeredFromTrace: total, answeredFromTree: 0, unexpected: 0, notSent: 0, notReached: 0 });
    // The ACS took the copy for the device: recorded values, the copy's own connection-request URL.
    const d = await w.handlers['devices/get']({ deviceId: report.device });
    expect(d.parameters.find((p) => p.path === 'Device.WiFi.SSID.1.SSID')?.value).toBe('Workbench');
    expect(d.connectionRequestUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]{12}$/);
    expect(report.sessions[1].events).toEqual(['6 CONNECTION REQUEST']);
  }, 60_000);

  it('reports an ACS that sends other requests, and answers those from the rebuilt tree', async () => {
    const { w, url } = await acs();
    let gpv: unknown;
    const report = await replayCpeSide({
      script,
      acsUrl: url,
      serial: 'COPY-2',
      waitMs: 15_000,
      onSession: (_s, cpe) => {
        if (cpe.sessions.length === 1) void runTasks(w, cpe.deviceId, [{ name: 'GetParameterValues', parameterNames: ['Device.WiFi.SSID.1.SSID', 'Device.DeviceInfo.SerialNumber'] }]).then((t) => (gpv = t[0].result));
        if (cpe.sessions.length === 2) void runTasks(w, cpe.deviceId, RECORDED_TASKS[1]);
      },
    });
    expect(report.device).toBe('00CAFE-SimGateway-COPY-2');
    expect(report.sessions[1].unexpected.map((u) => u.name)).toEqual(['GetParameterValues']);
    const recorded = recordedNames(script);
    expect(report.sessions[1].notSent.map((u) => u.name)).toEqual(recorded[0]);
    expect(report.sessions[2].unexpected).toEqual([]);
    expect(report.summary).toMatchObject({ unexpected: 1, notSent: recorded[0].length, answeredFromTree: 1, answeredFromTrace: recorded[1].length });
    // From the rebuilt tree: the recorded SSID, and the serial number it now runs under.
    expect(gpv).toEqual({
      name: 'GetParameterValuesResponse',
      parameterList: [
        { name: 'Device.WiFi.SSID.1.SSID', value: 'Workbench', type: 'xsd:string' },
        { name: 'Device.DeviceInfo.SerialNumber', value: 'COPY-2', type: 'xsd:string' },
      ],
    });
  }, 60_000);

  it('could not run: an ACS that is not there', async () => {
    const closed = await freePort();
    await expect(replayCpeSide({ script, acsUrl: `http://127.0.0.1:${closed}/`, waitMs: 1000 })).rejects.toThrow(ReplayError);
    await expect(replayCpeSide({ script, acsUrl: 'ftp://x/', waitMs: 1000 })).rejects.toThrow(/not an http\(s\) URL/);
  });
});
