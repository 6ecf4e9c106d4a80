/**
 * The capture proxy's cost on loopback: added latency per exchange (p50, p99) and throughput, each against
 * the same traffic sent straight to the upstream in the same run; and the capture writer's rate with
 * durability on (group-committed fdatasync) against plain appends.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { loadavg, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchLine } from './types';
import { proxyProfileSchema } from '../src-shared/api/proxy';
import { ProxyServer } from '../src-main/proxy/proxy-server';
import { Interceptor } from '../src-main/proxy/intercept';
import { TrafficStore } from '../src-main/traffic/traffic-store';
import { CaptureWriter } from '../src-main/capture/writer';
import { exchangeLine } from '../src-shared/capture/format';
import type { Exchange } from '../src-shared/traffic/exchange';
import { gpvResponse, informResponse, informXml } from '../test/unit/capture/cwmp-bodies';
import { decodeBody } from '../src-main/runtime/decode-body';
import { sharedDecodePool } from '../src-main/decode-worker/decode-pool';

/** CPU time (µs) of each thread of a process, by thread id (Linux /proc; empty elsewhere). */
function threadCpu(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  try {
    for (const t of readdirSync(`/proc/${pid}/task`)) {
      // schedstat: time on CPU in ns (finer than the tick counts in stat).
      out.set(Number(t), Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').split(' ')[0]) / 1000);
    }
  } catch {
    // Not Linux, or the process is gone.
  }
  return out;
}

/** The proxy process's CPU between two samples: its main (forwarding) thread, and all its other threads. */
function cpuSplit(pid: number, before: Map<number, number>, after: Map<number, number>): { main: number; other: number; busiest: number } {
  let other = 0;
  let busiest = 0;
  for (const [tid, us] of after) {
    if (tid === pid) continue;
    const d = us - (before.get(tid) ?? 0);
    other += d;
    busiest = Math.max(busiest, d);
  }
  return { main: (after.get(pid) ?? 0) - (before.get(pid) ?? 0), other, busiest };
}

const REQUEST = Buffer.from(informXml());
const RESPONSE = Buffer.from(informResponse());

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function post(port: number, agent: http.Agent): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/', agent, headers: { 'Content-Type': 'text/xml', 'Content-Length': REQUEST.length } });
    req.on('error', reject);
    req.on('response', (res) => {
      res.on('data', () => undefined);
      res.on('end', () => resolve());
    });
    req.end(REQUEST);
  });
}

async function latency(port: number, n: number): Promise<number[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  for (let i = 0; i < 50; i++) await post(port, agent); // warm-up
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await post(port, agent);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  agent.destroy();
  return times.sort((a, b) => a - b);
}

async function throughput(port: number, connections: number, ms: number): Promise<{ rate: number; done: number }> {
  let done = 0;
  const until = Date.now() + ms;
  const agents = Array.from({ length: connections }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));
  await Promise.all(
    agents.map(async (agent) => {
      while (Date.now() < until) {
        await post(port, agent);
        done++;
      }
    }),
  );
  agents.forEach((a) => a.destroy());
  return { rate: done / (ms / 1000), done };
}

function sampleExchange(i: number): Exchange {
  const body = gpvResponse(`g${i}`);
  return {
    id: `bench-${i}`,
    kind: 'cwmp',
    source: 'proxy:bench',
    startedAt: Date.now(),
    finishedAt: Date.now() + 1,
    connection: { id: 'c', remoteAddress: '127.0.0.1', remotePort: 1, localAddress: '127.0.0.1', localPort: 2 },
    deviceId: '00259E-Router-SN0001',
    sessionId: 's',
    request: { method: 'POST', url: '/', httpVersion: '1.1', headers: [['Content-Type', 'text/xml']], body: { encoding: 'utf8', data: body, size: body.length } },
    response: { status: 204, statusText: 'No Content', headers: [], body: { encoding: 'utf8', data: '', size: 0 } },
    cwmpRequest: { rpc: 'GetParameterValuesResponse', id: `g${i}`, warnings: [] },
  };
}

async function captureRate(ms: number): Promise<{ durable: number; plain: number; size: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'cwmp-bench-'));
  try {
    // Plain appends, no fsync: the ceiling.
    const fd = openSync(join(dir, 'plain.ndjson'), 'a');
    let plain = 0;
    const t0 = Date.now();
    while (Date.now() - t0 < ms) {
      writeSync(fd, exchangeLine(sampleExchange(plain)));
      plain++;
    }
    closeSync(fd);
    const plainRate = plain / ((Date.now() - t0) / 1000);
    // The capture writer, as the app records: each exchange written at once, fdatasync group-committed.
    const w = new CaptureWriter(join(dir, 'durable.ndjson'));
    let n = 0;
    const t1 = Date.now();
    while (Date.now() - t1 < ms) {
      // Yield every batch so background fdatasync completes as it would between real exchanges.
      for (let k = 0; k < 50; k++) w.record(sampleExchange(n++));
      await new Promise((r) => setImmediate(r));
    }
    await w.close();
    const durableRate = n / ((Date.now() - t1) / 1000);
    return { durable: durableRate, plain: plainRate, size: exchangeLine(sampleExchange(0)).length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const BARE_FLAG = '--bare-reverse-proxy';

/**
 * The floor for any Node reverse proxy here: one keep-alive upstream socket per client connection, both
 * bodies piped, hop-by-hop Connection dropped, nothing recorded. Run as `tsx bench/proxy.ts --bare-reverse-proxy`.
 */
function bareProxy(upstream: URL): void {
  const agents = new WeakMap<object, http.Agent>();
  const server = http.createServer((req, res) => {
    let agent = agents.get(req.socket);
    if (!agent) {
      const a = new http.Agent({ keepAlive: true, maxSockets: 1 });
      agents.set(req.socket, a);
      req.socket.on('close', () => a.destroy());
      agent = a;
    }
    const headers: string[] = [];
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) if (req.rawHeaders[i].toLowerCase() !== 'connection') headers.push(req.rawHeaders[i], req.rawHeaders[i + 1]);
    const up = http.request({ hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: headers as unknown as http.OutgoingHttpHeaders, agent });
    up.on('response', (r) => {
      res.sendDate = false;
      res.writeHead(r.statusCode ?? 502, r.statusMessage, r.rawHeaders);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`proxy http://127.0.0.1:${(server.address() as AddressInfo).port}/ (bare)\n`));
  process.on('SIGTERM', () => process.exit(0));
}

if (process.argv[2] === BARE_FLAG) bareProxy(new URL(process.argv[process.argv.indexOf('--upstream') + 1]));

/**
 * The proxy runs in its own process, as it does in use (the CPE and the ACS are elsewhere): the CLI verb,
 * decoding every message and keeping it for the trace, without printing.
 */
async function startProxyProcess(upstreamPort: number, bare = false): Promise<{ port: number; child: ChildProcess }> {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const entry = bare ? fileURLToPath(import.meta.url) : 'src-main/cli/index.ts';
  const child = spawn(process.execPath, ['--import', 'tsx', entry, bare ? BARE_FLAG : 'proxy', '--listen', '0', '--upstream', `http://127.0.0.1:${upstreamPort}/`, '--quiet'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`proxy did not start: ${out}`)), 20_000);
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /^proxy http:\/\/127\.0\.0\.1:(\d+)\//m.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`proxy exited (${code}): ${out}`)));
  });
  return { port, child };
}

/** CPU time to decode one exchange's two messages, as the proxy does for the trace. */
function decodeCpu(n: number): number {
  for (let i = 0; i < 200; i++) decodeBody(REQUEST, 'text/xml'), decodeBody(RESPONSE, 'text/xml');
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    decodeBody(REQUEST, 'text/xml');
    decodeBody(RESPONSE, 'text/xml');
  }
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / n;
}

/** CPU time per exchange (client + upstream, plus the proxy when routed through it), all in this process. */
async function cpuPerExchange(port: number, n: number): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  for (let i = 0; i < 200; i++) await post(port, agent);
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) await post(port, agent);
  const c = process.cpuUsage(c0);
  agent.destroy();
  return (c.user + c.system) / n;
}

export async function run(): Promise<BenchLine[]> {
  const upstream = http.createServer((req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Length': RESPONSE.length });
      res.end(RESPONSE);
    });
  });
  upstream.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
  const upPort = (upstream.address() as AddressInfo).port;
  const proxy = await startProxyProcess(upPort);
  const bare = await startProxyProcess(upPort, true).catch(() => undefined);
  try {
    // Direct and proxied runs alternate in short blocks, so a change in machine load hits both alike.
    const direct: number[] = [];
    const via: number[] = [];
    for (let round = 0; round < 5; round++) {
      direct.push(...(await latency(upPort, 400)));
      via.push(...(await latency(proxy.port, 400)));
    }
    direct.sort((a, b) => a - b);
    via.sort((a, b) => a - b);
    let directTput = 0;
    let viaTput = 0;
    let bareTput = 0;
    let bareMain = 0;
    let bareDone = 0;
    let viaDone = 0;
    const pid = proxy.child.pid!;
    const split = { main: 0, other: 0, busiest: 0 };
    const rounds = 6;
    for (let round = 0; round < rounds; round++) {
      directTput += (await throughput(upPort, 16, 250)).rate / rounds;
      const c0 = threadCpu(pid);
      const t = await throughput(proxy.port, 16, 250);
      // Let the records of this round be decoded (on the worker) before reading the CPU counters.
      await new Promise((r) => setTimeout(r, 30));
      const d = cpuSplit(pid, c0, threadCpu(pid));
      split.main += d.main;
      split.other += d.other;
      split.busiest += d.busiest;
      viaTput += t.rate / rounds;
      viaDone += t.done;
      if (bare) {
        const b0 = threadCpu(bare.child.pid!);
        const b = await throughput(bare.port, 16, 250);
        bareMain += cpuSplit(bare.child.pid!, b0, threadCpu(bare.child.pid!)).main;
        bareTput += b.rate / rounds;
        bareDone += b.done;
      }
    }
    const cap = await captureRate(800);
    // The proxy's own CPU cost, measured in-process so scheduling between processes does not blur it.
    const inProc = new ProxyServer({
      profile: proxyProfileSchema.parse({ name: 'bench', listen: { port: 0 }, upstream: { url: `http://127.0.0.1:${upPort}/` } }),
      sink: new TrafficStore(undefined, 10_000),
      interceptor: new Interceptor(),
    });
    await inProc.start();
    await sharedDecodePool().whenReady();
    const cpuDirect = await cpuPerExchange(upPort, 1500);
    const cpuVia = await cpuPerExchange(inProc.boundPort, 1500);
    await inProc.stop();
    const decode = decodeCpu(2000);
    const machine = `${cpus().length} CPUs, load ${loadavg()[0].toFixed(1)}`;
    const p50d = percentile(direct, 50);
    const p50v = percentile(via, 50);
    const p99d = percentile(direct, 99);
    const p99v = percentile(via, 99);
    return [
      { name: 'proxy added latency p50 (Inform, keep-alive, loopback)', value: p50v - p50d, unit: 'ms', baseline: p50d, ratio: p50v / p50d, note: `direct ${p50d.toFixed(3)} ms, via proxy ${p50v.toFixed(3)} ms; aim < 1 ms added; ${machine}` },
      { name: 'proxy added latency p99', value: p99v - p99d, unit: 'ms', baseline: p99d, ratio: p99v / p99d, note: `direct ${p99d.toFixed(3)} ms, via proxy ${p99v.toFixed(3)} ms` },
      { name: 'proxy throughput (16 CPE connections, every message decoded)', value: viaTput, unit: 'exchanges/s', baseline: directTput, ratio: viaTput / directTput, note: `proxy in its own process; aim ≥ 0.8 of direct; ${machine}` },
      ...(bare
        ? [
            {
              name: 'floor: bare Node pipe proxy throughput (records nothing)',
              value: bareTput,
              unit: 'exchanges/s',
              baseline: directTput,
              ratio: bareTput / directTput,
              note: `same client, upstream and concurrency; its forwarding thread ${(bareMain / Math.max(1, bareDone)).toFixed(0)} µs/exchange; the workbench proxy reaches ${(viaTput / bareTput).toFixed(2)} of it`,
            },
          ]
        : []),
      {
        name: 'proxy process: forwarding-thread CPU per exchange',
        value: split.main / viaDone,
        unit: 'µs',
        baseline: (split.main + split.other) / viaDone,
        ratio: split.main / (split.main + split.other),
        note: `baseline: all its threads (busiest other ≈ ${(split.busiest / viaDone).toFixed(0)} µs: GC helpers, or the decode worker with CWMP_DECODE_WORKER=1); the forwarding thread bounds its rate at ≈ ${((1e6 * viaDone) / split.main).toFixed(0)}/s per core`,
      },
      { name: 'proxy CPU per exchange (forward + record + decode both messages)', value: cpuVia - cpuDirect, unit: 'µs', baseline: cpuDirect, ratio: cpuVia / cpuDirect, note: `in-process, all threads (the decode worker too, when on); baseline: the client and upstream's own CPU per exchange; ${machine}` },
      { name: 'of which CWMP decoding (Inform + InformResponse, the codec)', value: decode, unit: 'µs', baseline: cpuVia - cpuDirect, ratio: decode / (cpuVia - cpuDirect), note: 'ratio: share of the proxy CPU per exchange; inline on the forwarding thread unless CWMP_DECODE_WORKER=1' },
      { name: 'capture write rate, durable (fdatasync group commit)', value: cap.durable, unit: 'exchanges/s', baseline: cap.plain, ratio: cap.durable / cap.plain, note: `baseline: plain appends without fsync; ${cap.size} B/exchange` },
    ];
  } finally {
    proxy.child.kill('SIGTERM');
    bare?.child.kill('SIGTERM');
    await new Promise<void>((r) => {
      upstream.close(() => r());
      upstream.closeAllConnections();
    });
  }
}
