import { describe, expect, it, vi } from 'vitest';
import { createTrafficStore } from '../../../src-renderer/src/state/traffic';
import type { Caller } from '../../../src-renderer/src/state/caller';
import type { ListedExchange } from '../../../src-shared/api/index';
import type { Exchange } from '../../../src-shared/traffic/exchange';
import { faultExchange, informExchange } from './fixtures';

const noApi: Caller = { call: () => Promise.reject(new Error('no api in this test')) };

describe('traffic slice', () => {
  it('loads a snapshot and derives rows, facets and items', () => {
    const s = createTrafficStore(noApi);
    s.getState().load([informExchange({ deviceId: 'A-1' }), informExchange({ deviceId: 'B-2', events: ['1 BOOT'] }), faultExchange('A-1')]);
    const st = s.getState();
    expect(st.rows).toHaveLength(3);
    expect(st.items).toHaveLength(3);
    expect(st.devices).toEqual(['A-1', 'B-2']);
    expect(st.rpcs).toContain('Fault');
    expect(st.eventCodes).toEqual(['1 BOOT', '2 PERIODIC']);
  });

  it('marks an exchange edited at a breakpoint, also when the list left the bodies out', () => {
    const plain = informExchange({ deviceId: 'A-1' });
    const edited = informExchange({ deviceId: 'A-1' });
    edited.original = { request: { body: { encoding: 'utf8', data: '', size: 120, omitted: true }, cwmp: { rpc: 'Inform', warnings: [] } } };
    const s = createTrafficStore(noApi);
    s.getState().load([plain, edited]);
    expect(s.getState().rows.map((r) => r.edited)).toEqual([undefined, 'request']);
  });

  it('free text matches parameter names and values inside bodies, not tag names', () => {
    const s = createTrafficStore(noApi);
    s.getState().load([
      informExchange({ params: [['Device.WiFi.SSID.1.SSID', 'Lab-Net']] }),
      informExchange({ params: [['Device.DeviceInfo.UpTime', '42']] }),
    ]);
    s.getState().setFilter({ text: 'lab-net' });
    expect(s.getState().visible.map((r) => r.id)).toEqual([s.getState().rows[0].id]);
    s.getState().setFilter({ text: 'wifi.ssid lab' });
    expect(s.getState().visible).toHaveLength(1);
    s.getState().setFilter({ text: 'ParameterValueStruct' });
    expect(s.getState().visible).toHaveLength(0);
    s.getState().resetFilter();
    expect(s.getState().visible).toHaveLength(2);
  });

  it('filters faults, warnings, device, rpc and event code', () => {
    const s = createTrafficStore(noApi);
    s.getState().load([informExchange({ deviceId: 'A-1' }), faultExchange('B-2'), informExchange({ deviceId: 'A-1', events: ['0 BOOTSTRAP'] })]);
    s.getState().setFilter({ faultsOnly: true });
    expect(s.getState().visible.map((r) => r.deviceId)).toEqual(['B-2']);
    s.getState().setFilter({ faultsOnly: false, warningsOnly: true });
    expect(s.getState().visible).toHaveLength(1);
    s.getState().setFilter({ warningsOnly: false, deviceId: 'A-1' });
    expect(s.getState().visible).toHaveLength(2);
    s.getState().setFilter({ eventCode: '0 BOOTSTRAP' });
    expect(s.getState().visible).toHaveLength(1);
    s.getState().setFilter({ deviceId: '', eventCode: '', rpc: 'Fault' });
    expect(s.getState().visible.map((r) => r.deviceId)).toEqual(['B-2']);
  });

  it('updates an exchange in place when it is published again at its end', () => {
    const s = createTrafficStore(noApi);
    const x = informExchange();
    const started = { ...x, response: undefined, cwmpResponse: undefined, finishedAt: undefined };
    s.getState().ingest([started]);
    expect(s.getState().rows[0].status).toBeUndefined();
    s.getState().ingest([informExchange(), x]);
    expect(s.getState().rows).toHaveLength(2);
    expect(s.getState().rows[0].status).toBe(200);
    expect(s.getState().rows[0].responseRpc).toBe('InformResponse');
    expect(s.getState().rpcs).toContain('InformResponse');
  });

  it('holds new exchanges while paused and applies them on resume', () => {
    const s = createTrafficStore(noApi);
    s.getState().setPaused(true);
    s.getState().ingest([informExchange(), informExchange()]);
    expect(s.getState().rows).toHaveLength(0);
    expect(s.getState().held).toBe(2);
    s.getState().setPaused(false);
    expect(s.getState().rows).toHaveLength(2);
    expect(s.getState().held).toBe(0);
  });

  it('keeps the live filter applied to new rows', () => {
    const s = createTrafficStore(noApi);
    s.getState().setFilter({ deviceId: 'B-2' });
    s.getState().ingest([informExchange({ deviceId: 'A-1' }), informExchange({ deviceId: 'B-2' })]);
    expect(s.getState().visible.map((r) => r.deviceId)).toEqual(['B-2']);
    expect(s.getState().rows).toHaveLength(2);
  });

  it('groups by session and collapses a group', () => {
    const s = createTrafficStore(noApi);
    s.getState().load([informExchange({ session: 'S1' }), informExchange({ session: 'S1' }), informExchange({ session: 'S2' })]);
    s.getState().setGrouping('session');
    expect(s.getState().items.map((i) => i.type)).toEqual(['group', 'row', 'row', 'group', 'row']);
    s.getState().toggleGroup('S1');
    expect(s.getState().items.map((i) => i.type)).toEqual(['group', 'group', 'row']);
    const head = s.getState().items[0];
    expect(head.type === 'group' && head.count).toBe(2);
    s.getState().ingest([informExchange({ session: 'S2' })]);
    expect(s.getState().items).toHaveLength(4);
  });

  it('fetches the detail of the selected exchange and ignores a stale answer', async () => {
    const x = informExchange();
    const call = vi.fn(async (_m: string, p: { id: string }) => ({ exchange: { ...x, id: p.id }, request: null, response: null }));
    const s = createTrafficStore({ call } as unknown as Caller);
    s.getState().load([x]);
    await s.getState().select(x.id);
    expect(call).toHaveBeenCalledWith('traffic/get', { id: x.id });
    expect(s.getState().detail?.data?.exchange.id).toBe(x.id);
    const first = s.getState().select('other');
    await s.getState().select(null);
    await first;
    expect(s.getState().detail).toBeNull();
  });

  it('pairs an ACS request with the CPE answer in the next exchange by cwmp:ID', () => {
    const s = createTrafficStore(noApi);
    const a = informExchange({ session: 'S' });
    const ask = { ...informExchange({ session: 'S' }), cwmpRequest: { rpc: null, warnings: [] }, cwmpResponse: { rpc: 'GetParameterValues', id: 'q1', warnings: [] } };
    const answer = { ...informExchange({ session: 'S' }), cwmpRequest: { rpc: 'GetParameterValuesResponse', id: 'q1', warnings: [] }, cwmpResponse: { rpc: null, warnings: [] } };
    const other = { ...informExchange({ session: 'T' }), cwmpRequest: { rpc: 'GetParameterValuesResponse', id: 'q1', warnings: [] } };
    s.getState().load([a, ask, other, answer]);
    expect(s.getState().pairOf(answer.id)).toMatchObject({ role: 'request', row: { id: ask.id } });
    expect(s.getState().pairOf(ask.id)).toMatchObject({ role: 'response', row: { id: answer.id } });
    expect(s.getState().pairOf(a.id)).toBeUndefined();
  });

  it('drops the oldest rows of a long live session and keeps ids and updates working', () => {
    const s = createTrafficStore(noApi, 100);
    const list = Array.from({ length: 130 }, () => informExchange());
    for (const x of list) s.getState().ingest([x]);
    expect(s.getState().rows.length).toBeLessThanOrEqual(125);
    expect(s.getState().rows[s.getState().rows.length - 1].id).toBe(list[129].id);
    expect(s.getState().rowById(list[0].id)).toBeUndefined();
    s.getState().ingest([{ ...list[129], response: { status: 500, statusText: 'x', headers: [], body: { encoding: 'utf8', data: '', size: 0 } } }]);
    expect(s.getState().rowById(list[129].id)?.status).toBe(500);
  });

  it('filters 10,000 rows by text', () => {
    const s = createTrafficStore(noApi);
    const list = Array.from({ length: 10_000 }, (_, i) => informExchange({ params: [['Device.X.Counter', `v${i}`]] }));
    s.getState().load(list);
    s.getState().setFilter({ text: 'v9999' });
    expect(s.getState().visible).toHaveLength(1);
    // v999 and v9990…v9999
    s.getState().setFilter({ text: 'v999' });
    expect(s.getState().visible).toHaveLength(11);
  });
});

/** What `traffic/list` with `bodies: false` sends: body bytes left out, the server's search text added. */
function listed(x: ReturnType<typeof informExchange>, searchText: string): ListedExchange {
  const omit = (b: { encoding: 'utf8' | 'base64'; size: number }) => ({ encoding: b.encoding, data: '', size: b.size, omitted: true });
  return { ...x, request: x.request && { ...x.request, body: omit(x.request.body) }, response: x.response && { ...x.response, body: omit(x.response.body) }, searchText };
}

describe('traffic slice with body-less exchanges', () => {
  it('filters by a parameter value through searchText alone', () => {
    const s = createTrafficStore(noApi);
    const a = informExchange();
    const b = informExchange();
    s.getState().load([listed(a, 'acme-box-001\ninform\ndevice.wifi.ssid.1.ssid lab-net'), listed(b, 'acme-box-001\ninform\ndevice.deviceinfo.uptime 42')]);
    s.getState().setFilter({ text: 'LAB-NET' });
    expect(s.getState().visible.map((r) => r.id)).toEqual([a.id]);
    s.getState().setFilter({ text: 'uptime 42' });
    expect(s.getState().visible.map((r) => r.id)).toEqual([b.id]);
    // The row's size still counts the omitted bodies.
    expect(s.getState().rows[0].size).toBe(a.request!.body.size);
  });

  it('asks for the body-less newest page and fetches a body only on selection', async () => {
    const x = informExchange({ params: [['Device.A', 'only-in-detail']] });
    const call = vi.fn(async (method: string, p: Record<string, unknown>) =>
      method === 'traffic/list' ? { exchanges: [listed(x, 'device.a only-in-detail')], total: 1 } : { exchange: { ...x, id: p.id }, request: null, response: null },
    );
    const s = createTrafficStore({ call } as unknown as Caller);
    expect(await s.getState().fetchNewest(50)).toBe(0);
    expect(call.mock.calls).toEqual([['traffic/list', { limit: 50, bodies: false }]]);
    await s.getState().select(x.id);
    expect(call.mock.calls[1]).toEqual(['traffic/get', { id: x.id }]);
    expect(s.getState().detail?.data?.exchange.request?.body.data).toContain('only-in-detail');
  });

  it('keeps no bodies for live exchanges held while paused', () => {
    const s = createTrafficStore(noApi);
    s.getState().setPaused(true);
    const x = informExchange({ params: [['Device.A', 'held-value']] });
    s.getState().ingest([x]);
    s.getState().setPaused(false);
    const row = s.getState().rows[0];
    expect(row.id).toBe(x.id);
    expect(Object.values(row).some((v) => typeof v === 'string' && v.includes('<cwmp:Inform>'))).toBe(false);
    s.getState().setFilter({ text: 'held-value' });
    expect(s.getState().visible).toHaveLength(1);
  });
});

/**
 * A stand-in for the main process's `traffic/list` and `traffic/get` that follows the contract in
 * `src-shared/api/traffic.ts` (newest page, `before` cursor, bodies left out with a search text), every
 * call recorded. The real store and handlers are tested in test/integration/server/traffic-handlers.test.ts;
 * the web project cannot import main-process code.
 */
function backed(count: number, make: (i: number) => ReturnType<typeof informExchange> = () => informExchange()): {
  all: Exchange[];
  calls: Array<{ method: string; params: Record<string, unknown> }>;
  api: Caller;
} {
  const all = Array.from({ length: count }, (_, i) => make(i));
  const text = (x: Exchange): string =>
    [x.deviceId, x.cwmpRequest?.rpc, x.cwmpResponse?.rpc, (x.request?.body.data ?? '').replace(/<[^>]*>/g, ' ')].join('\n').toLowerCase();
  const calls: Array<{ method: string; params: Record<string, unknown> }> = [];
  const api = {
    call: async (method: string, params: Record<string, unknown>) => {
      calls.push({ method, params });
      if (method === 'traffic/get') return { exchange: all.find((x) => x.id === params.id), request: { ok: true, message: {} }, response: null };
      const before = typeof params.before === 'string' ? all.findIndex((x) => x.id === params.before) : all.length;
      const selected = all.slice(0, Math.max(0, before));
      const page = selected.slice(-(params.limit as number));
      return JSON.parse(JSON.stringify({ exchanges: params.bodies === false ? page.map((x) => listed(x, text(x))) : page, total: selected.length }));
    },
  } as unknown as Caller;
  return { all, calls, api };
}

describe('traffic slice paging through the body-less list', () => {
  it('loads the newest page without bodies, then pages history in before the rows held', async () => {
    const { all, calls, api } = backed(23);
    const ids = all.map((x) => x.id);
    const s = createTrafficStore(api);
    const older = await s.getState().fetchNewest(5);
    expect(older).toBe(18);
    expect(calls[0]).toEqual({ method: 'traffic/list', params: { limit: 5, bodies: false } });
    expect(s.getState().rows.map((r) => r.id)).toEqual(ids.slice(18));
    expect(s.getState().backfill).toBe(18);
    await s.getState().fetchOlder(7);
    expect(s.getState().rows.map((r) => r.id)).toEqual(ids);
    expect(s.getState().backfill).toBe(0);
    expect(calls.slice(1).map((c) => c.params)).toEqual([
      { limit: 7, before: ids[18], bodies: false },
      { limit: 7, before: ids[11], bodies: false },
      { limit: 7, before: ids[4], bodies: false },
    ]);
    // Arrival order survives the prepending: seq ascends from the oldest.
    const seqs = s.getState().rows.map((r) => r.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(seqs.length);
    // No call fetched a body.
    expect(calls.every((c) => c.params.bodies === false)).toBe(true);
  });

  it('stops at the row cap, and when a clear or a new load begins mid-way', async () => {
    const { api } = backed(40);
    const s = createTrafficStore(api);
    await s.getState().fetchNewest(5);
    await s.getState().fetchOlder(10, 22);
    expect(s.getState().rows).toHaveLength(22);

    const t = createTrafficStore(api);
    await t.getState().fetchNewest(5);
    const running = t.getState().fetchOlder(5);
    t.getState().clear();
    await running;
    expect(t.getState().rows).toHaveLength(0);
    expect(t.getState().backfill).toBe(0);
  });

  it('keeps a live update that arrived before its history page', async () => {
    const { all, api } = backed(10);
    const s = createTrafficStore(api);
    await s.getState().fetchNewest(3);
    const oldest = all[0];
    // A late update of an old exchange arrives live (with a 500) before the page that holds it.
    s.getState().ingest([{ ...oldest, response: { status: 500, statusText: 'x', headers: [], body: { encoding: 'utf8', data: '', size: 0 } } }]);
    await s.getState().fetchOlder(4);
    expect(s.getState().rows).toHaveLength(10);
    expect(s.getState().rowById(oldest.id)?.status).toBe(500);
  });

  it('finds a parameter value through the server search text, with no body in the renderer', async () => {
    const { api } = backed(300, (i) => informExchange({ params: [['Device.WiFi.SSID.1.SSID', `net-${i}`], ['Device.DeviceInfo.UpTime', String(i * 7)]] }));
    const s = createTrafficStore(api);
    await s.getState().fetchNewest(100);
    await s.getState().fetchOlder(100);
    expect(s.getState().rows).toHaveLength(300);
    s.getState().setFilter({ text: 'NET-123' });
    expect(s.getState().visible).toHaveLength(1);
    s.getState().setFilter({ text: 'wifi.ssid.1.ssid net-12' });
    // net-12 and net-120 … net-129
    expect(s.getState().visible).toHaveLength(11);
    s.getState().setFilter({ text: 'uptime 2093' });
    expect(s.getState().visible).toHaveLength(1);
    // Tag names are not in the text: a search for them matches nothing.
    s.getState().setFilter({ text: 'ParameterValueStruct' });
    expect(s.getState().visible).toHaveLength(0);
  });

  it('fetches the bodies only when an exchange is selected', async () => {
    const { calls, api } = backed(5);
    const s = createTrafficStore(api);
    await s.getState().fetchNewest(5);
    expect(calls.filter((c) => c.method === 'traffic/get')).toHaveLength(0);
    const id = s.getState().rows[2].id;
    await s.getState().select(id);
    expect(calls.filter((c) => c.method === 'traffic/get')).toEqual([{ method: 'traffic/get', params: { id } }]);
    const detail = s.getState().detail?.data;
    expect(detail?.exchange.request?.body.data).toContain('<cwmp:Inform>');
    expect(detail?.exchange.request?.body.omitted).toBeUndefined();
    expect(detail?.request).toMatchObject({ ok: true });
  });
});
