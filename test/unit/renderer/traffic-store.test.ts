import { describe, expect, it, vi } from 'vitest';
import { createTrafficStore } from '../../../src-renderer/src/state/traffic';
import type { Caller } from '../../../src-renderer/src/state/caller';
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
