/**
 * The cost of durability, and memory under sustained load:
 * - Inform sessions/s against an ACS whose data directory is on disk (not tmpfs), recording every exchange
 *   into a capture file, as `serve` runs: every device change goes to the device journal and every message
 *   to the capture before it is answered (fsync in the background, one per batch). Against a bare Node
 *   `http` server answering the same exchanges with fixed bytes, in the same run, as a ratio (aim ≥ 0.5).
 * - RSS over 100,000 requests (50,000 Inform sessions from 50 CPEs) against the same kind of ACS, sampled
 *   every 20,000 requests: the live traffic is bounded by bytes (`trafficMemoryBytes`), so RSS levels off.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAcsService, type AcsService } from '../src-main/acs';
import { CaptureWriter } from '../src-main/capture/writer';
import { EventHub } from '../src-main/runtime/event-hub';
import { createSimulator } from '../src-main/sim';
import { TrafficStore } from '../src-main/traffic/traffic-store';
import { bareServer, compare } from './acs';
import type { BenchLine } from './types';

const MIB = 1024 * 1024;
/** BENCH_RSS_REQUESTS=0 skips the RSS run (it takes minutes on a busy machine). */
const REQUESTS = Number(process.env.BENCH_RSS_REQUESTS ?? 100_000);
const SAMPLE_EVERY = 20_000;
const CPES = 50;

/** An ACS as `serve` runs it: data on disk, every exchange recorded into a capture file. */
async function durableAcs(): Promise<{ acs: AcsService; traffic: TrafficStore; close: () => Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-durable-'));
  const hub = new EventHub();
  const traffic = new TrafficStore(hub);
  const writer = new CaptureWriter(join(dataDir, 'captures', 'bench.ndjson'), { writer: 'bench' });
  traffic.addSink(writer);
  const acs = await createAcsService({ dataDir, host: '127.0.0.1', httpPort: 0, httpsPort: null, hub, traffic });
  traffic.setMaxBytes(acs.settings.get().trafficMemoryBytes);
  await acs.start();
  return {
    acs,
    traffic,
    close: async () => {
      await acs.stop();
      await writer.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function run(): Promise<BenchLine[]> {
  const lines: BenchLine[] = [];

  const bare = await bareServer();
  {
    const { acs, close } = await durableAcs();
    try {
      for (const concurrency of [1, 200]) {
        const r = await compare(bare.url, `${acs.urls().http}cwmp`, concurrency);
        lines.push({
          name: `Inform sessions/s, ${concurrency} CPE${concurrency > 1 ? 's' : ''}, durable (disk, journal + capture)`,
          value: r.acs,
          unit: 'sessions/s',
          baseline: r.bare,
          ratio: r.acs / r.bare,
          note: `vs bare http; aim ≥ 0.5${r.failures > 0 ? `; ${r.failures} failed sessions` : ''}`,
        });
      }
    } finally {
      await close();
      await bare.close();
    }
  }

  if (REQUESTS > 0) {
    const { acs, traffic, close } = await durableAcs();
    const sim = await createSimulator({ acsUrl: `${acs.urls().http}cwmp`, count: CPES, bootstrap: false, informIntervalSec: 86_400, serialPrefix: 'RSS' });
    try {
      await sim.start();
      const rss = (): number => process.memoryUsage().rss / MIB;
      const samples: Array<{ requests: number; rss: number; held: number; size: number }> = [{ requests: 0, rss: rss(), held: traffic.bytes / MIB, size: traffic.size }];
      let requests = 0;
      let failures = 0;
      let next = SAMPLE_EVERY;
      await Promise.all(
        sim.devices.map(async (_, i) => {
          while (requests < REQUESTS) {
            const r = await sim.inform(i, ['2 PERIODIC']);
            if (!r.ok) failures++;
            // An Inform session is two requests: the Inform and the empty POST.
            requests += 2;
            if (requests >= next) {
              next += SAMPLE_EVERY;
              samples.push({ requests, rss: rss(), held: traffic.bytes / MIB, size: traffic.size });
            }
          }
        }),
      );
      for (const s of samples) {
        lines.push({
          name: `RSS after ${s.requests.toLocaleString('en')} requests`,
          value: s.rss,
          unit: 'MiB',
          note: `traffic held ${s.held.toFixed(0)} MiB in ${s.size.toLocaleString('en')} exchanges (bound ${acs.settings.get().trafficMemoryBytes / MIB} MiB)`,
        });
      }
      const half = samples.findIndex((s) => s.requests >= REQUESTS / 2);
      const last = samples.at(-1)!;
      lines.push({
        name: 'RSS growth, second half vs first half of the run',
        value: last.rss - samples[half].rss,
        unit: 'MiB',
        baseline: samples[half].rss - samples[0].rss,
        ratio: (last.rss - samples[half].rss) / Math.max(1, samples[half].rss - samples[0].rss),
        note: `a plateau is a ratio well under 1${failures > 0 ? `; ${failures} failed sessions` : ''}`,
      });
    } finally {
      await sim.stop();
      await close();
    }
  }
  return lines;
}
