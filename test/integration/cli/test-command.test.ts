import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkbench } from '../../../src-main/app/workbench';
import { UsageError } from '../../../src-main/cli/args';
import { parseTestArgs, type TestArgs } from '../../../src-main/cli/test-args';
import { runTestCommand, type TestRuntime } from '../../../src-main/cli/test';
import { createSimulator, type Simulator } from '../../../src-main/sim/index';
import { awaitInform } from '../../../src-main/testing/await-device';
import type { Verdict } from '../../../src-shared/testing/report';
import { CASES, fakeEngine } from '../../unit/testing/fake-engine';
import { copyTemplate, keyedTemplate, loopbackOptions } from '../workbench-helpers';

const dirs: string[] = [];
let template: string;

beforeAll(async () => {
  template = await keyedTemplate('cli-test');
}, 60_000);
afterAll(async () => {
  for (const d of [...dirs, template]) await rm(d, { recursive: true, force: true });
});

function dataDir(): string {
  const d = copyTemplate(template, 'cli-test');
  dirs.push(d);
  return d;
}

/**
 * The real ACS, real sockets and a real simulated CPE; only the engine is a stand-in (the suite's runner is
 * tested on its own). `sim` starts the simulator inside the workbench; `cpe` starts one beside it, informing
 * once, so the data directory knows it.
 */
function runtime(opts: { verdicts?: Record<string, Verdict>; cpe?: boolean; listError?: string } = {}): TestRuntime & { started: number; sims: Simulator[] } {
  const rt: TestRuntime & { started: number; sims: Simulator[] } = {
    started: 0,
    sims: [],
    async listCases(suites) {
      if (opts.listError) throw new Error(opts.listError);
      expect(suites).toEqual(['builtin']);
      return CASES;
    },
    async startBench(o) {
      rt.started++;
      const workbench = await createWorkbench(loopbackOptions(o.dataDir, { acsPort: o.acsPort, acsTlsPort: o.acsTlsPort, sim: o.sim ? 1 : 0, serveUi: false, record: false }));
      const since = Date.now();
      await workbench.start();
      let simDeviceId: string | undefined;
      if (o.sim) simDeviceId = (await awaitInform(workbench, { since, timeoutMs: 20_000 }))?.id;
      if (opts.cpe) {
        const { username, password } = workbench.acs.settings.get().auth;
        const sim = await createSimulator({ acsUrl: workbench.acs.urls().http!, count: 1, acsAuth: { username, password }, serialPrefix: 'KNOWN' });
        rt.sims.push(sim);
        await sim.start();
      }
      return {
        workbench,
        engine: fakeEngine(opts.verdicts),
        simDeviceId,
        async stop() {
          for (const s of rt.sims) await s.stop();
          await workbench.stop();
        },
      };
    },
  };
  return rt;
}

function capture(): { io: { out(l: string): void; err(l: string): void }; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l) => void out.push(l), err: (l) => void err.push(l) }, out, err };
}

const args = (extra: string[]): TestArgs => {
  const a = parseTestArgs(['--acs-port', '0', '--acs-tls-port', '0', ...extra], {});
  if (a === 'help') throw new Error('help');
  return a;
};

describe('cwmp-workbench test: arguments', () => {
  it('parses the documented shape', () => {
    expect(
      parseTestArgs(
        ['--suite', 'builtin', '--suite', 'x.yaml', '--only', 'a,b', '--only', 'c', '--skip', 'd', '--destructive', '--device', 'SN1', '--acs-port', '0', '--acs-tls-port', '9', '--data', '/tmp/x', '--wait', '5', '--junit', 'j.xml', '--json', 'r.json', '--html', 'r.html', '--sim'],
        {},
      ),
    ).toMatchObject({
      suites: ['builtin', 'x.yaml'],
      only: ['a', 'b', 'c'],
      skip: ['d'],
      destructive: true,
      device: 'SN1',
      acsPort: 0,
      acsTlsPort: 9,
      flexiblePorts: [],
      dataDir: '/tmp/x',
      waitMs: 5000,
      junit: 'j.xml',
      json: 'r.json',
      html: 'r.html',
      sim: true,
      host: '127.0.0.1',
    });
    expect(parseTestArgs([], {})).toMatchObject({ suites: ['builtin'], acsPort: 7547, acsTlsPort: 7548, waitMs: 120_000, destructive: false, sim: false, flexiblePorts: ['acsPort', 'acsTlsPort'] });
  });

  it.each([[['--bogus']], [['--wait', 'soon']], [['--acs-port', '70000']], [['--only', 'a,,b']], [['--json']], [['stray']]])('refuses %j', (argv) => {
    expect(() => parseTestArgs(argv, {})).toThrow(UsageError);
  });
});

describe('cwmp-workbench test: runs', () => {
  it('exits 2 for an unknown case id, before opening any port', async () => {
    const rt = runtime();
    const c = capture();
    expect(await runTestCommand(args(['--sim', '--only', 'gpv.single,gpv.nope']), rt, c.io)).toBe(2);
    expect(await runTestCommand(args(['--sim', '--skip', 'nope']), rt, c.io)).toBe(2);
    expect(rt.started).toBe(0);
    expect(c.err.join('\n')).toMatch(/unknown test case id: gpv\.nope/);
  });

  it('exits 2 when the suite cannot be loaded (a bad scenario file)', async () => {
    const c = capture();
    expect(await runTestCommand(args(['--sim']), runtime({ listError: 'x.yaml:3: steps.0.rpc: required' }), c.io)).toBe(2);
    expect(c.err.join('\n')).toContain('x.yaml:3: steps.0.rpc: required');
  });

  it('exits 2 when no CPE informs in time', async () => {
    const c = capture();
    const a = { ...args(['--data', dataDir()]), waitMs: 300 };
    expect(await runTestCommand(a, runtime(), c.io)).toBe(2);
    expect(c.out[0]).toMatch(/^ACS http:\/\/127\.0\.0\.1:\d+\//);
    expect(c.err.join('\n')).toMatch(/no Inform from any CPE within/);
    expect(c.err.join('\n')).toMatch(/loopback only; .*CWMP_WORKBENCH_HOST=0\.0\.0\.0/);
  });

  it('runs against the simulator: one line per case, exit 0, and the three reports', async () => {
    const dir = dataDir();
    const c = capture();
    const files = { json: join(dir, 'r.json'), junit: join(dir, 'r.xml'), html: join(dir, 'r.html') };
    const code = await runTestCommand(args(['--sim', '--data', dir, '--json', files.json, '--junit', files.junit, '--html', files.html]), runtime(), c.io);
    expect(c.err.join('\n')).not.toMatch(/could not/);
    expect(code).toBe(0);
    const caseLines = c.out.filter((l) => /^(PASS|FAIL|SKIP|ERROR)/.test(l));
    expect(caseLines).toHaveLength(CASES.length);
    expect(caseLines[0]).toMatch(/^PASS +\d+\.\d\ds {2}gpv\.single {2}GPV of one parameter$/);
    expect(caseLines[3]).toMatch(/^SKIP .* reboot\.m-reboot {2}Reboot gives M Reboot — /);
    expect(c.out.at(-1)).toMatch(/^4 cases: 3 pass, 0 fail, 1 skip, 0 error in /);

    const json = JSON.parse(await readFile(files.json, 'utf8'));
    expect(json.device).toMatch(/^00CAFE-/);
    expect(json.summary).toEqual({ pass: 3, fail: 0, skip: 1, error: 0 });
    const xml = await readFile(files.junit, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    expect(doc.testsuites.tests).toBe('4');
    expect(await readFile(files.html, 'utf8')).toContain('<td><span class="v v-skip">skip</span></td>');
  });

  it('exits 1 when a case fails, and keeps the run in the data directory', async () => {
    const dir = dataDir();
    const c = capture();
    expect(await runTestCommand(args(['--sim', '--data', dir, '--only', 'gpv.single,gpv.invalid-name']), runtime({ verdicts: { 'gpv.invalid-name': 'fail' } }), c.io)).toBe(1);
    expect(c.out.filter((l) => l.startsWith('FAIL'))).toEqual([expect.stringMatching(/gpv\.invalid-name .* — fail because$/)]);
    const devices = await import('node:fs/promises').then((fs) => fs.readdir(join(dir, 'test-runs')));
    expect(devices).toHaveLength(1);
  });

  it('with a data directory that knows the device, sends a connection request instead of waiting', async () => {
    const dir = dataDir();
    const rt = runtime({ cpe: true });
    const c = capture();
    // The simulated CPE informs once at boot (inside startBench) and then only every 300 s: only the
    // connection request brings the Inform the command waits for within 20 s.
    const code = await runTestCommand({ ...args(['--data', dir, '--device', 'KNOWN000001', '--only', 'gpv.single']), waitMs: 20_000 }, rt, c.io);
    expect(c.err.join('\n')).toMatch(/connection request to 00CAFE-.*-KNOWN000001: /);
    expect(code).toBe(0);
    expect(rt.sims[0].devices[0].connectionRequests.accepted).toBe(1);
  });
});

describe('cwmp-workbench test: with the real suite', () => {
  it('runs two built-in cases on the test bench simulator and writes their exchanges into the reports', async () => {
    const { suiteRuntime } = await import('../../../src-main/cli/test-runtime');
    const dir = dataDir();
    const c = capture();
    const files = { json: join(dir, 'r.json'), junit: join(dir, 'r.xml') };
    const code = await runTestCommand(args(['--sim', '--data', dir, '--only', 'gpv.single,gpv.invalid-name', '--json', files.json, '--junit', files.junit]), suiteRuntime, c.io);
    expect(c.err.join('\n')).not.toMatch(/could not/);
    expect(code).toBe(0);
    expect(c.out.filter((l) => /^PASS /.test(l)).map((l) => l.split(/\s+/)[2])).toEqual(['gpv.single', 'gpv.invalid-name']);
    const json = JSON.parse(await readFile(files.json, 'utf8'));
    expect(json.cases.map((x: { id: string; exchanges: number[] }) => [x.id, x.exchanges.length > 0])).toEqual([
      ['gpv.single', true],
      ['gpv.invalid-name', true],
    ]);
    const xml = await readFile(files.junit, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    // The exchange log carries the device's fault for the invalid name.
    expect(xml).toMatch(/<system-out>[\s\S]*9005[\s\S]*<\/system-out>/);
  }, 90_000);

  it('exits 2 for a scenario file that does not parse, naming the file', async () => {
    const { suiteRuntime } = await import('../../../src-main/cli/test-runtime');
    const dir = dataDir();
    const bad = join(dir, 'broken.yaml');
    await import('node:fs/promises').then((fs) => fs.writeFile(bad, 'cases: [\n  { id: x\n'));
    const c = capture();
    expect(await runTestCommand(args(['--sim', '--suite', bad]), suiteRuntime, c.io)).toBe(2);
    expect(c.err.join('\n')).toContain('broken.yaml');
  });
});

describe('cwmp-workbench test: the process', () => {
  it('exits 2 with the usage for a bad flag, and 0 with it for --help', () => {
    const run = (...argv: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src-main/cli/index.ts', 'test', ...argv], { encoding: 'utf8', timeout: 30_000 });
    const bad = run('--only');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/cwmp-workbench test: .*--only/);
    expect(bad.stderr).toContain('usage: cwmp-workbench test [--suite builtin|FILE ...]');
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--junit FILE');
  });
});

describe('cwmp-workbench test: Ctrl-C', () => {
  it('stops the run, still writes the report, and exits 2 (a stopped run is no verdict)', async () => {
    const dir = dataDir();
    const json = join(dir, 'r.json');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/cli/index.ts', 'test', '--sim', '--data', dir, '--acs-port', '0', '--acs-tls-port', '0', '--json', json], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const out: string[] = [];
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    for await (const line of createInterface({ input: child.stdout })) {
      out.push(line);
      if (/^PASS /.test(line) && out.filter((l) => /^PASS /.test(l)).length === 1) child.kill('SIGINT');
    }
    expect(await exited).toBe(2);
    expect(stderr).toMatch(/stopping/);
    expect(stderr).toMatch(/stopped before the end/);
    expect(out.at(-1)).toMatch(/\(stopped\)$/);
    const report = JSON.parse(await readFile(json, 'utf8'));
    expect(report.cases.length).toBeGreaterThan(1);
    expect(report.cases.at(-1).verdict).not.toBe('pass');
  }, 90_000);
});
