import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join, resolve } from 'node:path';
import { api } from '../server/helpers';
import { parseServeArgs, UsageError } from '../../../src-main/cli/serve';
import { copyTemplate, keyedTemplate } from '../workbench-helpers';

const root = resolve(__dirname, '../../..');
const TOKEN = 'serve-test-token';

interface Running {
  child: ChildProcess;
  lines: string[];
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs the CLI from source in its own process (tsx loader), like `npx tsx src-main/cli/index.ts`. */
function serve(args: string[]): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/cli/index.ts', 'serve', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const lines: string[] = [];
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
    const parts = out.split('\n');
    out = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  return { child, lines, stderr: () => err, exit };
}

async function waitFor<T>(what: string, probe: () => T | undefined, r: Running, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (r.child.exitCode !== null) throw new Error(`serve exited (${r.child.exitCode}) before ${what}: ${r.stderr()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; stdout=${JSON.stringify(r.lines)} stderr=${r.stderr()}`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

const running: Running[] = [];
const dirs: string[] = [];
const blockers: Server[] = [];

afterEach(async () => {
  for (const r of running.splice(0)) {
    if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
  }
  for (const b of blockers.splice(0)) await new Promise((res) => b.close(() => res(undefined)));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

let template: string;

// A data directory with its keys already made, copied per test: key generation is not what is tested here.
beforeAll(async () => {
  template = await keyedTemplate('cwmp-serve');
});

afterAll(() => rmSync(template, { recursive: true, force: true }));

function tempDir(): string {
  const d = copyTemplate(template, 'cwmp-serve');
  dirs.push(d);
  return d;
}

function portOf(line: string): number {
  return Number(new URL(line.replace(/^(ACS|UI) /, '')).port);
}

describe('cwmp-workbench serve', () => {
  it('prints one line per listener, serves the API with the token, and stops cleanly on SIGTERM', async () => {
    const data = tempDir();
    const r = serve(['--data', data, '--acs-port', '0', '--acs-tls-port', '0', '--ui-port', '0', '--token', TOKEN, '--sim', '1']);
    running.push(r);
    const uiLine = await waitFor('the UI line', () => r.lines.find((l) => l.startsWith('UI ')), r);
    expect(r.lines).toHaveLength(3);
    expect(r.lines[0]).toMatch(/^ACS http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(r.lines[1]).toMatch(/^ACS https:\/\/127\.0\.0\.1:\d+\/$/);
    const m = /^UI http:\/\/127\.0\.0\.1:(\d+)\/\?token=(.+)$/.exec(uiLine);
    expect(m, uiLine).not.toBeNull();
    expect(m![2]).toBe(TOKEN);
    const port = Number(m![1]);
    for (const line of r.lines) expect(line).toMatch(/^(ACS https?:\/\/|UI http:\/\/)\S+$/);

    const status = await api(port, 'server/status', {}, TOKEN);
    expect(status.status).toBe(200);
    expect(status.json()).toMatchObject({ dataDir: data, shell: 'headless' });
    expect(status.json().listeners.map((l: { name: string }) => l.name)).toContain('ui');
    expect((await api(port, 'server/status', {}, 'wrong-token')).status).toBe(401);
    const devices = (await api(port, 'devices/list', {}, TOKEN)).json().devices as Array<{ id: string }>;
    expect(devices).toHaveLength(1);

    r.child.kill('SIGTERM');
    const end = await r.exit;
    expect(end).toEqual({ code: 0, signal: null });
    expect(r.stderr()).toMatch(/stopped/);

    // Nothing lost: the next run on the same data directory knows the device.
    const again = serve(['--data', data, '--acs-port', '0', '--acs-tls-port', '0', '--token', TOKEN]);
    running.push(again);
    const ui2 = await waitFor('the UI line', () => again.lines.find((l) => l.startsWith('UI ')), again);
    const after = (await api(portOf(ui2), 'devices/list', {}, TOKEN)).json().devices as Array<{ id: string }>;
    expect(after.map((d) => d.id)).toEqual([devices[0].id]);
    again.child.kill('SIGTERM');
    expect((await again.exit).code).toBe(0);
  });

  it('prints a random token when none is given', async () => {
    const r = serve(['--data', tempDir(), '--acs-port', '0', '--acs-tls-port', '0']);
    running.push(r);
    const uiLine = await waitFor('the UI line', () => r.lines.find((l) => l.startsWith('UI ')), r);
    const token = new URL(uiLine.slice(3)).searchParams.get('token')!;
    expect(token.length).toBeGreaterThanOrEqual(24);
    const port = Number(new URL(uiLine.slice(3)).port);
    expect((await api(port, 'traffic/list', {}, token)).status).toBe(200);
    r.child.kill('SIGINT');
    expect((await r.exit).code).toBe(0);
  });

  it('rejects bad flags with a clear message and exit code 2', async () => {
    const r = serve(['--acs-port', 'abc']);
    running.push(r);
    expect((await r.exit).code).toBe(2);
    expect(r.stderr()).toMatch(/cwmp-workbench serve: --acs-port must be an integer from 0 to 65535 \(got 'abc'\)/);
    expect(r.lines).toEqual([]);
  });

  it('exits 1 with the reason when the data directory cannot be used', async () => {
    const file = join(tempDir(), 'acs-settings.json');
    const r = serve(['--data', file, '--acs-port', '0', '--acs-tls-port', '0']);
    running.push(r);
    expect((await r.exit).code).toBe(1);
    expect(r.stderr()).toMatch(/could not set up the services .*(EEXIST|ENOTDIR)/);
    expect(r.lines).toEqual([]);
  });

  it('parses flags: defaults, explicit ports fixed, bad values refused', () => {
    const d = parseServeArgs([], { XDG_CONFIG_HOME: '/x' });
    expect(d).toMatchObject({ options: { acsPort: 7547, acsTlsPort: 7548, uiPort: 0, host: '127.0.0.1', sim: 0, record: true } });
    if (d === 'help') throw new Error('unexpected help');
    expect(d.options.flexiblePorts).toEqual(['acsPort', 'acsTlsPort', 'uiPort']);
    const e = parseServeArgs(['--acs-port', '8000', '--host', '0.0.0.0', '--sim', '3', '--no-record', '--data', '/d']);
    if (e === 'help') throw new Error('unexpected help');
    expect(e.options).toMatchObject({ acsPort: 8000, host: '0.0.0.0', sim: 3, record: false, dataDir: '/d' });
    expect(e.options.flexiblePorts).toEqual(['acsTlsPort', 'uiPort']);
    expect(parseServeArgs(['--help'])).toBe('help');
    expect(d.options.stunPort).toBeUndefined();
    const s = parseServeArgs(['--stun-port', '0']);
    if (s === 'help') throw new Error('unexpected help');
    expect(s.options.stunPort).toBe(0);
    for (const args of [['--stun-port', 'x'], ['--ui-port', '70000'], ['--bogus'], ['--token', 'short'], ['--token', 'has spaces in it'], ['--sim', '-1'], ['extra']]) {
      expect(() => parseServeArgs(args), args.join(' ')).toThrow(UsageError);
    }
  });

  it('moves a default ACS port that is taken, and says so', async () => {
    // Hold 7547 (the default) for the test; if something else already holds it, it is taken all the same.
    const blocker = createServer();
    blockers.push(blocker);
    await new Promise<void>((res) => {
      blocker.once('error', () => res());
      blocker.listen(7547, '127.0.0.1', () => res());
    });
    const r = serve(['--data', tempDir(), '--acs-tls-port', '0', '--token', TOKEN]);
    running.push(r);
    const acs = await waitFor('the ACS line', () => r.lines.find((l) => l.startsWith('ACS http:')), r);
    expect(portOf(acs)).not.toBe(7547);
    await waitFor('the note', () => (/ACS HTTP port 7547 is in use/.test(r.stderr()) ? true : undefined), r);
    r.child.kill('SIGTERM');
    expect((await r.exit).code).toBe(0);
  });

  it('fails with the reason when a port it was told to use is taken', async () => {
    const blocker = createServer();
    blockers.push(blocker);
    await new Promise<void>((res) => blocker.listen(0, '127.0.0.1', () => res()));
    const taken = (blocker.address() as { port: number }).port;
    const r = serve(['--data', tempDir(), '--acs-port', '0', '--acs-tls-port', '0', '--ui-port', String(taken)]);
    running.push(r);
    const end = await r.exit;
    expect(end.code).toBe(1);
    expect(r.stderr()).toMatch(/EADDRINUSE|in use/);
  });
});
