/**
 * ACS load, driven by the built-in simulator over loopback HTTP:
 * - complete Inform sessions per second (Inform → InformResponse → empty POST → 204, keep-alive within the
 *   session) from 1 and from 200 concurrent CPEs, against the embedded ACS and against a bare Node `http`
 *   server answering the same exchanges with fixed bytes (the ceiling), as a ratio;
 * - 1,000 devices informing at once: failures, p50/p99 session time, memory per device.
 * Client and servers share this one process (and its CPU), so both sides of each ratio pay the same client.
 */
import { existsSync } from 'node:fs';
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { buildCwmp } from '../src-shared/cwmp';
import { createAcsService, type AcsService } from '../src-main/acs';
import { EventHub } from '../src-main/runtime/event-hub';
import { createSimulator, type Simulator } from '../src-main/sim';
import { TrafficStore } from '../src-main/traffic/traffic-store';
import type { BenchLine } from './types';

const RUN_MS = 1200;
const ROUNDS = 3;
/** JIT warm-up on both sides before each measurement (the first second runs far slower). */
const WARM_MS = 400;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function settle(): Promise<void> {
  return new Promise((r) => setTimeout(r, 50));
}

async function memory(): Promise<number> {
  await settle();
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external + m.arrayBuffers;
}

/** The ceiling: fixed InformResponse bytes for any body, 204 for the empty POST. */
export async function bareServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const informResponse = Buffer.from(
    buildCwmp({ rpc: { name: 'InformResponse', maxEnvelopes: 1 }, header: { id: 'x' }, namespace: 'urn:dslforum-org:cwmp-1-2' }),
  );
  const server = http.createServer((req, res) => {
    let size = 0;
    req.on('data', (c: Buffer) => (size += c.length));
    req.on('end', () => {
      if (size === 0) res.writeHead(204).end();
      else res.writeHead(200, { 'Content-Type': 'text/xml; charset="utf-8"', 'Set-Cookie': 'session=fixed; Path=/' }).end(informResponse);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/cwmp`,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

/** tmpfs when there is one: the ACS fsyncs each device file, and this bench measures CPU, not the disk. */
const scratch = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();

async function startAcs(): Promise<{ acs: AcsService; close: () => Promise<void> }> {
  const dataDir = await mkdtemp(join(scratch, 'bench-acs-'));
  const hub = new EventHub();
  const acs = await createAcsService({ dataDir, host: '127.0.0.1', httpPort: 0, httpsPort: null, hub, traffic: new TrafficStore(hub) });
  await acs.start();
  return {
    acs,
    close: async () => {
      await acs.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every device runs sessions back to back for `ms`; returns the sessions completed and the time taken. */
async function loop(sim: Simulator, ms: number): Promise<{ done: number; ms: number; failures: number }> {
  const until = performance.now() + ms;
  const started = performance.now();
  let done = 0;
  let failures = 0;
  await Promise.all(
    sim.devices.map(async (_, i) => {
      while (performance.now() < until) {
        const r = await sim.inform(i, ['2 PERIODIC']);
        if (r.ok) done++;
        else failures++;
      }
    }),
  );
  return { done, ms: performance.now() - started, failures };
}

/**
 * Sessions per second against the ceiling and the ACS: both warmed up, then measured in alternating short
 * rounds so drift on a shared machine (other processes, GC of earlier phases) hits both alike.
 */
export async function compare(bareUrl: string, acsUrl: string, concurrency: number): Promise<{ bare: number; acs: number; failures: number }> {
  const make = async (url: string, tag: string): Promise<Simulator> => {
    const sim = await createSimulator({ acsUrl: url, count: concurrency, bootstrap: false, informIntervalSec: 86_400, serialPrefix: `${tag}${concurrency}-` });
    await sim.start();
    return sim;
  };
  const sims = [await make(bareUrl, 'B'), await make(acsUrl, 'A')];
  try {
    for (const sim of sims) await loop(sim, WARM_MS);
    const totals = [
      { sessions: 0, ms: 0 },
      { sessions: 0, ms: 0 },
    ];
    let failures = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const [k, sim] of sims.entries()) {
        const r = await loop(sim, RUN_MS / ROUNDS);
        totals[k].sessions += r.done;
        totals[k].ms += r.ms;
        failures += r.failures;
      }
    }
    const [bare, acs] = totals.map((t) => t.sessions / (t.ms / 1000));
    return { bare, acs, failures };
  } finally {
    for (const sim of sims) await sim.stop();
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const phase = (name: string, t0: number): void => {
  if (process.env.BENCH_DEBUG) process.stderr.write(`${name}: ${(performance.now() - t0).toFixed(0)} ms\n`);
};

export async function run(): Promise<BenchLine[]> {
  const lines: BenchLine[] = [];
  const t0 = performance.now();

  // 1,000 devices, fresh ACS: memory of the simulator alone, then one BOOTSTRAP session each, all at once.
  {
    const { acs, close } = await startAcs();
    phase('acs up', t0);
    const before = await memory();
    const sim = await createSimulator({ acsUrl: `${acs.urls().http}cwmp`, count: 1000, bootstrap: false, informIntervalSec: 86_400, serialPrefix: 'K' });
    try {
      await sim.start();
      phase('sim up', t0);
      const simOnly = (await memory()) - before;
      const results = await Promise.all(sim.devices.map((_, i) => sim.inform(i, ['0 BOOTSTRAP', '1 BOOT'])));
      phase('sessions', t0);
      const withAcs = (await memory()) - before;
      const failures = results.filter((r) => !r.ok);
      const times = results.map((r) => r.durationMs).sort((a, b) => a - b);
      const firstError = failures[0]?.error;
      lines.push({ name: '1,000 devices at once: failed sessions', value: failures.length, unit: 'sessions', note: firstError ? `first: ${firstError}` : 'must be 0' });
      lines.push({ name: '1,000 devices at once: session time p50', value: percentile(times, 50), unit: 'ms' });
      lines.push({ name: '1,000 devices at once: session time p99', value: percentile(times, 99), unit: 'ms' });
      lines.push({ name: 'memory per simulated device (simulator alone)', value: simOnly / 1000 / 1024, unit: 'KiB', note: 'heap+external, after GC; tree shared copy-on-write, one CR listener each' });
      lines.push({ name: 'memory per device (simulator + ACS, after a session)', value: withAcs / 1000 / 1024, unit: 'KiB', note: 'includes the ACS registry and recorded traffic' });
    } finally {
      await sim.stop();
      phase('sim stopped', t0);
      await close();
      phase('1,000-device run', t0);
    }
  }

  // Throughput: the bare server (ceiling) and the ACS, from 1 and from 200 concurrent CPEs.
  const bare = await bareServer();
  const { acs, close } = await startAcs();
  try {
    for (const concurrency of [1, 200]) {
      const r = await compare(bare.url, `${acs.urls().http}cwmp`, concurrency);
      phase(`throughput ${concurrency}`, t0);
      lines.push({
        name: `Inform sessions/s, ${concurrency} CPE${concurrency > 1 ? 's' : ''} (ACS vs bare http)`,
        value: r.acs,
        unit: 'sessions/s',
        baseline: r.bare,
        ratio: r.acs / r.bare,
        note: `aim ≥ 0.5${r.failures > 0 ? `; ${r.failures} failed sessions` : ''}`,
      });
    }
  } finally {
    await close();
    await bare.close();
  }
  return lines;
}
