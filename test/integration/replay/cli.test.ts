import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createWorkbench } from '../../../src-main/app/workbench';
import { createSimulator } from '../../../src-main/sim/index';
import { copyTemplate, keyedTemplate, loopbackOptions } from '../workbench-helpers';
import { recordTrace, RECORDED_TASKS, runTasks } from './record';

let template: string;
let trace: string;
let dir: string;
beforeAll(async () => {
  template = await keyedTemplate('replay-cli');
  trace = await recordTrace(template);
  dir = await mkdtemp(join(tmpdir(), 'replay-cli-'));
}, 60_000);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI; `onAcs` gets the ACS URL it prints, to point a bench CPE at. */
function cli(args: string[], onAcs?: (url: string) => void): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/cli/index.ts', ...args], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let told = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /^ACS (http:\/\/\S+)$/m.exec(stdout);
      if (m && !told && onAcs) {
        told = true;
        onAcs(m[1]);
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `replay acs` against one simulated bench CPE, tweaked by `setup`. */
async function replayTo(setup: (set: (name: string, value: string) => void) => void, extra: string[] = []): Promise<Run & { json: string }> {
  const json = join(dir, `report-${Math.random().toString(36).slice(2)}.json`);
  let stop: (() => Promise<void>) | undefined;
  const run = await cli(['replay', 'acs', trace, '--acs-port', '0', '--acs-tls-port', '0', '--data', copyTemplate(template, 'replay-cli-data'), '--wait', '20', '--json', json, ...extra], (url) => {
    void (async () => {
      const sim = await createSimulator({ acsUrl: url, count: 1, informIntervalSec: 3600, retryBaseMs: 100 });
      setup((name, value) => sim.devices[0].setLocalValue(name, value));
      stop = () => sim.stop();
      await sim.start();
    })();
  });
  await stop?.();
  return { ...run, json };
}

describe('cwmp-workbench replay acs', () => {
  it('exit 0 when the bench CPE answers as the recorded one did', async () => {
    const r = await replayTo(() => undefined);
    expect(r.stderr).not.toMatch(/cwmp-workbench replay:/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/#1 GetParameterValues: same/);
    expect(r.stdout).toMatch(/(\d+) request\(s\) in 2\/2 session\(s\): \1 same, 0 different, 0 not answered/);
  }, 60_000);

  it('exit 1 with the differences, and the --json report in the documented shape', async () => {
    const r = await replayTo((set) => set('Device.WiFi.Radio.1.Channel', '11'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/#1 GetParameterValues: 1 difference\n\s+value\s+Device\.WiFi\.Radio\.1\.Channel: "6" → "11"/);
    const report = JSON.parse(await readFile(r.json, 'utf8'));
    expect(Object.keys(report).sort()).toEqual(['device', 'rpcs', 'summary']);
    expect(report.device).toBe('00CAFE-SimGateway-SIM000001');
    expect(Object.keys(report.rpcs[0]).sort()).toEqual(['differences', 'index', 'name', 'recorded', 'replayed']);
    expect(report.rpcs[0].differences).toEqual([{ path: 'Device.WiFi.Radio.1.Channel', kind: 'value', recorded: '6', replayed: '11' }]);
    expect(report.rpcs[0].recorded.name).toBe('GetParameterValuesResponse');
    expect(report.summary).toMatchObject({ different: 1, differences: 1, notRun: 0 });
  }, 60_000);

  it('exit 2 when it cannot run: a file in no trace format, a missing file, no CPE in time, a bad flag', async () => {
    const junk = join(dir, 'junk.bin');
    await writeFile(junk, Buffer.from([0x00, 0x9f, 0x42, 0x13, 0x37, 0x0a, 0xff, 0x00, 0x01, 0x02]));
    const bad = await cli(['replay', 'acs', junk, '--acs-port', '0', '--acs-tls-port', '0', '--data', dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/cannot replay .*junk\.bin/);
    const missing = await cli(['replay', 'acs', join(dir, 'nope.ndjson'), '--acs-port', '0', '--acs-tls-port', '0', '--data', dir]);
    expect(missing.code).toBe(2);
    const lonely = await cli(['replay', 'acs', trace, '--acs-port', '0', '--acs-tls-port', '0', '--data', copyTemplate(template, 'replay-cli-data'), '--wait', '1']);
    expect(lonely.code).toBe(2);
    expect(lonely.stderr).toMatch(/no CPE informed within 1 s/);
    const flag = await cli(['replay', 'acs', trace, '--wait', 'soon']);
    expect(flag.code).toBe(2);
  }, 60_000);
});

describe('cwmp-workbench replay cpe', () => {
  it('exit 0 when the ACS does what the recorded one did; the report names the virtual CPE', async () => {
    const w = await createWorkbench(loopbackOptions(copyTemplate(template, 'replay-cli-cpe'), { serveUi: false }));
    const acsUrl = (await w.start()).acsHttp!;
    // The ACS plays the recorded ACS: after each session of the copy ends (its empty answer), the next one's requests.
    let ended = 0;
    const off = w.hub.subscribe((e) => {
      if (e.event !== 'traffic/exchange' || e.data.kind !== 'cwmp' || !e.data.finishedAt || !e.data.deviceId) return;
      const res = e.data.response;
      if (!res || res.status >= 300 || res.body.size !== 0) return;
      const next = RECORDED_TASKS[ended++];
      if (next) void runTasks(w, e.data.deviceId, next);
    });
    try {
      const json = join(dir, 'cpe.json');
      const r = await cli(['replay', 'cpe', trace, '--acs', acsUrl, '--wait', '20', '--json', json]);
      expect(r.stderr).not.toMatch(/cwmp-workbench replay:/);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/session 2 \[6 CONNECTION REQUEST\]: \d+ request\(s\), as recorded/);
      const report = JSON.parse(await readFile(json, 'utf8'));
      expect(report.device).toBe('00CAFE-SimGateway-SIM000001');
      expect(report.summary).toMatchObject({ sessions: 3, unexpected: 0, notSent: 0, answeredFromTree: 0 });
      expect(report.summary.answeredFromTrace).toBe(report.summary.requests);
    } finally {
      off();
      await w.stop();
    }
  }, 60_000);

  it('exit 1 when the ACS leaves out recorded sessions; exit 2 without --acs or with a bad trace', async () => {
    const w = await createWorkbench(loopbackOptions(copyTemplate(template, 'replay-cli-cpe'), { serveUi: false }));
    const acsUrl = (await w.start()).acsHttp!;
    try {
      const idle = await cli(['replay', 'cpe', trace, '--acs', acsUrl, '--wait', '1']);
      expect(idle.code).toBe(1);
      expect(idle.stdout).toMatch(/1\/3 session\(s\).*2 recorded session\(s\) not reached/);
    } finally {
      await w.stop();
    }
    expect((await cli(['replay', 'cpe', trace])).code).toBe(2);
    const junk = join(dir, 'junk.txt');
    await writeFile(junk, 'not a trace\n');
    const bad = await cli(['replay', 'cpe', junk, '--acs', 'http://127.0.0.1:1/']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/cannot replay/);
  }, 60_000);
});
