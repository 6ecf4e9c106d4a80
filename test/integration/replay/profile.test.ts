import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createWorkbench } from '../../../src-main/app/workbench';
import { loadTrace } from '../../../src-main/cli/replay';
import { replayAcsSide } from '../../../src-main/replay/acs-replay';
import { workbenchReplayHost } from '../../../src-main/replay/host';
import { readSimProfile } from '../../../src-main/sim/profile-file';
import { DEFAULT_VOLATILE } from '../../../src-shared/replay/volatile';
import { copyTemplate, keyedTemplate, loopbackOptions } from '../workbench-helpers';
import { recordTrace, waitUntil } from './record';

let template: string;
let trace: string;
let dir: string;
beforeAll(async () => {
  template = await keyedTemplate('replay-profile');
  trace = await recordTrace(template);
  dir = await mkdtemp(join(tmpdir(), 'replay-profile-'));
}, 60_000);

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/cli/index.ts', ...args], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('a recorded device as a simulator profile', () => {
  it('replay clone writes it; N simulated copies inform the ACS and answer the recorded requests as the device did', async () => {
    const file = join(dir, 'clone.json');
    const r = await cli(['replay', 'clone', trace, '--out', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/00CAFE-SimGateway-SIM000001, \d+ parameters/);
    const profile = await readSimProfile(file);

    const w = await createWorkbench(loopbackOptions(copyTemplate(template, 'replay-profile-run'), { serveUi: false, sim: 2, simProfile: profile }));
    await w.start();
    try {
      const sim = w.simulator()!;
      expect(sim.devices.map((d) => d.deviceId)).toEqual(['00CAFE-SimGateway-SIM000001-1', '00CAFE-SimGateway-SIM000001-2']);
      await waitUntil(() => sim.devices.every((d) => d.sessions.some((s) => s.ok)), 'both copies to inform');
      const { devices } = await w.handlers['devices/list']({});
      expect(devices.map((d) => d.id).sort()).toEqual(['00CAFE-SimGateway-SIM000001-1', '00CAFE-SimGateway-SIM000001-2']);
      // The copy points at this ACS, not at the recorded one, and keeps the recorded values.
      const copy = sim.devices[1];
      expect(copy.getValue('Device.ManagementServer.URL')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(copy.getValue('Device.WiFi.SSID.1.SSID')).toBe('Workbench');
      expect(copy.getValue('Device.ManagementServer.PeriodicInformInterval')).toBe('1800');

      // The recorded ACS's requests, played to a copy: only its serial number tells it from the original, and
      // the instance AddObject gives (the copy is the device as the trace left it: it has PortMapping 1 already).
      const script = await loadTrace(trace);
      const replay = replayAcsSide(await workbenchReplayHost(w), { script, device: copy.serialNumber, waitMs: 15_000, ignore: DEFAULT_VOLATILE });
      await w.acs.connectionRequest(copy.deviceId);
      const report = await replay;
      console.log(JSON.stringify(report.rpcs.map((x) => [x.name, x.differences]), null, 0));
      expect(report.rpcs.flatMap((x) => x.differences)).toEqual([
        { path: 'Device.DeviceInfo.SerialNumber', kind: 'value', recorded: 'SIM000001', replayed: 'SIM000001-2' },
        { path: 'instanceNumber', kind: 'instance', recorded: 1, replayed: 2 },
        // Read back in recorded terms (PortMapping 2 as 1): the same fresh instance, with its own CPE-assigned
        // Alias — by the re-read right after the AddObject (same session) and by the next session's read.
        { path: 'Device.NAT.PortMapping.1.Alias', kind: 'value', recorded: 'cpe-1', replayed: 'cpe-2' },
        { path: 'Device.NAT.PortMapping.1.Alias', kind: 'value', recorded: 'cpe-1', replayed: 'cpe-2' },
      ]);
      // The later request for the recorded instance went to the copy's own (PortMapping 2).
      const later = report.rpcs.find((x) => x.recorded?.name === 'GetParameterValuesResponse' && JSON.stringify(x.recorded).includes('PeriodicInformInterval'))!;
      expect(JSON.stringify(later.replayed)).toContain('Device.NAT.PortMapping.2.Enable');
    } finally {
      await w.stop();
    }
  }, 60_000);

  it('serve refuses a file that is not a profile with exit 2', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ format: 'something-else' }));
    const r = await cli(['serve', '--data', copyTemplate(template, 'replay-profile-serve'), '--acs-port', '0', '--acs-tls-port', '0', '--sim', '1', '--sim-profile', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a device profile/);
    expect(JSON.parse(await readFile(bad, 'utf8')).format).toBe('something-else');
  }, 30_000);
});
