import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { api } from '../server/helpers';
import { bodies, informXml, normalSession, open, postBytes, rawSend, sleep, type RawReply, type Target } from './hostile';

// The real `serve` process, from source, fed the same garbage as the in-process suite: it must stay up, keep
// serving CWMP and the API, and still exit 0 on SIGTERM.

const root = resolve(__dirname, '../../..');
const TOKEN = 'robust-cli-token-42';
let child: ChildProcess | undefined;
let dataDir: string | undefined;

afterAll(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('cwmp-workbench serve under hostile input', () => {
  it('stays up through garbage on every listener and exits 0 on SIGTERM', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cwmp-robust-cli-'));
    child = spawn(process.execPath, ['--import', 'tsx', 'src-main/cli/index.ts', 'serve', '--data', dataDir, '--acs-port', '0', '--acs-tls-port', '0', '--ui-port', '0', '--no-record', '--token', TOKEN], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    const proc = child;
    const lines: string[] = [];
    let out = '';
    let err = '';
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const parts = out.split('\n');
      out = parts.pop() ?? '';
      lines.push(...parts);
    });
    proc.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => proc.once('exit', (code, signal) => r({ code, signal })));

    const deadline = Date.now() + 20_000;
    while (!lines.some((l) => l.startsWith('UI '))) {
      if (proc.exitCode !== null) throw new Error(`serve exited (${proc.exitCode}): ${err}`);
      if (Date.now() > deadline) throw new Error(`no UI line: ${JSON.stringify(lines)} ${err}`);
      await sleep(50);
    }
    // Lines read "ACS http://…", "ACS https://…", "UI http://…/?token=…".
    const portOf = (prefix: string): number => Number(new URL(lines.find((l) => l.startsWith(prefix))!.replace(/^(ACS|UI) /, '')).port);
    const uiPort = portOf('UI ');
    const targets: Target[] = [
      { name: 'acs-http', port: portOf('ACS http:'), tls: false },
      { name: 'acs-https', port: portOf('ACS https:'), tls: true },
    ];
    const ui: Target = { name: 'ui', port: uiPort, tls: false };

    const created = await api(uiPort, 'proxy/create', { profile: { name: 'robust', listen: { host: '127.0.0.1', port: 0 }, upstream: { url: `http://127.0.0.1:${targets[0].port}/` } }, start: true }, TOKEN);
    expect(created.status, created.body).toBe(200);
    targets.push({ name: 'proxy', port: Number(new URL(created.json().proxy.url).port), tls: false });

    const garbage = (t: Target, i: number): Buffer | string => {
      const p = `/robust/cli/${i}`;
      switch (i % 9) {
        case 0:
          return 'NOT HTTP AT ALL\r\n\x00\x01\r\n\r\n';
        case 1:
          return postBytes(t, p, bodies.malformed());
        case 2:
          return postBytes(t, p, bodies.billionLaughs());
        case 3:
          return postBytes(t, p, bodies.externalEntity());
        case 4:
          return postBytes(t, p, bodies.binary(), { 'Content-Type': 'application/octet-stream' });
        case 5:
          return postBytes(t, p, bodies.deep(3000));
        case 6:
          return postBytes(t, p, bodies.invalidUtf8(`CLI${i}`));
        case 7:
          return postBytes(t, p, 'x'.repeat(4096), { 'Content-Length': String(2 * 1024 * 1024 * 1024) });
        default:
          return postBytes(t, p, bodies.unknownRpc());
      }
    };
    const jobs: Array<Promise<RawReply>> = [];
    const all = [...targets, ui];
    for (let i = 0; i < 60; i++) {
      const t = all[i % all.length];
      jobs.push(rawSend(t, garbage(t, i), { waitMs: 4000 }));
    }
    // A CPE that sends half a body and hangs up, and headers that never finish, on each listener.
    const slow = [];
    for (const t of all) {
      const bytes = postBytes(t, '/robust/cli/half', informXml('HALF'));
      jobs.push(rawSend(t, bytes.subarray(0, bytes.length - 200), { hangUp: true }));
      const s = await open(t);
      s.on('error', () => undefined);
      s.write('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Never: ');
      slow.push(s);
    }
    const replies = await Promise.all(jobs);
    expect(replies.filter((r) => r.status === 400).length).toBeGreaterThan(0);
    expect(replies.filter((r) => r.status === 413).length).toBeGreaterThan(0);

    expect(proc.exitCode).toBeNull();
    for (const t of targets) {
      expect(await normalSession(t, `CLI-HEALTH-${t.name}`), t.name).toEqual({ informStatus: 200, informResponse: true, emptyStatus: 204 });
    }
    const status = await api(uiPort, 'server/status', {}, TOKEN);
    expect(status.status).toBe(200);
    const traffic = (await api(uiPort, 'traffic/list', { limit: 100_000, bodies: false }, TOKEN)).json().exchanges as Array<{ request?: { url: string }; error?: string; cwmpRequest?: { error?: string } }>;
    expect(traffic.some((x) => x.request?.url.startsWith('/robust/cli/') && (x.error || x.cwmpRequest?.error))).toBe(true);

    // SIGTERM with the never-finishing connections still open: they must not hold the process up.
    proc.kill('SIGTERM');
    expect(await exit).toEqual({ code: 0, signal: null });
    for (const s of slow) s.destroy();
    expect(err).not.toMatch(/Unhandled|uncaught|TypeError|RangeError|at .*\.ts:\d+/);
  }, 40_000);
});
