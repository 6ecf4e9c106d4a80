import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAFFIC_MEMORY_BYTES, entryBytes, TrafficStore } from '../../../src-main/traffic/traffic-store';
import type { Exchange } from '../../../src-shared/traffic/exchange';

const MIB = 1024 * 1024;

/** An exchange with a `size`-character request body (and a small response once finished). */
function x(id: string, size: number, finished = true, deviceId = 'D'): Exchange {
  const base: Exchange = {
    id,
    kind: 'cwmp',
    source: 'acs',
    startedAt: 1,
    deviceId,
    connection: { id: 'c', remoteAddress: '127.0.0.1', remotePort: 1, localAddress: '127.0.0.1', localPort: 2 },
    request: { method: 'POST', url: '/', httpVersion: '1.1', headers: [['Content-Type', 'text/xml']], body: { encoding: 'utf8', data: `<a>${'v'.repeat(size)}</a>`, size: size + 7 } },
  };
  if (!finished) return base;
  return { ...base, finishedAt: 2, response: { status: 200, statusText: 'OK', headers: [], body: { encoding: 'utf8', data: '<ok/>', size: 5 } } };
}

describe('TrafficStore: bounded by bytes', () => {
  it('keeps the newest exchanges that fit in maxBytes, the oldest going first, however many there are', () => {
    const store = new TrafficStore(undefined, 1_000_000, 2 * MIB);
    for (let i = 0; i < 2000; i++) store.record(x(`e${i}`, 10_000));
    expect(store.bytes).toBeLessThanOrEqual(2 * MIB);
    // 2,000 × ~20 KB (body and its search text) is ~40 MB: only about a twentieth fits.
    expect(store.size).toBeLessThan(200);
    expect(store.size).toBeGreaterThan(50);
    const kept = store.list({ limit: 10_000 }).exchanges.map((e) => e.id);
    expect(kept.at(-1)).toBe('e1999');
    expect(kept[0]).toBe(`e${2000 - store.size}`);
    expect(store.get('e0')).toBeUndefined();
    // The device index follows the eviction.
    expect(store.list({ deviceId: 'D', limit: 10_000 }).total).toBe(store.size);
  });

  it('counts an exchange once across its start and end records, and frees it on eviction and clear', () => {
    const store = new TrafficStore(undefined, 1_000_000, 100 * MIB);
    let expected = 0;
    for (let i = 0; i < 50; i++) {
      store.record(x(`s${i}`, 5_000, false));
      const done = x(`s${i}`, 5_000);
      store.record(done);
      expected += entryBytes(done, store.searchText(`s${i}`)!);
    }
    expect(store.bytes).toBe(expected);
    store.setMaxBytes(expected / 2);
    expect(store.bytes).toBeLessThanOrEqual(expected / 2);
    expect(store.get('s49')).toBeDefined();
    expect(store.get('s0')).toBeUndefined();
    store.clear();
    expect(store.bytes).toBe(0);
  });

  it('still bounds the count, and keeps the newest exchange even when it alone is over the bound', () => {
    const counted = new TrafficStore(undefined, 5);
    for (let i = 0; i < 20; i++) counted.record(x(`c${i}`, 10));
    expect(counted.size).toBe(5);
    const tiny = new TrafficStore(undefined, 1000, 1000);
    tiny.record(x('big1', 50_000));
    tiny.record(x('big2', 50_000));
    expect(tiny.list().exchanges.map((e) => e.id)).toEqual(['big2']);
  });

  it('defaults to 256 MiB', () => {
    expect(DEFAULT_TRAFFIC_MEMORY_BYTES).toBe(256 * MIB);
  });
});
