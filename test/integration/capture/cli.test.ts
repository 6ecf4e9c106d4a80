import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureWriter } from '../../../src-main/capture/writer';
import { parseCapture } from '../../../src-shared/capture/format';
import { exchange } from '../../unit/capture/fixtures';
import { gpv, gpvResponse, informResponse, informXml } from '../../unit/capture/cwmp-bodies';
import { ScriptedAcs, send } from '../proxy/helpers';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cwmp-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function cli(args: string[], onStdout?: (text: string, kill: (sig: NodeJS.Signals) => void) => void): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/cli/index.ts', ...args], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      onStdout?.(stdout, (sig) => child.kill(sig));
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('cwmp-workbench capture show', () => {
  it('prints the sessions of a capture; a torn file opens with a warning; a missing file fails clearly', async () => {
    const file = join(dir, 'show.ndjson');
    const w = new CaptureWriter(file);
    const d = '00259E-Router-CLI1';
    for (const x of [
      exchange({ cpe: informXml({ serial: 'CLI1' }), acs: informResponse(), at: 1_000_000, deviceId: d, sessionId: 'a' }),
      exchange({ cpe: '', acs: gpv('g1'), at: 1_000_100, deviceId: d, sessionId: 'a' }),
      exchange({ cpe: gpvResponse('g1'), acs: '', at: 1_000_200, deviceId: d, sessionId: 'a' }),
    ])
      w.record(x);
    await w.close();
    const ok = await cli(['capture', 'show', file]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/3 exchange\(s\), 1 CWMP session\(s\) \(1 completed\)/);
    expect(ok.stdout).toMatch(/Session 1: 00259E-Router-CLI1/);
    expect(ok.stdout).toMatch(/ACS → CPE {2}GetParameterValues \[id g1\]/);
    const text = await readFile(file, 'utf8');
    const torn = join(dir, 'torn.ndjson');
    await writeFile(torn, text.slice(0, text.length - 20));
    const t = await cli(['capture', 'show', '--brief', torn]);
    expect(t.code).toBe(0);
    expect(t.stderr).toMatch(/warning: .*torn\.ndjson:4: last line is incomplete/);
    expect(t.stdout).toMatch(/2 exchange\(s\)/);
    const missing = await cli(['capture', 'show', join(dir, 'nope.ndjson')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read/);
  });
});

describe('cwmp-workbench capture show | head', () => {
  it('ends quietly (exit 0, nothing on stderr) when the reader of its output goes away', async () => {
    const file = join(dir, 'long.ndjson');
    const w = new CaptureWriter(file);
    // Far more than a pipe buffer of --brief output, so the writes outlive the reader.
    for (let i = 0; i < 3000; i++) w.record(exchange({ cpe: informXml({ serial: `P${i}` }), acs: informResponse(), at: 1_000_000 + i, deviceId: `00259E-Router-P${i}`, sessionId: `p${i}` }));
    await w.close();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/cli/index.ts', 'capture', 'show', file, '--brief'], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    // `head` took its first lines and left.
    child.stdout.once('data', () => child.stdout.destroy());
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  });
});

describe('cwmp-workbench proxy', () => {
  it('refuses bad flags with usage, and on SIGTERM stops cleanly with the capture flushed', async () => {
    const bad = await cli(['proxy', '--listen', '99999', '--upstream', 'http://127.0.0.1:1/']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--listen must be a port/);
    const acs = await new ScriptedAcs(() => ({ status: 200, headers: ['Content-Length', String(Buffer.byteLength(informResponse()))], body: informResponse() })).start();
    const file = join(dir, 'run.ndjson');
    let sent = false;
    let killed = false;
    const run = await cli(['proxy', '--listen', '0', '--upstream', `http://127.0.0.1:${acs.port}/`, '--capture', file, '--data', dir], (out, kill) => {
      const m = /^proxy (http:\/\/127\.0\.0\.1:\d+\/) -> /m.exec(out);
      if (m && !sent) {
        sent = true;
        const body = informXml({ serial: 'SIGTERM' });
        void send(m[1], { headers: ['Content-Length', String(Buffer.byteLength(body))], body, agent: new http.Agent() });
      }
      if (!killed && /00259E-Router-SIGTERM POST Inform -> 200 InformResponse/.test(out)) {
        killed = true;
        kill('SIGTERM');
      }
    });
    await acs.stop();
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/capture: 1 exchange\(s\) written/);
    const parsed = parseCapture(await readFile(file, 'utf8'));
    expect(parsed.exchanges.map((x) => x.deviceId)).toEqual(['00259E-Router-SIGTERM']);
  });
});

describe('cwmp-workbench proxy | head', () => {
  it('keeps proxying and recording after whoever read its stdout went away', async () => {
    const acs = await new ScriptedAcs(() => ({ status: 200, headers: ['Content-Length', String(Buffer.byteLength(informResponse()))], body: informResponse() })).start();
    const file = join(dir, 'head.ndjson');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/cli/index.ts', 'proxy', '--listen', '0', '--upstream', `http://127.0.0.1:${acs.port}/`, '--capture', file, '--data', dir], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /^proxy (http:\/\/127\.0\.0\.1:\d+\/) -> /m.exec(out);
        if (m) resolve(m[1]);
      });
      child.once('exit', () => reject(new Error(`proxy exited: ${stderr}`)));
    });
    // `| head` read its line and left: the pipe's read end is closed.
    child.stdout.destroy();
    for (const serial of ['H1', 'H2', 'H3']) {
      const body = informXml({ serial });
      const r = await send(url, { headers: ['Content-Length', String(Buffer.byteLength(body))], body, agent: false });
      expect(r.status).toBe(200);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(child.exitCode).toBeNull();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await acs.stop();
    const parsed = parseCapture(await readFile(file, 'utf8'));
    expect(parsed.exchanges.map((x) => x.deviceId)).toEqual(['00259E-Router-H1', '00259E-Router-H2', '00259E-Router-H3']);
  });
});
