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
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
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
import { decodeBody } from '../src-main/capture/decode-body';

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

async function throughput(port: number, connections: number, ms: number): Promise<number> {
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
  return done / (ms / 1000);
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

/**
 * The proxy runs in its own process, as it does in use (the CPE and the ACS are elsewhere): the CLI verb,
 * decoding every message and keeping it for the trace, without printing.
 */
async function startProxyProcess(upstreamPort: number): Promise<{ port: number; child: ChildProcess }> {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/cli/index.ts', 'proxy', '--listen', '0', '--upstream', `http://127.0.0.1:${upstreamPort}/`, '--quiet'], {
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
    for (let round = 0; round < 4; round++) {
      directTput += (await throughput(upPort, 16, 250)) / 4;
      viaTput += (await throughput(proxy.port, 16, 250)) / 4;
    }
    const cap = await captureRate(800);
    // The proxy's own CPU cost, measured in-process so scheduling between processes does not blur it.
    const inProc = new ProxyServer({
      profile: proxyProfileSchema.parse({ name: 'bench', listen: { port: 0 }, upstream: { url: `http://127.0.0.1:${upPort}/` } }),
      sink: new TrafficStore(undefined, 10_000),
      interceptor: new Interceptor(),
    });
    await inProc.start();
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
      { name: 'proxy CPU per exchange (forward + record + decode both messages)', value: cpuVia - cpuDirect, unit: 'µs', baseline: cpuDirect, ratio: cpuVia / cpuDirect, note: `baseline: the client and upstream's own CPU per exchange; ${machine}` },
      { name: 'of which CWMP decoding (Inform + InformResponse, the codec)', value: decode, unit: 'µs', baseline: cpuVia - cpuDirect, ratio: decode / (cpuVia - cpuDirect), note: 'ratio: share of the proxy CPU per exchange' },
      { name: 'capture write rate, durable (fdatasync group commit)', value: cap.durable, unit: 'exchanges/s', baseline: cap.plain, ratio: cap.durable / cap.plain, note: `baseline: plain appends without fsync; ${cap.size} B/exchange` },
    ];
  } finally {
    proxy.child.kill('SIGTERM');
    await new Promise<void>((r) => {
      upstream.close(() => r());
      upstream.closeAllConnections();
    });
  }
}
