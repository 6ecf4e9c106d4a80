import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCapture } from '../../../src-shared/capture/format';
import { gpvResponse, informResponse, informXml } from '../../unit/capture/cwmp-bodies';
import { ScriptedAcs, send } from '../proxy/helpers';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function waitForLine(child: ChildProcess, re: RegExp, out: { text: string }, timeoutMs = 20_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out waiting for ${re} in: ${out.text}`)), timeoutMs);
    const check = (): void => {
      const m = re.exec(out.text);
      if (m) {
        clearTimeout(t);
        child.stdout!.off('data', check);
        resolve(m);
      }
    };
    child.stdout!.on('data', check);
    check();
  });
}

describe('capture durability', () => {
  it('keeps every exchange completed before a kill -9 of the recording proxy', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cwmp-kill9-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const acs = await new ScriptedAcs((r) => {
      const body = r.body.length ? informResponse(`id-${r.body.toString().length}`) : '';
      return { status: body ? 200 : 204, headers: ['Content-Type', 'text/xml', 'Content-Length', String(Buffer.byteLength(body))], body };
    }).start();
    cleanups.push(() => acs.stop());
    const file = join(dir, 'trace.ndjson');
    const child = spawn('npx', ['tsx', 'src-main/cli/index.ts', 'proxy', '--listen', '0', '--upstream', `http://127.0.0.1:${acs.port}/`, '--capture', file, '--data', dir], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: false,
    });
    cleanups.push(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    const out = { text: '' };
    child.stdout!.on('data', (d: Buffer) => (out.text += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out.text += d.toString()));
    const m = await waitForLine(child, /^proxy (http:\/\/127\.0\.0\.1:\d+\/) -> /m, out);
    const url = m[1];

    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    cleanups.push(async () => agent.destroy());
    const n = 40;
    const sent: string[] = [];
    for (let i = 0; i < n; i++) {
      const body = i % 2 === 0 ? informXml({ serial: `K${i}`, id: `i${i}` }) : gpvResponse(`g${i}`);
      sent.push(body);
      const r = await send(url, { headers: ['Content-Type', 'text/xml', 'Content-Length', String(Buffer.byteLength(body))], body, agent });
      expect(r.status).toBe(200);
    }
    // The proxy prints each exchange after handing it to the capture writer.
    await waitForLine(child, new RegExp(`(?:.*\\n){${n + 1}}`), out, 10_000);
    // One more exchange in flight at the moment of the kill: its request is half sent.
    const inflight = net.connect(Number(new URL(url).port), '127.0.0.1');
    await new Promise<void>((r) => inflight.once('connect', () => r()));
    inflight.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n<partial');
    await new Promise((r) => setTimeout(r, 50));
    const pid = child.pid!;
    // npx runs tsx, which runs node: kill the whole process group's leaf that holds the file, hard.
    const killed = new Promise<void>((r) => child.once('exit', () => r()));
    killTree(pid);
    await killed;
    inflight.destroy();

    const parsed = parseCapture(await readFile(file, 'utf8'));
    const finished = parsed.exchanges.filter((x) => x.finishedAt !== undefined);
    expect(finished).toHaveLength(n);
    expect(finished.map((x) => x.request?.body.data)).toEqual(sent);
    expect(finished.every((x) => x.response?.status === 200)).toBe(true);
    // The exchange in flight at the kill is there too, as far as it had come: its request's start.
    const unfinished = parsed.exchanges.filter((x) => x.finishedAt === undefined);
    expect(unfinished.map((x) => x.request?.headers.find(([k]) => k === 'Content-Length')?.[1])).toEqual(['1000']);
    // Nothing half-written: at most a torn last line, reported, never a corrupt middle.
    expect(parsed.warnings.filter((w) => !/incomplete/.test(w.message))).toEqual([]);
  }, 60_000);
});

/** SIGKILL the process and all its descendants (npx → tsx → node), leaves first so none can react. */
function killTree(pid: number): void {
  const children = (p: number): number[] => {
    try {
      return execFileSync('pgrep', ['-P', String(p)], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
        .map(Number);
    } catch {
      return [];
    }
  };
  const all: number[] = [];
  const walk = (p: number): void => {
    for (const c of children(p)) walk(c);
    all.push(p);
  };
  walk(pid);
  for (const p of all) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}
