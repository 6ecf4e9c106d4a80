import { describe, expect, it } from 'vitest';
import { TrafficStore } from '../../../src-main/traffic/traffic-store';
import type { Exchange } from '../../../src-shared/traffic/exchange';

function x(id: string, deviceId?: string, finished = true): Exchange {
  return {
    id,
    kind: 'cwmp',
    source: 'proxy',
    startedAt: 1,
    ...(finished ? { finishedAt: 2 } : {}),
    connection: { remoteAddress: '127.0.0.1', remotePort: 1, localAddress: '127.0.0.1', localPort: 2 },
    ...(deviceId ? { deviceId } : {}),
  } as Exchange;
}

describe('TrafficStore.deviceHistory', () => {
  it('follows arrival order, skips other devices, and bounds the history', () => {
    const store = new TrafficStore();
    for (let i = 0; i < 10; i++) store.record(x(`a${i}`, 'A'));
    for (let i = 0; i < 5; i++) store.record(x(`b${i}`, 'B'));
    expect(store.deviceHistory('a9', 3).map((e) => e.id)).toEqual(['a6', 'a7', 'a8', 'a9']);
    expect(store.deviceHistory('a1', 100).map((e) => e.id)).toEqual(['a0', 'a1']);
    expect(store.deviceHistory('b2', 100).map((e) => e.id)).toEqual(['b0', 'b1', 'b2']);
    store.record(x('none'));
    expect(store.deviceHistory('none', 5).map((e) => e.id)).toEqual(['none']);
  });

  it('places an exchange whose device is learnt at its end at its arrival place', () => {
    const store = new TrafficStore();
    store.record(x('p1', 'D'));
    store.record(x('p2', undefined, false));
    store.record(x('p3', 'D'));
    store.record(x('p2', 'D'));
    expect(store.deviceHistory('p3', 10).map((e) => e.id)).toEqual(['p1', 'p2', 'p3']);
    expect(store.deviceHistory('p2', 10).map((e) => e.id)).toEqual(['p1', 'p2']);
  });

  it('forgets evicted exchanges and is cleared with the store', () => {
    const store = new TrafficStore(undefined, 5);
    for (let i = 0; i < 12; i++) store.record(x(`e${i}`, 'E'));
    expect(store.deviceHistory('e11', 100).map((e) => e.id)).toEqual(['e7', 'e8', 'e9', 'e10', 'e11']);
    store.clear();
    expect(store.deviceHistory('e11', 100)).toEqual([]);
  });
});
