import { describe, expect, it } from 'vitest';
import { TrafficStore, type TrafficListOptions } from '../../../src-main/traffic/traffic-store';
import type { Exchange } from '../../../src-shared/traffic/exchange';

function x(id: string, deviceId?: string): Exchange {
  return {
    id,
    kind: 'cwmp',
    source: 'acs',
    startedAt: 1,
    connection: { remoteAddress: '127.0.0.1', remotePort: 1, localAddress: '127.0.0.1', localPort: 2 },
    ...(deviceId ? { deviceId } : {}),
  } as Exchange;
}

/** The straightforward definition: every held exchange in arrival order, cut by cursors, device, limit. */
class Reference {
  private held: Exchange[] = [];
  constructor(private readonly capacity: number) {}
  record(e: Exchange): void {
    const at = this.held.findIndex((h) => h.id === e.id);
    if (at >= 0) this.held[at] = e;
    else this.held.push(e);
    if (this.held.length > this.capacity) this.held.shift();
  }
  clear(): void {
    this.held = [];
  }
  list(o: TrafficListOptions): { ids: string[]; total: number } {
    const pos = (id: string): number => this.held.findIndex((h) => h.id === id);
    let from = 0;
    let to = this.held.length;
    if (o.after !== undefined && pos(o.after) >= 0) from = pos(o.after) + 1;
    if (o.before !== undefined) to = Math.max(pos(o.before), 0);
    let sel = from < to ? this.held.slice(from, to) : [];
    if (o.deviceId) sel = sel.filter((e) => e.deviceId === o.deviceId);
    const limit = o.limit ?? 1000;
    const page = o.after !== undefined && o.before === undefined ? sel.slice(0, limit) : sel.slice(-limit);
    return { ids: page.map((e) => e.id), total: sel.length };
  }
}

/** Small deterministic PRNG (mulberry32), so a failure replays. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('TrafficStore.list paging (device index and positional cursors)', () => {
  it('matches the straightforward definition under records, updates, device changes, eviction and clears', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const rand = rng(seed);
      const capacity = 20 + Math.floor(rand() * 40);
      const store = new TrafficStore(undefined, capacity);
      const ref = new Reference(capacity);
      const devices = ['A', 'B', 'C', undefined];
      const pick = <T>(a: T[]): T => a[Math.floor(rand() * a.length)];
      let n = 0;
      const seen: string[] = [];
      for (let step = 0; step < 4000; step++) {
        const r = rand();
        if (r < 0.55 || seen.length === 0) {
          const e = x(`e${n++}`, pick(devices));
          seen.push(e.id);
          store.record(e);
          ref.record(e);
        } else if (r < 0.7) {
          // An update at an exchange's end, maybe learning (or changing) its device; evicted ids come back new.
          const e = x(pick(seen), pick(devices));
          store.record(e);
          ref.record(e);
        } else if (r < 0.705) {
          store.clear();
          ref.clear();
        } else {
          const cursor = (): string => (rand() < 0.1 ? 'unknown' : pick(seen));
          const o: TrafficListOptions = {};
          if (rand() < 0.5) o.deviceId = pick(['A', 'B', 'C', 'Z']);
          if (rand() < 0.4) o.after = cursor();
          if (rand() < 0.4) o.before = cursor();
          if (rand() < 0.7) o.limit = 1 + Math.floor(rand() * 15);
          const got = store.list(o);
          const want = ref.list(o);
          expect({ o, ids: got.exchanges.map((e) => e.id), total: got.total }).toEqual({ o, ...want });
        }
      }
    }
  });

  it("pages one device back with before through other devices' cursors, each exchange once", () => {
    const store = new TrafficStore();
    for (let i = 0; i < 30; i++) store.record(x(`x${i}`, i % 3 === 0 ? 'D' : 'E'));
    let page = store.list({ deviceId: 'D', limit: 4, before: 'x29' });
    const ids = [...page.exchanges.map((e) => e.id)];
    while (page.total > page.exchanges.length) {
      page = store.list({ deviceId: 'D', limit: 4, before: page.exchanges[0].id });
      ids.unshift(...page.exchanges.map((e) => e.id));
    }
    expect(ids).toEqual(Array.from({ length: 10 }, (_, i) => `x${i * 3}`));
    expect(store.list({ deviceId: 'D', after: 'x10', limit: 2 }).exchanges.map((e) => e.id)).toEqual(['x12', 'x15']);
    expect(store.list({ deviceId: 'D', after: 'x10', limit: 2 }).total).toBe(6);
  });
});
