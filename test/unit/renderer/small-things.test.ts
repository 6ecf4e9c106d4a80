import { describe, expect, it } from 'vitest';
import { deviceSessions } from '../../../src-renderer/src/features/bench/session-groups';
import { altKey, isMac, modKey } from '../../../src-renderer/src/lib/keys';
import { createDevicesStore } from '../../../src-renderer/src/state/devices';
import type { Caller } from '../../../src-renderer/src/state/caller';
import type { TrafficRow } from '../../../src-renderer/src/state/traffic-rows';

function row(seq: number, groupKey: string, deviceId: string, requestRpc: string | null, extra: Partial<TrafficRow> = {}): TrafficRow {
  return { id: `x${seq}`, seq, kind: 'cwmp', source: 'acs', startedAt: 1000 + seq, deviceId, groupKey, direction: 'cpe->acs', requestRpc, responseRpc: null, size: 1, events: [], warnings: 0, key: '', ...extra } as TrafficRow;
}

describe('device sessions tab', () => {
  it('groups exchanges by session, newest session first, Inform first inside', () => {
    const rows = [
      row(1, 's1', 'd1', 'Inform', { events: ['1 BOOT'] }),
      row(2, 's1', 'd1', null),
      row(3, 's2', 'd2', 'Inform'),
      row(4, 's3', 'd1', 'Inform', { events: ['6 CONNECTION REQUEST'] }),
      row(5, 's3', 'd1', 'GetParameterValuesResponse', { faultCode: 9005 }),
    ];
    const groups = deviceSessions(rows, 'd1');
    expect(groups.map((g) => g.key)).toEqual(['s3', 's1']);
    expect(groups[0].rows.map((r) => r.seq)).toEqual([4, 5]);
    expect(groups[0]).toMatchObject({ startedAt: 1004, faults: 1, events: ['6 CONNECTION REQUEST'] });
    expect(groups[1].events).toEqual(['1 BOOT']);
  });

  it('keeps only the latest exchanges', () => {
    const rows = Array.from({ length: 10 }, (_, i) => row(i, `s${Math.floor(i / 4)}`, 'd1', 'Inform'));
    const groups = deviceSessions(rows, 'd1', 5);
    expect(groups.reduce((n, g) => n + g.rows.length, 0)).toBe(5);
    expect(groups.map((g) => g.key)).toEqual(['s2', 's1']);
  });
});

describe('keyboard hints', () => {
  it('use Alt/Ctrl on Linux and Windows, ⌥/⌘ on macOS', () => {
    expect(isMac('Linux x86_64')).toBe(false);
    expect(isMac('Win32')).toBe(false);
    expect(isMac('MacIntel')).toBe(true);
    expect(altKey('1', false)).toBe('Alt+1');
    expect(altKey('1', true)).toBe('⌥1');
    expect(modKey('Enter', false)).toBe('Ctrl+Enter');
    expect(modKey('Enter', true)).toBe('⌘↩');
  });
});

describe('connection request banner', () => {
  it('is forgotten when dismissed', async () => {
    const api = { call: async () => ({ outcome: 'reached', message: 'HTTP 200' }) } as unknown as Caller;
    const s = createDevicesStore(api);
    await s.getState().connectionRequest('d1');
    expect(s.getState().lastConnectionRequest.d1?.outcome).toBe('reached');
    s.getState().dismissConnectionRequest('d1');
    expect(s.getState().lastConnectionRequest.d1).toBeUndefined();
  });
});
